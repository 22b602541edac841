import { addBatchNorm, initBackend, ParamStore, Rng, tf } from '@synthctr/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormReluEval, batchNormReluTrain } from '../src/blocks/batch-norm-relu.js';
import { denseTrain } from '../src/blocks/dense.js';
import {
  addFeatureEmbedding,
  bceWithLogits,
  dropoutMask,
  embed,
  fillDropoutMask,
  firstOrder,
  fmPairwise,
  l2Penalty,
} from '../src/index.js';

beforeAll(async () => {
  await initBackend();
});

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
}

describe('factorization machine', () => {
  it('the pairwise term equals the sum of inner products over field pairs (hand computed)', () => {
    // Row 0: <v1,v2> = 3 - 2 = 1, <v1,v3> = 0.5 + 8 = 8.5, <v2,v3> = 1.5 - 4 = -2.5 -> 7.
    // Row 1: <a,b> = 0, <a,c> = 2, <b,c> = -3 -> -1.
    const emb = tf.tensor3d([
      [
        [1, 2],
        [3, -1],
        [0.5, 4],
      ],
      [
        [1, 0],
        [0, 1],
        [2, -3],
      ],
    ]);
    const out = fmPairwise(emb);
    close(out.dataSync(), [7, -1], 1e-5);
    tf.dispose([emb, out]);
  });

  it('the first-order term sums each row’s field weights, with the field offsets applied', () => {
    const store = new ParamStore();
    const w = addFeatureEmbedding(store, 'lr', new Rng(1), [3, 2], 1);
    w.table.assign(tf.tensor2d([[0.1], [0.2], [0.3], [-1], [5]]));
    expect(w.offsets).toEqual([0, 3]);
    // Global ids: field 0 slot 2 -> row 2, field 1 slot 1 -> row 3 + 1 = 4.
    const ids = tf.tensor2d(
      [
        [2, 4],
        [0, 3],
      ],
      [2, 2],
      'int32',
    );
    close(firstOrder(w, ids).dataSync(), [5.3, -0.9], 1e-6);
    const e = embed(w, ids);
    expect(e.shape).toEqual([2, 2, 1]);
    tf.dispose([ids, e]);
    store.dispose();
  });

  it('the embedding lookup and its gradient equal tf.gather and its gradient', () => {
    const store = new ParamStore();
    const e = addFeatureEmbedding(store, 'emb', new Rng(8), [4, 3], 2);
    const ids = tf.tensor2d(
      [
        [0, 4],
        [3, 6],
        [0, 5],
      ],
      [3, 2],
      'int32',
    );
    const weights = tf.tensor3d(new Rng(9).fillNormal(new Float32Array(12)), [3, 2, 2]);
    const ours = tf.variableGrads(() => tf.sum(tf.mul(embed(e, ids), weights)), [e.table]);
    const ref = tf.variableGrads(() => tf.sum(tf.mul(tf.gather(e.table, ids), weights)), [e.table]);
    close(ours.value.dataSync(), ref.value.dataSync(), 1e-6);
    close(ours.grads[e.table.name].dataSync(), ref.grads[e.table.name].dataSync(), 1e-6);
    tf.dispose([
      ids,
      weights,
      ours.value,
      ref.value,
      ...Object.values(ours.grads),
      ...Object.values(ref.grads),
    ]);
    store.dispose();
  });

  it('embeddings start from N(0, 1e-4) as FuxiCTR', () => {
    const store = new ParamStore();
    const e = addFeatureEmbedding(store, 'emb', new Rng(3), [5000, 1000], 10);
    const values = e.table.dataSync();
    let sum = 0;
    let sq = 0;
    for (const v of values) {
      sum += v;
      sq += v * v;
    }
    const n = values.length;
    expect(Math.abs(sum / n)).toBeLessThan(3e-6);
    expect(Math.sqrt(sq / n)).toBeCloseTo(1e-4, 6);
    store.dispose();
  });
});

describe('losses', () => {
  it('BCE from logits matches -mean(y log p + (1 - y) log(1 - p)), and stays finite at large logits', () => {
    const z = tf.tensor1d([0, 2, -3, 40]);
    const y = tf.tensor1d([1, 0, 0, 1]);
    const p = [0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(3))];
    const expected =
      -(Math.log(p[0]) + Math.log(1 - p[1]) + Math.log(1 - p[2]) + -Math.log1p(Math.exp(-40))) / 4;
    const loss = bceWithLogits(z, y);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 6);
    tf.dispose([z, y, loss]);
  });

  it('the L2 term is (lambda / 2) x the sum of squares of every weight', () => {
    const a = tf.variable(
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
    );
    const b = tf.variable(tf.tensor1d([-2]));
    const reg = l2Penalty([a, b], 0.05);
    expect(reg.dataSync()[0]).toBeCloseTo(0.025 * 34, 6);
    tf.dispose([a, b, reg]);
  });
});

describe('dropout masks', () => {
  it('are the Rng’s own xoshiro128** stream, two entries per 32-bit draw', () => {
    const rate = 0.25;
    const out = fillDropoutMask(new Rng(11), new Float32Array(201), rate);
    const stream = new Rng(11);
    const threshold = 0.25 * 65536;
    for (let i = 0; i < out.length; i += 2) {
      const r = stream.nextUint32();
      expect(out[i]).toBe((r & 0xffff) >= threshold ? Math.fround(1 / 0.75) : 0);
      if (i + 1 < out.length)
        expect(out[i + 1]).toBe(r >>> 16 >= threshold ? Math.fround(1 / 0.75) : 0);
    }
  });

  it('keep 1 - rate of the entries, scaled by 1 / (1 - rate), and move the caller’s stream by one draw', () => {
    const rng = new Rng(5);
    const mask = dropoutMask(rng, [1000, 1000], 0.2);
    const values = mask.dataSync();
    let kept = 0;
    for (const v of values) if (v !== 0) kept += 1;
    // Binomial(1e6, 0.8): sd 400 rows, so 0.002 is five sd.
    expect(Math.abs(kept / values.length - 0.8)).toBeLessThan(0.002);
    expect(new Set(values)).toEqual(new Set([0, 1.25]));
    const again = new Rng(5);
    again.nextUint32();
    expect(rng.state()).toEqual(again.state());
    mask.dispose();
  });
});

describe('fused BatchNorm -> ReLU -> dropout', () => {
  const h0 = [
    [1, 2, -3],
    [2, 0, 1],
    [0, 1, 5],
    [4, -1, 1],
    [-2, 3, 0.5],
  ];
  const w0 = [
    [1, -2, 3],
    [4, 5, -6],
    [0.5, 1, 2],
    [-1, 1, 1],
    [2, 0, -3],
  ];

  function reference(
    h: tf.Tensor2D,
    gamma: tf.Tensor,
    beta: tf.Tensor,
    mask: tf.Tensor,
  ): tf.Tensor2D {
    const { mean, variance } = tf.moments(h, 0);
    return tf.mul(tf.relu(tf.batchNorm(h, mean, variance, beta, gamma, 1e-5)), mask) as tf.Tensor2D;
  }

  it('gives the output, gradients and running statistics of BatchNorm1d + ReLU + dropout', () => {
    const store = new ParamStore();
    const bn = addBatchNorm(store, 'bn', 3);
    bn.gamma.assign(tf.tensor1d([1.5, 0.5, 2]));
    bn.beta.assign(tf.tensor1d([0.1, -0.2, 0.3]));
    const h = tf.variable(tf.tensor2d(h0));
    const mask = tf.tensor2d(fillDropoutMask(new Rng(2), new Float32Array(15), 0.2), [5, 3]);
    const weights = tf.tensor2d(w0);
    const vars = [h, bn.gamma, bn.beta];
    const ours = tf.variableGrads(
      () => tf.sum(tf.mul(batchNormReluTrain(h, bn, mask), weights)),
      vars,
    );
    const ref = tf.variableGrads(
      () => tf.sum(tf.mul(reference(h, bn.gamma, bn.beta, mask), weights)),
      vars,
    );
    close(ours.value.dataSync(), ref.value.dataSync(), 1e-4);
    for (const v of vars) close(ours.grads[v.name].dataSync(), ref.grads[v.name].dataSync(), 1e-4);
    // Running statistics moved once with momentum 0.1 (unbiased variance), as PyTorch.
    const col0 = h0.map((r) => r[0]);
    const mean0 = col0.reduce((a, b) => a + b, 0) / 5;
    const var0 = col0.reduce((a, b) => a + (b - mean0) ** 2, 0) / 4;
    expect(bn.runningMean.dataSync()[0]).toBeCloseTo(0.1 * mean0, 5);
    expect(bn.runningVar.dataSync()[0]).toBeCloseTo(0.9 + 0.1 * var0, 5);
    tf.dispose([ours.value, ref.value, ...Object.values(ours.grads), ...Object.values(ref.grads)]);
    tf.dispose([h, mask, weights]);
    store.dispose();
  });

  it('in evaluation folds the running statistics into the matmul exactly', () => {
    const store = new ParamStore();
    const bn = addBatchNorm(store, 'bn', 3);
    bn.gamma.assign(tf.tensor1d([1.5, 0.5, 2]));
    bn.beta.assign(tf.tensor1d([0.1, -0.2, 0.3]));
    bn.runningMean.assign(tf.tensor1d([0.5, -1, 2]));
    bn.runningVar.assign(tf.tensor1d([2, 0.25, 4]));
    const x = tf.tensor2d(h0);
    const kernel = tf.tensor2d([
      [1, 0, 2],
      [-1, 1, 0],
      [0.5, 0.5, 0.5],
    ]);
    const folded = batchNormReluEval(x, kernel, bn);
    const plain = tf.relu(
      tf.batchNorm(tf.matMul(x, kernel), bn.runningMean, bn.runningVar, bn.beta, bn.gamma, 1e-5),
    );
    close(folded.dataSync(), plain.dataSync(), 1e-5);
    tf.dispose([x, kernel, folded, plain]);
    store.dispose();
  });
});

describe('dense layer with a hand-written gradient', () => {
  it.each([
    ['relu + dropout, 3 wide', 'relu', true, 3],
    ['linear, 1 wide (the logit)', 'linear', false, 1],
  ] as const)('%s: output and gradients equal tfjs autograd', (_, activation, withMask, width) => {
    const rng = new Rng(4);
    const x = tf.variable(tf.tensor2d(rng.fillNormal(new Float32Array(6 * 4)), [6, 4]));
    const kernel = tf.variable(
      tf.tensor2d(rng.fillNormal(new Float32Array(4 * width)), [4, width]),
    );
    const bias = tf.variable(tf.tensor1d(rng.fillNormal(new Float32Array(width))));
    const mask = withMask
      ? tf.tensor2d(fillDropoutMask(new Rng(1), new Float32Array(6 * width), 0.3), [6, width])
      : null;
    const target = tf.tensor2d(rng.fillNormal(new Float32Array(6 * width)), [6, width]);
    const p = { kernel, bias };
    const vars = [x, kernel, bias];
    const ours = tf.variableGrads(
      () => tf.sum(tf.mul(denseTrain(x, p, activation, mask), target)),
      vars,
    );
    const ref = tf.variableGrads(() => {
      let y = tf.add(tf.matMul(x, kernel), bias);
      if (activation === 'relu') y = tf.relu(y);
      if (mask) y = tf.mul(y, mask);
      return tf.sum(tf.mul(y, target));
    }, vars);
    close(ours.value.dataSync(), ref.value.dataSync(), 1e-4);
    for (const v of vars) close(ours.grads[v.name].dataSync(), ref.grads[v.name].dataSync(), 1e-4);
    tf.dispose([ours.value, ref.value, ...Object.values(ours.grads), ...Object.values(ref.grads)]);
    tf.dispose([x, kernel, bias, target, ...(mask ? [mask] : [])]);
  });
});
