import { beforeAll, describe, expect, it } from 'vitest';
import {
  Adam,
  addBatchNorm,
  addDense,
  batchNorm,
  dense,
  gatherRows,
  initBackend,
  logSumExpRows,
  ParamStore,
  Rng,
  tf,
} from '../src/index.js';

beforeAll(async () => {
  await initBackend();
});

describe('batchNorm', () => {
  it('normalises a training batch and moves the running statistics as PyTorch does', () => {
    const store = new ParamStore();
    const p = addBatchNorm(store, 'bn', 1);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => batchNorm(tf.tensor2d([[1], [3]]), p, true).arraySync());
    expect(tf.memory().numTensors).toBe(before);
    // mean 2, biased variance 1: (x - 2) / sqrt(1 + 1e-5)
    expect(out[0][0]).toBeCloseTo(-1 / Math.sqrt(1 + 1e-5), 5);
    expect(out[1][0]).toBeCloseTo(1 / Math.sqrt(1 + 1e-5), 5);
    // running mean 0.9 * 0 + 0.1 * 2; running variance 0.9 * 1 + 0.1 * 2 (unbiased variance 2)
    expect(p.runningMean.dataSync()[0]).toBeCloseTo(0.2, 6);
    expect(p.runningVar.dataSync()[0]).toBeCloseTo(1.1, 6);
    store.dispose();
  });

  it('lets gradients flow to gamma while updating the statistics inside variableGrads', () => {
    const store = new ParamStore();
    const p = addBatchNorm(store, 'bn', 1);
    const x = tf.tensor2d([[1], [3]]);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(batchNorm(x, p, true)) as tf.Scalar,
      [p.gamma, p.beta],
    );
    // sum of the normalised values is 0, so d/dgamma = 0 and d/dbeta = 2 (two rows)
    expect(value.dataSync()[0]).toBeCloseTo(0, 6);
    expect(grads[p.gamma.name].dataSync()[0]).toBeCloseTo(0, 5);
    expect(grads[p.beta.name].dataSync()[0]).toBeCloseTo(2, 6);
    tf.dispose([value, x, ...Object.values(grads)]);
    store.dispose();
  });
});

describe('Adam', () => {
  it('takes the textbook first step: lr x sign(g) after bias correction', () => {
    const store = new ParamStore();
    const w = store.add('w', tf.tensor1d([1, -2]));
    const adam = new Adam([w], { learningRate: 0.1 });
    const g = tf.tensor1d([0.5, -4]);
    adam.step([g]);
    const [a, b] = w.dataSync();
    expect(a).toBeCloseTo(0.9, 6);
    expect(b).toBeCloseTo(-1.9, 6);
    expect(adam.steps).toBe(1);
    g.dispose();
    adam.dispose();
    store.dispose();
  });

  it('trains a dense layer on y = 2x + 1 without leaking tensors', () => {
    const store = new ParamStore();
    const layer = addDense(store, 'fc', new Rng(3), 1, 1);
    const adam = new Adam(store.trainable(), { learningRate: 0.05 });
    const x = tf.tensor2d([[-1], [0], [1], [2]]);
    const y = tf.tensor2d([[-1], [1], [3], [5]]);
    const before = tf.memory().numTensors;
    let loss = Number.NaN;
    for (let i = 0; i < 600; i++) {
      loss = adam.minimize(() =>
        tf.tidy(() => tf.mean(tf.square(tf.sub(dense(x, layer), y))) as tf.Scalar),
      );
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(loss).toBeLessThan(1e-3);
    expect(layer.kernel.dataSync()[0]).toBeCloseTo(2, 1);
    expect(layer.bias!.dataSync()[0]).toBeCloseTo(1, 1);
    tf.dispose([x, y]);
    adam.dispose();
    store.dispose();
  });
});

describe('ParamStore and Adam state', () => {
  it('round-trips weights and optimiser moments through plain data without leaking', () => {
    const store = new ParamStore();
    const w = store.add('w', tf.tensor1d([1, 2, 3]));
    const adam = new Adam([w], { learningRate: 0.01 });
    const g = tf.tensor1d([0.1, -0.2, 0.3]);
    adam.step([g]);
    const weights = store.save();
    const state = adam.save();
    const before = tf.memory().numTensors;
    tf.tidy(() => w.assign(tf.zeros([3])));
    adam.load({ ...state, t: 0 });
    adam.load(state);
    store.load(weights);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(w.dataSync())).toEqual(Array.from(weights.w.data));
    expect(adam.steps).toBe(1);
    expect(() => store.load({})).toThrow("ParamStore.load: the saved weights have no 'w'.");
    tf.dispose(g);
    adam.dispose();
    store.dispose();
  });
});

describe('logSumExpRows', () => {
  it('matches log(sum(exp)) and has the softmax as its gradient, without NaN for huge logits', () => {
    const x = tf.tensor2d([
      [1, 2, 3],
      [1000, 1000, -1000],
    ]);
    const before = tf.memory().numTensors;
    const value = tf.tidy(() => Array.from(logSumExpRows(x).dataSync()));
    expect(value[0]).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), 5);
    expect(value[1]).toBeCloseTo(1000 + Math.log(2), 3);
    const g = tf.grad((t: tf.Tensor) => tf.sum(logSumExpRows(t as tf.Tensor2D)))(x);
    const grad = Array.from(g.dataSync());
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(grad.slice(0, 3).map((v) => Number(v.toFixed(5)))).toEqual(
      [Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z].map((v) => Number(v.toFixed(5))),
    );
    expect(grad.slice(3).map((v) => Number(v.toFixed(5)))).toEqual([0.5, 0.5, 0]);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('gatherRows', () => {
  it('gives the rows tf.gather gives, and the segment sum of the output gradient', () => {
    const table = tf.tensor2d(new Rng(3).fillNormal(new Float32Array(4 * 2)), [4, 2]);
    const ids = tf.tensor2d([0, 2, 2, 3], [2, 2], 'int32');
    const weights = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const before = tf.memory().numTensors;
    const [rows, want] = tf.tidy(() => [
      gatherRows(table, ids).arraySync(),
      tf.gather(table, ids).arraySync(),
    ]);
    expect(rows).toEqual(want);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, ids), weights)))(
      table,
    );
    // Row 0 gets weights (1, 2), row 2 gets (3, 4) + (5, 6), row 3 gets (7, 8), row 1 nothing.
    expect(g.arraySync()).toEqual([
      [1, 2],
      [0, 0],
      [8, 10],
      [7, 8],
    ]);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([table, ids, weights]);
  });
});
