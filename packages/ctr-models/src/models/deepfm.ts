import { type ParamStore, type Rng, tf } from '@synthctr/runtime';
import { addFeatureEmbedding, embed, flatten } from '../blocks/embedding.js';
import { firstOrder, fmPairwise } from '../blocks/fm.js';
import { addMlp, mlp } from '../blocks/mlp.js';
import { type CtrNetwork, type NetworkSpec, towerSpec } from './network.js';

/**
 * DeepFM (FuxiCTR v1.1.0 DeepFM): a first-order term (1-d field weights, no bias), the
 * pairwise FM term on the shared embeddings and an MLP tower on the same embeddings; the
 * three logits are summed. Both tables count as embeddings for the regularizer.
 */
export function buildDeepFm(spec: NetworkSpec, store: ParamStore, rng: Rng): CtrNetwork {
  const o = spec.options;
  const embedding = addFeatureEmbedding(store, 'embedding', rng, spec.fieldSizes, o.embeddingDim);
  const weights = addFeatureEmbedding(store, 'lr', rng, spec.fieldSizes, 1);
  const tower = addMlp(store, 'dnn', rng, towerSpec(o, spec.fieldSizes.length * o.embeddingDim));
  return {
    kind: 'deepfm',
    store,
    embeddingVars: [embedding.table, weights.table],
    logits: (ids, ctx) => {
      const emb = embed(embedding, ids);
      const deep = tf.reshape(mlp(tower, flatten(emb), ctx), [ids.shape[0]]);
      return tf.addN([firstOrder(weights, ids), fmPairwise(emb), deep]) as tf.Tensor1D;
    },
  };
}
