import {
  addDense,
  type DenseParams,
  layerNorm,
  type ParamStore,
  type Rng,
  tf,
} from '@synthctr/runtime';
import { denseLayer } from './dense.js';
import { dropoutMask } from './dropout.js';
import type { ForwardContext } from './mlp.js';

/** The shape of a MaskNet mask block. */
export interface MaskBlockSpec {
  /** Width of V_emb, the flattened field embeddings the mask is computed from. */
  inputDim: number;
  /** Width of the vector being masked. */
  hiddenDim: number;
  /** Width of the block's output. */
  outputDim: number;
  /** The mask's hidden layer is floor(hiddenDim x ratio) wide. */
  reductionRatio: number;
  layerNorm: boolean;
  dropout: number;
}

/** The parameters of one mask block. */
export interface MaskBlockParams {
  maskHidden: DenseParams;
  maskOut: DenseParams;
  hidden: DenseParams;
  norm: { gamma: tf.Variable; beta: tf.Variable } | null;
  dropout: number;
}

/**
 * Registers a MaskBlock (FuxiCTR v1.2.1): the instance-guided mask
 * Linear(inputDim -> floor(hiddenDim x ratio)) -> ReLU -> Linear(-> hiddenDim), then
 * Linear without bias (-> outputDim) -> LayerNorm -> ReLU -> Dropout on the masked vector.
 */
export function addMaskBlock(
  store: ParamStore,
  name: string,
  rng: Rng,
  spec: MaskBlockSpec,
): MaskBlockParams {
  const reduced = Math.floor(spec.hiddenDim * spec.reductionRatio);
  return {
    maskHidden: addDense(store, `${name}.mask.0`, rng, spec.inputDim, reduced),
    maskOut: addDense(store, `${name}.mask.1`, rng, reduced, spec.hiddenDim),
    hidden: addDense(store, `${name}.hidden`, rng, spec.hiddenDim, spec.outputDim, { bias: false }),
    norm: spec.layerNorm
      ? {
          gamma: store.add(`${name}.norm.gamma`, tf.ones([spec.outputDim])),
          beta: store.add(`${name}.norm.beta`, tf.zeros([spec.outputDim])),
        }
      : null,
    dropout: spec.dropout,
  };
}

/** The block's output: V_hidden masked by a function of V_emb, projected and normalised. */
export function maskBlock(
  p: MaskBlockParams,
  vEmb: tf.Tensor2D,
  vHidden: tf.Tensor2D,
  ctx: ForwardContext,
): tf.Tensor2D {
  const reduced = denseLayer(vEmb, p.maskHidden, 'relu', ctx.training);
  const m = denseLayer(reduced, p.maskOut, 'linear', ctx.training);
  let h: tf.Tensor2D = tf.matMul(tf.mul(m, vHidden) as tf.Tensor2D, p.hidden.kernel as tf.Tensor2D);
  if (p.norm) h = layerNorm(h, p.norm.gamma, p.norm.beta);
  h = tf.relu(h);
  if (!ctx.training || p.dropout === 0) return h;
  const [rows, cols] = h.shape;
  return tf.mul(h, dropoutMask(ctx.rng, [rows, cols], p.dropout)) as tf.Tensor2D;
}

/** A final Linear to one logit per row. */
export function logitLayer(p: DenseParams, x: tf.Tensor2D, training: boolean): tf.Tensor1D {
  return tf.reshape(denseLayer(x, p, 'linear', training), [x.shape[0]]);
}
