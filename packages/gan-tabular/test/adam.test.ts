import { Adam, initBackend, Rng, tf } from '@synthctr/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedAdam } from '../src/adam.js';
import { rowRefs } from '../src/kernels.js';
import { simdAdam } from '../src/simd-adam.js';

beforeAll(async () => {
  await initBackend();
});

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  return tf.tensor(rng.fillNormal(new Float32Array(size)), shape);
}

describe('FusedAdam', () => {
  it('uses the SIMD kernel on the wasm backend', () => {
    expect(simdAdam() !== null).toBe(tf.getBackend() === 'wasm');
  });

  it("takes the same steps as runtime's Adam (coupled decay, PyTorch formula)", () => {
    const rng = new Rng(1);
    const options = { learningRate: 0.01, beta1: 0.5, beta2: 0.9, weightDecay: 0.1 };
    const a = [tf.variable(randomTensor(rng, [5, 3])), tf.variable(randomTensor(rng, [3]))];
    const b = a.map((v) => tf.variable(v.clone()));
    const reference = new Adam(a, options);
    const fused = new FusedAdam(b, options);
    for (let step = 0; step < 5; step++) {
      const grads = [randomTensor(rng, [5, 3]), randomTensor(rng, [3])];
      reference.step(grads);
      fused.step(grads.map((g) => ({ dense: g })));
      tf.dispose(grads);
    }
    a.forEach((v, i) => {
      const got = b[i].dataSync();
      v.dataSync().forEach((x, j) => {
        expect(got[j]).toBeCloseTo(x, 4);
      });
    });
    expect(fused.steps).toBe(5);
    reference.dispose();
    tf.dispose([...a, ...b]);
  });

  it('adds sparse row gradients (repeated rows summed) as if they were dense', () => {
    const rng = new Rng(2);
    const start = randomTensor(rng, [5, 2]);
    const dense = tf.variable(start.clone());
    const sparse = tf.variable(start.clone());
    const dy = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const rows = Int32Array.from([3, 0, 3]);
    const full = new Float32Array(10);
    rows.forEach((r, k) => {
      full[r * 2] += dy[k * 2];
      full[r * 2 + 1] += dy[k * 2 + 1];
    });
    const grad = tf.tensor2d(full, [5, 2]);
    new FusedAdam([dense], { learningRate: 0.1 }).step([{ dense: grad }]);
    new FusedAdam([sparse], { learningRate: 0.1 }).step([
      { dense: null, rows: [{ refs: rowRefs(rows), dy }] },
    ]);
    expect(Array.from(sparse.dataSync())).toEqual(Array.from(dense.dataSync()));
    tf.dispose([start, dense, sparse, grad]);
  });

  it('gives the variable a new tensor, so matrix products see the new weights', () => {
    const w = tf.variable(tf.ones([3, 2]));
    const x = tf.ones([1, 3]);
    const before = tf.matMul(x, w).dataSync()[0];
    new FusedAdam([w], { learningRate: 0.5 }).step([{ dense: tf.onesLike(w) }]);
    const after = tf.matMul(x, w).dataSync()[0];
    // One Adam step moves every weight by the learning rate: 3 x (1 − 0.5) = 1.5.
    expect(before).toBe(3);
    expect(after).toBeCloseTo(1.5, 4);
    tf.dispose([w, x]);
  });
});
