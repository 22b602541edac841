import {
  addBatchNorm,
  addDense,
  type BatchNormParams,
  type DenseParams,
  type ParamStore,
  type Rng,
  tf,
} from '@synthctr/runtime';
import { batchNormReluEval, batchNormReluTrain } from './batch-norm-relu.js';
import { denseLayer } from './dense.js';
import { dropoutMask } from './dropout.js';

/** What a forward pass needs besides the inputs. */
export interface ForwardContext {
  /** Training mode: batch statistics, dropout on. */
  training: boolean;
  /** The stream dropout masks are drawn from. */
  rng: Rng;
}

/** The shape of an MLP block (FuxiCTR's MLP_Block / MLP_Layer). */
export interface MlpSpec {
  inputDim: number;
  hiddenUnits: readonly number[];
  batchNorm: boolean;
  dropout: number;
  /** A final Linear to this width (no activation), or null for none. */
  outputDim: number | null;
}

/** One hidden layer: Linear, optional BatchNorm, ReLU, dropout. */
export interface MlpLayer {
  dense: DenseParams;
  bn: BatchNormParams | null;
}

/** The parameters of an MLP block. */
export interface MlpParams {
  layers: MlpLayer[];
  output: DenseParams | null;
  dropout: number;
}

/**
 * Registers an MLP block: per hidden layer Linear (Xavier normal, zero bias) -> BatchNorm ->
 * ReLU -> Dropout, then an optional output Linear.
 *
 * Porting note: a Linear followed by BatchNorm gets no bias here. FuxiCTR keeps one, but the
 * batch mean removes it exactly in training and the running mean absorbs it in evaluation,
 * so it never changes an output (its gradient is float noise).
 */
export function addMlp(store: ParamStore, name: string, rng: Rng, spec: MlpSpec): MlpParams {
  let width = spec.inputDim;
  const layers = spec.hiddenUnits.map((units, i) => {
    const layer: MlpLayer = {
      dense: addDense(store, `${name}.${i}`, rng, width, units, { bias: !spec.batchNorm }),
      bn: spec.batchNorm ? addBatchNorm(store, `${name}.${i}.bn`, units) : null,
    };
    width = units;
    return layer;
  });
  const output =
    spec.outputDim === null ? null : addDense(store, `${name}.out`, rng, width, spec.outputDim);
  return { layers, output, dropout: spec.dropout };
}

/** The block's output for input rows x. */
export function mlp(p: MlpParams, x: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
  let h = x;
  for (const layer of p.layers) h = hiddenLayer(layer, h, p.dropout, ctx);
  return p.output ? denseLayer(h, p.output, 'linear', ctx.training) : h;
}

function hiddenLayer(
  layer: MlpLayer,
  x: tf.Tensor2D,
  rate: number,
  ctx: ForwardContext,
): tf.Tensor2D {
  const n = x.shape[0];
  const units = layer.dense.kernel.shape[1] as number;
  const kernel = layer.dense.kernel as tf.Tensor2D;
  const mask = ctx.training && rate > 0 ? dropoutMask(ctx.rng, [n, units], rate) : null;
  // A training batch of one row has no variance: it uses the running statistics.
  if (layer.bn && ctx.training && n > 1) {
    return batchNormReluTrain(tf.matMul(x, kernel) as tf.Tensor2D, layer.bn, mask);
  }
  if (layer.bn) {
    const y = batchNormReluEval(x, kernel, layer.bn);
    return mask ? (tf.mul(y, mask) as tf.Tensor2D) : y;
  }
  return denseLayer(x, layer.dense, 'relu', ctx.training, mask);
}
