import { addDense, layerNorm, type ParamStore, type Rng, tf } from '@synthctr/runtime';
import { addFeatureEmbedding, embed, flatten } from '../blocks/embedding.js';
import { addMaskBlock, logitLayer, maskBlock } from '../blocks/mask-block.js';
import { addMlp, type ForwardContext, mlp } from '../blocks/mlp.js';
import { type CtrNetwork, type NetworkSpec, towerSpec } from './network.js';

/** The part after the embeddings: (V_emb, V_hidden) to logits. */
type Body = (vEmb: tf.Tensor2D, vHidden: tf.Tensor2D, ctx: ForwardContext) => tf.Tensor1D;

/**
 * MaskNet (FuxiCTR v1.2.1). V_emb is the flattened field embeddings; V_hidden is the same,
 * or each field's embedding layer-normalised when embLayerNorm is on. Parallel: several mask
 * blocks on (V_emb, V_hidden), concatenated, then an MLP to one logit. Serial: blocks chained
 * over the hidden widths, each masking the previous output, then a Linear to one logit.
 */
export function buildMaskNet(spec: NetworkSpec, store: ParamStore, rng: Rng): CtrNetwork {
  const o = spec.options;
  const fields = spec.fieldSizes.length;
  const embedding = addFeatureEmbedding(store, 'embedding', rng, spec.fieldSizes, o.embeddingDim);
  const fieldNorm = o.embLayerNorm
    ? {
        gamma: store.add('embedding.norm.gamma', tf.ones([fields, o.embeddingDim])),
        beta: store.add('embedding.norm.beta', tf.zeros([fields, o.embeddingDim])),
      }
    : null;
  const body =
    o.maskNetType === 'parallel' ? parallelBody(spec, store, rng) : serialBody(spec, store, rng);
  return {
    kind: 'masknet',
    store,
    embeddingVars: [embedding.table],
    logits: (ids, ctx) => {
      const emb = embed(embedding, ids);
      const hidden = fieldNorm ? perFieldLayerNorm(emb, fieldNorm.gamma, fieldNorm.beta) : emb;
      return body(flatten(emb), flatten(hidden), ctx);
    },
  };
}

function parallelBody(spec: NetworkSpec, store: ParamStore, rng: Rng): Body {
  const o = spec.options;
  const inputDim = spec.fieldSizes.length * o.embeddingDim;
  const blocks = Array.from({ length: o.parallelNumBlocks }, (_, i) =>
    addMaskBlock(store, `masknet.block${i}`, rng, {
      inputDim,
      hiddenDim: inputDim,
      outputDim: o.parallelBlockDim,
      reductionRatio: o.reductionRatio,
      layerNorm: o.netLayerNorm,
      dropout: o.netDropout,
    }),
  );
  const tower = addMlp(
    store,
    'masknet.dnn',
    rng,
    towerSpec(o, o.parallelBlockDim * o.parallelNumBlocks),
  );
  return (vEmb, vHidden, ctx) => {
    const outs = blocks.map((b) => maskBlock(b, vEmb, vHidden, ctx));
    const joined = outs.length === 1 ? outs[0] : (tf.concat(outs, 1) as tf.Tensor2D);
    return tf.reshape(mlp(tower, joined, ctx), [vEmb.shape[0]]);
  };
}

function serialBody(spec: NetworkSpec, store: ParamStore, rng: Rng): Body {
  const o = spec.options;
  const inputDim = spec.fieldSizes.length * o.embeddingDim;
  const widths = [inputDim, ...o.hiddenUnits];
  const blocks = widths.slice(1).map((outputDim, i) =>
    addMaskBlock(store, `masknet.block${i}`, rng, {
      inputDim,
      hiddenDim: widths[i],
      outputDim,
      reductionRatio: o.reductionRatio,
      layerNorm: o.netLayerNorm,
      dropout: o.netDropout,
    }),
  );
  const head = addDense(store, 'masknet.out', rng, widths[widths.length - 1], 1);
  return (vEmb, vHidden, ctx) => {
    let v = vHidden;
    for (const b of blocks) v = maskBlock(b, vEmb, v, ctx);
    return logitLayer(head, v, ctx.training);
  };
}

/**
 * LayerNorm over each field's embedding, with its own gain and bias per field ([F, D]): the
 * runtime's layerNorm normalises the last axis of a tensor of any rank, broadcasting gamma.
 */
function perFieldLayerNorm(emb: tf.Tensor3D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor3D {
  return layerNorm(emb, gamma, beta);
}
