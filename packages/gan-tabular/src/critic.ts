import {
  addDense,
  type DenseParams,
  dense,
  init,
  ParamStore,
  type Rng,
  tf,
} from '@synthctr/runtime';
import { gatherRowsSum, packedRefs, type RowRefs } from './kernels.js';

/** LeakyReLU slope of the critic. */
export const LEAKY_SLOPE = 0.2;
/** Dropout rate of the critic's hidden layers. */
export const DROPOUT_RATE = 0.5;

/** Dropout masks of one critic call: per hidden layer, [packs, width] of 0 or 1 / (1 - rate). */
export type DropoutMasks = tf.Tensor2D[];

/** Dropout masks drawn but not yet made tensors (see {@link Critic.drawMasks}). */
export type DrawnMasks = Float32Array[];

/**
 * CTGAN's critic on packs of `pac` rows: Linear -> LeakyReLU(0.2) -> Dropout(0.5) per hidden
 * width, then Linear -> one score per pack. The first Linear, over pac x (data + conditional)
 * inputs, is stored as two row tables, one for the data positions and one for the conditional
 * positions of every pack slot (an exact re-parameterisation), so that one-hot inputs are sums
 * of rows and dense inputs one matrix product. Everything after the first Linear ("upper") is
 * small and left to automatic differentiation.
 */
export class Critic {
  readonly store = new ParamStore();
  readonly firstData: tf.Variable;
  readonly firstCond: tf.Variable | null;
  readonly firstBias: tf.Variable;
  readonly hidden: DenseParams[] = [];
  readonly out: DenseParams;

  constructor(
    readonly pac: number,
    readonly dataWidth: number,
    readonly condWidth: number,
    readonly dims: readonly number[],
    rng: Rng,
  ) {
    const fanIn = pac * (dataWidth + condWidth);
    const h1 = dims[0];
    this.firstData = this.store.add(
      'first.data',
      init.torchLinear(rng, fanIn, [pac * dataWidth, h1]),
    );
    this.firstCond =
      condWidth > 0
        ? this.store.add('first.cond', init.torchLinear(rng, fanIn, [pac * condWidth, h1]))
        : null;
    this.firstBias = this.store.add('first.bias', init.torchLinear(rng, fanIn, [h1]));
    for (let l = 1; l < dims.length; l++) {
      this.hidden.push(
        addDense(this.store, `hidden${l}`, rng, dims[l - 1], dims[l], { init: 'torch' }),
      );
    }
    this.out = addDense(this.store, 'out', rng, dims[dims.length - 1], 1, { init: 'torch' });
  }

  /** The variables after the first Linear, in store order. */
  upperVariables(): tf.Variable[] {
    return [...this.hidden, this.out].flatMap((d) => [d.kernel, ...(d.bias ? [d.bias] : [])]);
  }

  /** The upper kernels only (what the input gradient depends on). */
  upperKernels(): tf.Variable[] {
    return [...this.hidden, this.out].map((d) => d.kernel);
  }

  /** Draws dropout masks for one call on `packs` packs. */
  drawMasks(packs: number, rng: Rng): DrawnMasks {
    const keep = 1 / (1 - DROPOUT_RATE);
    return this.dims.map((w) => {
      const m = new Float32Array(packs * w);
      for (let i = 0; i < m.length; i++) m[i] = rng.next() < DROPOUT_RATE ? 0 : keep;
      return m;
    });
  }

  /** Drawn masks as tensors. */
  maskTensors(drawn: DrawnMasks): DropoutMasks {
    return drawn.map((m, l) => tf.tensor2d(m, [m.length / this.dims[l], this.dims[l]]));
  }

  /** Pack references of one-hot (or sparse) data rows into the data table. */
  dataRefs(positions: Int32Array, values: Float32Array | null, batch: number): RowRefs {
    return packedRefs(positions, values, batch, this.pac, this.dataWidth);
  }

  /** Pack references of conditional positions into the conditional table. */
  condRefs(positions: Int32Array, batch: number): RowRefs {
    return packedRefs(positions, null, batch, this.pac, this.condWidth);
  }

  /** First-layer pre-activation (bias excluded) of dense data rows [batch, dataWidth]. */
  denseFirst(data: tf.Tensor2D): tf.Tensor2D {
    const packs = data.shape[0] / this.pac;
    return tf.matMul(
      tf.reshape(data, [packs, this.pac * this.dataWidth]),
      this.firstData as tf.Tensor2D,
    );
  }

  /** First-layer pre-activation (bias excluded) of the conditional part, or null without one. */
  condFirst(refs: RowRefs): tf.Tensor2D | null {
    return this.firstCond ? gatherRowsSum(this.firstCond as tf.Tensor2D, refs) : null;
  }

  /** First-layer pre-activation (bias excluded) of sparse data rows. */
  sparseFirst(refs: RowRefs): tf.Tensor2D {
    return gatherRowsSum(this.firstData as tf.Tensor2D, refs);
  }

  /** Scores [packs, 1] from first-layer pre-activations (bias included) and dropout masks. */
  upper(pre: tf.Tensor2D, masks: DropoutMasks): tf.Tensor2D {
    let a = tf.mul(tf.leakyRelu(pre, LEAKY_SLOPE), masks[0]) as tf.Tensor2D;
    this.hidden.forEach((layer, l) => {
      a = tf.mul(tf.leakyRelu(dense(a, layer), LEAKY_SLOPE), masks[l + 1]) as tf.Tensor2D;
    });
    return dense(a, this.out);
  }

  /**
   * The gradient of the summed scores with respect to the first-layer pre-activations, in
   * closed form: back through the dropout masks, the LeakyReLU slopes (constants: their
   * derivative is zero almost everywhere) and the upper kernels. It is a differentiable
   * function of the upper kernels, which the gradient penalty needs.
   */
  preGradient(pre: tf.Tensor2D, masks: DropoutMasks): tf.Tensor2D {
    const pres: tf.Tensor2D[] = [pre];
    let a = tf.mul(tf.leakyRelu(pre, LEAKY_SLOPE), masks[0]) as tf.Tensor2D;
    for (const layer of this.hidden) {
      const p = dense(a, layer);
      pres.push(p);
      a = tf.mul(tf.leakyRelu(p, LEAKY_SLOPE), masks[pres.length - 1]) as tf.Tensor2D;
    }
    const packs = pre.shape[0];
    let delta = tf.mul(tf.ones([packs, 1]), tf.reshape(this.out.kernel, [1, -1])) as tf.Tensor2D;
    for (let l = pres.length - 1; l >= 0; l--) {
      const slope = tf.step(pres[l], LEAKY_SLOPE);
      delta = tf.mul(tf.mul(delta, masks[l]), slope) as tf.Tensor2D;
      if (l > 0) delta = tf.matMul(delta, this.hidden[l - 1].kernel as tf.Tensor2D, false, true);
    }
    return delta;
  }

  /** Frees every variable. */
  dispose(): void {
    this.store.dispose();
  }
}
