import { type SavedTensor, tf } from '@synthctr/runtime';
import { freshLike, type RowGrad, readOf, scatterRowsAdd, storageOf } from './kernels.js';
import { type SimdAdamKernel, simdAdam } from './simd-adam.js';

/** Options of {@link FusedAdam}. */
export interface FusedAdamOptions {
  /** Step size. */
  learningRate: number;
  /** @default 0.9 */
  beta1?: number;
  /** @default 0.999 */
  beta2?: number;
  /** @default 1e-8 */
  epsilon?: number;
  /** Coupled (L2) weight decay added to the gradient, as PyTorch's Adam. @default 0 */
  weightDecay?: number;
}

/**
 * The gradient of one variable: a dense tensor, sparse row gradients, or both. A dense tensor
 * that comes with row gradients must belong to the caller alone: the rows are added into it.
 */
export interface ParamGrad {
  /** Dense gradient of the variable's shape, or null when it has only sparse parts. */
  dense: tf.Tensor | null;
  /** Row gradients added on top (the variable is then read as [rows, width]). */
  rows?: readonly RowGrad[];
}

/** The saved state of a {@link FusedAdam}. */
export interface FusedAdamState {
  t: number;
  m: SavedTensor[];
  v: SavedTensor[];
}

/** One moment buffer: a tensor in wasm memory (for the SIMD kernel) or a plain array. */
type Moment = tf.Tensor | Float32Array;

interface StepConstants {
  b1: number;
  b2: number;
  wd: number;
  eps: number;
  stepSize: number;
  invSqrtC2: number;
}

/**
 * PyTorch's Adam (coupled weight decay, bias-corrected moments) as one pass per variable: on
 * wasm a SIMD kernel over the tensors' memory (moments kept in wasm memory too), elsewhere
 * a plain loop. The same arithmetic as runtime's `Adam`, with sparse row gradients taken
 * directly. Each step gives every variable a new tensor, never an in-place write: wasm's
 * matrix products cache packed weights per tensor and would not see the change.
 *
 * Porting note: added here rather than in runtime/nn.ts because only CTGAN's ~63 M parameters
 * need it; the tensor-op Adam takes several times as long per step on wasm.
 */
export class FusedAdam {
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly kernel: SimdAdamKernel | null;
  private readonly m: Moment[];
  private readonly v: Moment[];
  private t = 0;

  constructor(
    private readonly vars: tf.Variable[],
    options: FusedAdamOptions,
  ) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.kernel = simdAdam();
    this.m = vars.map((x) => this.zeroMoment(x));
    this.v = vars.map((x) => this.zeroMoment(x));
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** One update, gradients in the order of the variables (they are not disposed). */
  step(grads: readonly ParamGrad[]): void {
    this.t += 1;
    const c: StepConstants = {
      b1: this.beta1,
      b2: this.beta2,
      wd: this.weightDecay,
      eps: this.epsilon,
      stepSize: this.learningRate / (1 - this.beta1 ** this.t),
      invSqrtC2: 1 / Math.sqrt(1 - this.beta2 ** this.t),
    };
    this.vars.forEach((variable, i) => {
      const next = this.kernel
        ? this.simdStep(variable, grads[i], i, c)
        : this.loopStep(variable, grads[i], i, c);
      tf.tidy(() => variable.assign(next));
      next.dispose();
    });
  }

  /** Moments and step count as plain data, for checkpoints. */
  save(): FusedAdamState {
    const dump = (a: Moment, i: number): SavedTensor => ({
      shape: [...this.vars[i].shape],
      data: Float32Array.from(a instanceof Float32Array ? a : readOf(a)),
    });
    return { t: this.t, m: this.m.map(dump), v: this.v.map(dump) };
  }

  /** Restores a state from {@link FusedAdam.save}. */
  load(state: FusedAdamState): void {
    this.t = state.t;
    const write = (target: Moment, data: Float32Array) => {
      (target instanceof Float32Array ? target : storageOf(target)!).set(data);
    };
    state.m.forEach((s, i) => {
      write(this.m[i], s.data);
    });
    state.v.forEach((s, i) => {
      write(this.v[i], s.data);
    });
  }

  /** Frees the moment tensors (wasm). */
  dispose(): void {
    for (const x of [...this.m, ...this.v]) if (!(x instanceof Float32Array)) x.dispose();
  }

  private zeroMoment(x: tf.Variable): Moment {
    if (!this.kernel) return new Float32Array(x.size);
    const t = freshLike(x)!;
    storageOf(t)!.fill(0);
    return t;
  }

  /** The SIMD update into a new tensor; row gradients are first added into a dense one. */
  private simdStep(variable: tf.Variable, g: ParamGrad, i: number, c: StepConstants): tf.Tensor {
    const width = rowWidth(variable);
    const fresh = freshLike(variable)!;
    let grad = g.dense;
    let temp: tf.Tensor | null = null;
    if (!grad) {
      temp = freshLike(variable)!;
      storageOf(temp)!.fill(0);
      grad = temp;
    }
    if (g.rows && g.rows.length > 0) scatterRowsAdd(storageOf(grad)!, width, g.rows);
    const p = storageOf(variable)!;
    const dg = storageOf(grad)!;
    const m = storageOf(this.m[i] as tf.Tensor)!;
    const v = storageOf(this.v[i] as tf.Tensor)!;
    const out = storageOf(fresh)!;
    const n4 = p.length - (p.length % 4);
    this.kernel!(
      p.byteOffset,
      dg.byteOffset,
      m.byteOffset,
      v.byteOffset,
      out.byteOffset,
      n4,
      c.b1,
      c.b2,
      c.wd,
      c.stepSize,
      c.invSqrtC2,
      c.eps,
    );
    update(p, dg, m, v, out, n4, p.length, c);
    temp?.dispose();
    return fresh;
  }

  /** The plain-loop update; row gradients are summed per row into a dense copy. */
  private loopStep(variable: tf.Variable, g: ParamGrad, i: number, c: StepConstants): tf.Tensor {
    const width = rowWidth(variable);
    const dg = g.dense ? Float32Array.from(readOf(g.dense)) : new Float32Array(variable.size);
    if (g.rows && g.rows.length > 0) scatterRowsAdd(dg, width, g.rows);
    const out = new Float32Array(variable.size);
    update(
      readOf(variable),
      dg,
      this.m[i] as Float32Array,
      this.v[i] as Float32Array,
      out,
      0,
      out.length,
      c,
    );
    return tf.tensor(out, variable.shape);
  }
}

function rowWidth(v: tf.Variable): number {
  return v.shape.length > 1 ? v.shape[v.shape.length - 1] : v.size;
}

/** Adam for elements from..to−1 (the loop the SIMD kernel also computes). */
function update(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: Float32Array,
  from: number,
  to: number,
  c: StepConstants,
): void {
  const a1 = 1 - c.b1;
  const a2 = 1 - c.b2;
  for (let i = from; i < to; i++) {
    const gi = g[i] + c.wd * p[i];
    const mi = c.b1 * m[i] + a1 * gi;
    const vi = c.b2 * v[i] + a2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    out[i] = p[i] - (c.stepSize * mi) / (Math.sqrt(vi) * c.invSqrtC2 + c.eps);
  }
}
