import * as tf from '@tensorflow/tfjs';
import { RuntimeError } from './errors.js';
import type { Rng } from './rng.js';
import type { SavedTensor } from './tensors.js';

/**
 * Small building blocks shared by synthctr's neural models (CTR models, GANs, VAE, diffusion):
 * a named parameter store with seeded initialisers and save/load, batch and layer norm, global
 * norm clipping, and an Adam that does PyTorch's coupled weight decay or AdamW's decoupled one.
 */

/** Initialisers, all drawn from a synthctr {@link Rng} so weights are reproducible. */
export const init = {
  /** Xavier (Glorot) normal for a [fanIn, fanOut] kernel: std = sqrt(2 / (fanIn + fanOut)). */
  xavierNormal(rng: Rng, fanIn: number, fanOut: number): tf.Tensor {
    const std = Math.sqrt(2 / (fanIn + fanOut));
    return tf.tensor(rng.fillNormal(new Float32Array(fanIn * fanOut), 0, std), [fanIn, fanOut]);
  },
  /** PyTorch's nn.Linear default: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for kernel or bias. */
  torchLinear(rng: Rng, fanIn: number, shape: number[]): tf.Tensor {
    const bound = 1 / Math.sqrt(fanIn);
    const size = shape.reduce((p, d) => p * d, 1);
    return tf.tensor(rng.fillUniform(new Float32Array(size), -bound, bound), shape);
  },
  /** N(0, std) of any shape. */
  normal(rng: Rng, shape: number[], std: number): tf.Tensor {
    const size = shape.reduce((p, d) => p * d, 1);
    return tf.tensor(rng.fillNormal(new Float32Array(size), 0, std), shape);
  },
  /** A constant of any shape. */
  fill(shape: number[], value: number): tf.Tensor {
    return tf.fill(shape, value);
  },
};

/**
 * Named variables of one model. Trainable ones take part in `trainable()`; buffers (running
 * statistics) do not. `save()` and `load()` move them to and from plain data.
 */
export class ParamStore {
  private readonly vars = new Map<string, { v: tf.Variable; trainable: boolean }>();

  /** Registers a variable from an initial tensor (which is disposed). Names must be unique. */
  add(name: string, initial: tf.Tensor, trainable = true): tf.Variable {
    if (this.vars.has(name))
      throw new RuntimeError(`ParamStore: the parameter '${name}' exists already.`);
    const v = tf.variable(initial, trainable, `${name}_${nextId()}`);
    initial.dispose();
    this.vars.set(name, { v, trainable });
    return v;
  }

  /** A registered variable by name. */
  get(name: string): tf.Variable {
    const entry = this.vars.get(name);
    if (!entry) throw new RuntimeError(`ParamStore: no parameter '${name}'.`);
    return entry.v;
  }

  /** The trainable variables in registration order. */
  trainable(): tf.Variable[] {
    return [...this.vars.values()].filter((e) => e.trainable).map((e) => e.v);
  }

  /** Names of the trainable variables, in the order of {@link ParamStore.trainable}. */
  trainableNames(): string[] {
    return [...this.vars.entries()].filter(([, e]) => e.trainable).map(([n]) => n);
  }

  /** Total number of scalar parameters (trainable and buffers). */
  size(): number {
    let n = 0;
    for (const { v } of this.vars.values()) n += v.size;
    return n;
  }

  /** Every variable as plain data, keyed by name. */
  save(): Record<string, SavedTensor> {
    const out: Record<string, SavedTensor> = {};
    for (const [name, { v }] of this.vars) {
      out[name] = { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) };
    }
    return out;
  }

  /** Overwrites every variable from saved data; a missing or misshapen entry is an error. */
  load(saved: Record<string, SavedTensor>): void {
    for (const [name, { v }] of this.vars) {
      const s = saved[name];
      if (!s) throw new RuntimeError(`ParamStore.load: the saved weights have no '${name}'.`);
      if (s.shape.join('x') !== v.shape.join('x')) {
        throw new RuntimeError(
          `ParamStore.load: '${name}' has shape [${s.shape}] in the saved weights, expected [${v.shape}].`,
        );
      }
      tf.tidy(() => v.assign(tf.tensor(s.data, s.shape, 'float32')));
    }
  }

  /** Copies every value from another store with the same names (for EMA copies, best weights). */
  copyFrom(other: ParamStore): void {
    for (const [name, { v }] of this.vars) v.assign(other.get(name));
  }

  /** Frees every variable. */
  dispose(): void {
    for (const { v } of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

let idCounter = 0;
function nextId(): number {
  idCounter += 1;
  return idCounter;
}

/** A dense layer's parameters: kernel [in, out] and optional bias [out]. */
export interface DenseParams {
  kernel: tf.Variable;
  bias: tf.Variable | null;
}

/** Adds a dense layer to a store: Xavier-normal kernel and zero bias unless told otherwise. */
export function addDense(
  store: ParamStore,
  name: string,
  rng: Rng,
  fanIn: number,
  fanOut: number,
  options: { bias?: boolean; init?: 'xavier' | 'torch' } = {},
): DenseParams {
  const torch = options.init === 'torch';
  const kernel = store.add(
    `${name}.kernel`,
    torch ? init.torchLinear(rng, fanIn, [fanIn, fanOut]) : init.xavierNormal(rng, fanIn, fanOut),
  );
  const bias =
    options.bias === false
      ? null
      : store.add(
          `${name}.bias`,
          torch ? init.torchLinear(rng, fanIn, [fanOut]) : tf.zeros([fanOut]),
        );
  return { kernel, bias };
}

/** x W + b. */
export function dense(x: tf.Tensor2D, p: DenseParams): tf.Tensor2D {
  const y = tf.matMul(x, p.kernel) as tf.Tensor2D;
  return p.bias ? (tf.add(y, p.bias) as tf.Tensor2D) : y;
}

/** Batch-norm parameters and running statistics of one layer (PyTorch BatchNorm1d semantics). */
export interface BatchNormParams {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVar: tf.Variable;
  momentum: number;
  epsilon: number;
}

/** Adds a BatchNorm1d: gamma 1, beta 0, running mean 0 and variance 1, momentum 0.1, eps 1e-5. */
export function addBatchNorm(store: ParamStore, name: string, width: number): BatchNormParams {
  return {
    gamma: store.add(`${name}.gamma`, tf.ones([width])),
    beta: store.add(`${name}.beta`, tf.zeros([width])),
    runningMean: store.add(`${name}.runningMean`, tf.zeros([width]), false),
    runningVar: store.add(`${name}.runningVar`, tf.ones([width]), false),
    momentum: 0.1,
    epsilon: 1e-5,
  };
}

/**
 * Batch norm over the batch axis. In training it normalises with the batch's biased variance
 * and, when `updateStats`, moves the running statistics (unbiased variance) as PyTorch does;
 * in evaluation it uses the running statistics. A batch of one row in training uses the
 * running statistics instead, since its variance is undefined.
 */
export function batchNorm(
  x: tf.Tensor2D,
  p: BatchNormParams,
  training: boolean,
  updateStats = training,
): tf.Tensor2D {
  const n = x.shape[0];
  if (!training || n < 2) {
    return tf.batchNorm(x, p.runningMean, p.runningVar, p.beta, p.gamma, p.epsilon) as tf.Tensor2D;
  }
  const { mean, variance } = tf.moments(x, 0);
  if (updateStats) {
    // tfjs has no stopGradient; none is needed, since assign() is not recorded on the tape and
    // the running statistics never flow into the output.
    const unbiased = tf.mul(variance, n / (n - 1));
    const m = p.momentum;
    p.runningMean.assign(tf.add(tf.mul(p.runningMean, 1 - m), tf.mul(mean, m)));
    p.runningVar.assign(tf.add(tf.mul(p.runningVar, 1 - m), tf.mul(unbiased, m)));
  }
  return tf.batchNorm(x, mean, variance, p.beta, p.gamma, p.epsilon) as tf.Tensor2D;
}

/** Layer norm over the last axis of a tensor of any rank, learned gain and bias (eps 1e-5). */
export function layerNorm<T extends tf.Tensor>(
  x: T,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon = 1e-5,
): T {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)));
  return tf.add(tf.mul(normed, gamma), beta) as T;
}

/** The global L2 norm of a list of gradients. */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** Scales gradients so their global norm is at most `maxNorm` (PyTorch clip_grad_norm_). */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): tf.Tensor[] {
  return tf.tidy(() => {
    const norm = globalNorm(grads);
    const scale = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
    return grads.map((g) => tf.mul(g, scale));
  });
}

/** Options of {@link Adam}. */
export interface AdamOptions {
  /** Step size. */
  learningRate: number;
  /** @default 0.9 */
  beta1?: number;
  /** @default 0.999 */
  beta2?: number;
  /** @default 1e-8 */
  epsilon?: number;
  /** Weight decay; coupled (added to the gradient, PyTorch Adam) unless `decoupled`. @default 0 */
  weightDecay?: number;
  /** AdamW: decay the weights directly by lr x weightDecay. @default false */
  decoupled?: boolean;
  /** Clip the gradients to this global norm before the step. @default none */
  clipNorm?: number;
}

/**
 * Adam as PyTorch computes it, on a fixed list of variables, with a mutable learning rate and
 * a state that can be saved for checkpoints.
 */
export class Adam {
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly decoupled: boolean;
  private readonly clipNorm: number | null;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(
    private readonly vars: tf.Variable[],
    options: AdamOptions,
  ) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.decoupled = options.decoupled ?? false;
    this.clipNorm = options.clipNorm ?? null;
    this.m = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** One update from gradients given in the order of the variables (they are not disposed). */
  step(grads: tf.Tensor[]): void {
    if (grads.length !== this.vars.length) {
      throw new RuntimeError(
        `Adam.step: got ${grads.length} gradients for ${this.vars.length} variables.`,
      );
    }
    this.t += 1;
    const { beta1: b1, beta2: b2, t } = this;
    const lr = this.learningRate;
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    tf.tidy(() => {
      const gs = this.clipNorm !== null ? clipByGlobalNorm(grads, this.clipNorm) : grads;
      this.vars.forEach((p, i) => {
        let g = gs[i];
        if (this.weightDecay > 0 && !this.decoupled) g = tf.add(g, tf.mul(p, this.weightDecay));
        const m = tf.add(tf.mul(this.m[i], b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), 1 - b2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(c2)), this.epsilon);
        let next = tf.sub(p, tf.mul(tf.div(m, denom), lr / c1));
        if (this.weightDecay > 0 && this.decoupled)
          next = tf.sub(next, tf.mul(p, lr * this.weightDecay));
        p.assign(next);
      });
    });
  }

  /**
   * Computes the loss and its gradients for every variable and takes one step; returns the
   * loss value. `lossFn` runs inside a tidy scope.
   */
  minimize(lossFn: () => tf.Scalar): number {
    const { value, grads } = tf.variableGrads(lossFn, this.vars);
    const ordered = this.vars.map((v) => grads[v.name]);
    this.step(ordered);
    const loss = value.dataSync()[0];
    value.dispose();
    for (const g of ordered) g.dispose();
    return loss;
  }

  /** Moments and step count as plain data, for checkpoints. */
  save(): { t: number; learningRate: number; m: SavedTensor[]; v: SavedTensor[] } {
    const dump = (x: tf.Variable): SavedTensor => ({
      shape: [...x.shape],
      data: Float32Array.from(x.dataSync() as Float32Array),
    });
    return { t: this.t, learningRate: this.learningRate, m: this.m.map(dump), v: this.v.map(dump) };
  }

  /** Restores a state from {@link Adam.save}. */
  load(state: { t: number; learningRate: number; m: SavedTensor[]; v: SavedTensor[] }): void {
    this.t = state.t;
    this.learningRate = state.learningRate;
    tf.tidy(() => {
      state.m.forEach((s, i) => {
        this.m[i].assign(tf.tensor(s.data, s.shape));
      });
      state.v.forEach((s, i) => {
        this.v[i].assign(tf.tensor(s.data, s.shape));
      });
    });
  }

  /** Frees the moment variables. */
  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}

/**
 * Row-wise log-sum-exp of a [B, K] tensor, [B] out, stable (the row max is subtracted) and with
 * the softmax as its gradient. tfjs's own logSumExp differentiates through the max with a
 * broadcast Equal that is very slow on wasm (about 0.14 s for 500 x 4,082); this one never
 * differentiates the max, which is exact because the result does not depend on the shift.
 */
export const logSumExpRows: (x: tf.Tensor2D) => tf.Tensor1D = tf.customGrad((x, save) => {
  const input = x as tf.Tensor2D;
  const max = tf.max(input, 1, true);
  const exps = tf.exp(tf.sub(input, max));
  const sums = tf.sum(exps, 1, true);
  const value = tf.reshape(tf.add(tf.log(sums), max), [-1]);
  (save as tf.GradSaveFunc)([exps, sums]);
  return {
    value,
    gradFunc: (dy, saved) => {
      // The softmax from the shifted exponentials: exact in float32 even for large logits.
      const [e, total] = saved as [tf.Tensor2D, tf.Tensor2D];
      return tf.mul(tf.div(e, total), tf.expandDims(dy as tf.Tensor1D, 1));
    },
  };
}) as unknown as (x: tf.Tensor2D) => tf.Tensor1D;

/** Backends whose tensors live in this process's memory, where a gather loop is cheapest. */
const IN_PROCESS_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * Rows `ids` of a [N, d] table: [...ids.shape, d]. The gradient with respect to the table is
 * the segment sum of the output gradient into the rows (the runtime's O(N)
 * UnsortedSegmentSum); `ids` gets none. On the wasm and cpu backends the lookup is a copy
 * loop: tfjs's wasm GatherV2 takes about ten times longer for a [4096, 10] batch.
 */
export function gatherRows(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  if (!IN_PROCESS_BACKENDS.has(tf.getBackend())) return tf.gather(table, ids);
  const [rows, d] = table.shape;
  const n = ids.size;
  const op = tf.customGrad((tab, idx, save) => {
    (save as tf.GradSaveFunc)([idx as tf.Tensor]);
    const values = copyRows(
      (tab as tf.Tensor).dataSync() as Float32Array,
      (idx as tf.Tensor).dataSync() as Int32Array,
      d,
    );
    return {
      value: tf.tensor(values, [...ids.shape, d]),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => [
        tf.unsortedSegmentSum(tf.reshape(dy, [n, d]), tf.reshape(saved, [n]), rows),
        tf.zerosLike(saved),
      ],
    };
  });
  return op(table, ids);
}

function copyRows(table: Float32Array, ids: Int32Array, d: number): Float32Array {
  const out = new Float32Array(ids.length * d);
  for (let i = 0; i < ids.length; i++) out.set(table.subarray(ids[i] * d, ids[i] * d + d), i * d);
  return out;
}
