import { type ParamStore, type Rng, tf } from '@synthctr/runtime';
import { addFeatureEmbedding, embed, flatten } from '../blocks/embedding.js';
import { addMlp, mlp } from '../blocks/mlp.js';
import { type CtrNetwork, type NetworkSpec, towerSpec } from './network.js';

/** DNN (FuxiCTR DNN): field embeddings, flattened, through an MLP tower to one logit. */
export function buildDnn(spec: NetworkSpec, store: ParamStore, rng: Rng): CtrNetwork {
  const o = spec.options;
  const embedding = addFeatureEmbedding(store, 'embedding', rng, spec.fieldSizes, o.embeddingDim);
  const tower = addMlp(store, 'dnn', rng, towerSpec(o, spec.fieldSizes.length * o.embeddingDim));
  return {
    kind: 'dnn',
    store,
    embeddingVars: [embedding.table],
    logits: (ids, ctx) => {
      const out = mlp(tower, flatten(embed(embedding, ids)), ctx);
      return tf.reshape(out, [ids.shape[0]]);
    },
  };
}
