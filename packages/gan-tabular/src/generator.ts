import {
  addBatchNorm,
  type BatchNormParams,
  batchNorm,
  gatherRows,
  init,
  ParamStore,
  type Rng,
  tf,
} from '@synthctr/runtime';
import { gatherRowsSum, rowRefs } from './kernels.js';

/** One residual block: Linear (dense inputs + conditional rows) -> BatchNorm -> ReLU. */
interface ResidualBlock {
  kernel: tf.Variable;
  cond: tf.Variable | null;
  bias: tf.Variable;
  bn: BatchNormParams;
}

/**
 * CTGAN's generator. Its input is z and the one-hot conditional vector; each residual block's
 * output is concatenated in front of its input, and a last Linear maps to the data width.
 * Every Linear is stored as a kernel over the dense inputs plus a table of rows for the
 * conditional vector, an exact re-parameterisation of the reference's single kernel: with one
 * active bit per row, that part of the product is one table row per row.
 */
export class Generator {
  readonly store = new ParamStore();
  private readonly blocks: ResidualBlock[] = [];
  readonly outKernel: tf.Variable;
  readonly outCond: tf.Variable | null;
  readonly outBias: tf.Variable;

  constructor(
    readonly embeddingDim: number,
    dims: readonly number[],
    readonly condWidth: number,
    readonly dataWidth: number,
    rng: Rng,
  ) {
    let dense = embeddingDim;
    dims.forEach((o, i) => {
      const fanIn = dense + condWidth;
      this.blocks.push({
        kernel: this.store.add(`block${i}.kernel`, init.torchLinear(rng, fanIn, [dense, o])),
        cond:
          condWidth > 0
            ? this.store.add(`block${i}.cond`, init.torchLinear(rng, fanIn, [condWidth, o]))
            : null,
        bias: this.store.add(`block${i}.bias`, init.torchLinear(rng, fanIn, [o])),
        bn: addBatchNorm(this.store, `block${i}.bn`, o),
      });
      dense += o;
    });
    const fanIn = dense + condWidth;
    this.outKernel = this.store.add('out.kernel', init.torchLinear(rng, fanIn, [dense, dataWidth]));
    this.outCond =
      condWidth > 0
        ? this.store.add('out.cond', init.torchLinear(rng, fanIn, [condWidth, dataWidth]))
        : null;
    this.outBias = this.store.add('out.bias', init.torchLinear(rng, fanIn, [dataWidth]));
  }

  /** Width of the last layer's dense input (the blocks' outputs and z). */
  get denseWidth(): number {
    return this.outKernel.shape[0];
  }

  /** The variables trained by the residual blocks' backward pass (not the last layer). */
  blockVariables(): tf.Variable[] {
    return this.blocks.flatMap((b) => [
      b.kernel,
      ...(b.cond ? [b.cond] : []),
      b.bias,
      b.bn.gamma,
      b.bn.beta,
    ]);
  }

  /**
   * The last layer's dense input H = [h_L, ..., h_1, z] for a batch: `condIndex` is the active
   * conditional position of each row (null without a conditional vector). Batch norm uses the
   * batch statistics when `training`, and moves the running ones when `updateStats`.
   */
  hidden(
    z: tf.Tensor2D,
    condIndex: tf.Tensor1D | null,
    training: boolean,
    updateStats: boolean,
  ): tf.Tensor2D {
    let dense = z;
    for (const b of this.blocks) {
      let pre = tf.add(tf.matMul(dense, b.kernel as tf.Tensor2D), b.bias) as tf.Tensor2D;
      if (b.cond && condIndex)
        pre = tf.add(pre, gatherRows(b.cond as tf.Tensor2D, condIndex)) as tf.Tensor2D;
      const h = tf.relu(batchNorm(pre, b.bn, training, updateStats)) as tf.Tensor2D;
      dense = tf.concat([h, dense], 1);
    }
    return dense;
  }

  /** The raw output (pre-activation) of the last layer from H and the conditional positions. */
  output(h: tf.Tensor2D, condPositions: Int32Array | null): tf.Tensor2D {
    const y = tf.add(tf.matMul(h, this.outKernel as tf.Tensor2D), this.outBias) as tf.Tensor2D;
    if (!this.outCond || !condPositions) return y;
    return tf.add(
      y,
      gatherRowsSum(this.outCond as tf.Tensor2D, rowRefs(condPositions)),
    ) as tf.Tensor2D;
  }

  /** Frees every variable. */
  dispose(): void {
    this.store.dispose();
  }
}
