import { initBackend, tf } from '@synthctr/runtime';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  LOG_ZERO,
  logAddExp,
  logOneHot,
  type Span,
  sliceLogSoftmax,
  sliceLogSumExp,
} from '../src/index.js';

beforeAll(async () => {
  await initBackend();
});

/** float64 log-softmax of one span. */
function refLogSoftmax(x: number[]): number[] {
  const m = Math.max(...x);
  const lse = m + Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0));
  return x.map((v) => v - lse);
}

/**
 * The reference's cumulative-sum trick (tab-ddpm `sliced_logsumexp`), in float32: a running
 * log-cumsum-exp over the whole row, then each span's LSE as log(exp(end) - exp(start)).
 */
function cumulativeLogSumExp(x: tf.Tensor2D, spans: Span[]): tf.Tensor2D {
  return tf.tidy(() => {
    const cum = tf.cumsum(tf.exp(x), 1);
    const padded = tf.concat([tf.zeros([x.shape[0], 1]), cum], 1);
    const parts = spans.map((s) =>
      tf.log(
        tf.sub(
          tf.slice(padded, [0, s.start + s.width], [-1, 1]),
          tf.slice(padded, [0, s.start], [-1, 1]),
        ),
      ),
    );
    return tf.concat(parts, 1) as tf.Tensor2D;
  });
}

describe('slice log-softmax in float32', () => {
  // 12 spans: a wide one of 4,082 levels (Frappe's item), binary ones, a 7-level one, with
  // logits from -3e4 to 3e4 and log-probabilities near log(1e-30).
  const widths = [957, 4082, 7, 7, 2, 3, 2, 9, 80, 233, 2, 2];
  const spans: Span[] = [];
  let start = 0;
  for (const w of widths) {
    spans.push({ start, width: w });
    start += w;
  }
  const rows = 3;
  const values = new Float32Array(rows * start);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < start; j++) {
      const k = r * start + j;
      values[k] =
        r === 0 ? ((j * 7919) % 601) * 100 - 30000 : r === 1 ? LOG_ZERO + (j % 3) : (j % 11) * 8;
    }
    values[r * start + 5] = 88; // exp(88) overflows float32 in a naive sum
  }

  test('stays finite and matches a float64 reference for extreme logits', () => {
    const x = tf.tensor2d(values, [rows, start]);
    const got = sliceLogSoftmax(x, spans).dataSync();
    let worst = 0;
    for (let r = 0; r < rows; r++) {
      for (const s of spans) {
        const want = refLogSoftmax(
          Array.from(values.subarray(r * start + s.start, r * start + s.start + s.width)),
        );
        want.forEach((w, i) => {
          const g = got[r * start + s.start + i];
          expect(Number.isFinite(g)).toBe(true);
          worst = Math.max(worst, Math.abs(g - w) / Math.max(1, Math.abs(w)));
        });
      }
    }
    expect(worst).toBeLessThan(1e-5);
    // Every span sums to 1 in probability.
    const lse = sliceLogSumExp(sliceLogSoftmax(x, spans), spans).dataSync();
    for (const v of lse) expect(Math.abs(v)).toBeLessThan(1e-5);
    x.dispose();
  });

  test('where the cumulative-sum trick of the reference loses spans to -Infinity or NaN', () => {
    const x = tf.tensor2d(values, [rows, start]);
    const ref = cumulativeLogSumExp(x, spans).dataSync();
    expect(Array.from(ref).some((v) => !Number.isFinite(v))).toBe(true);
    const ours = sliceLogSumExp(x, spans).dataSync();
    expect(Array.from(ours).every(Number.isFinite)).toBe(true);
    x.dispose();
  });

  test('finite for any finite float32 input and its gradient is softmax-shaped', () => {
    const spans2: Span[] = [
      { start: 0, width: 3 },
      { start: 3, width: 2 },
    ];
    const x = tf.tensor2d([[3e38, -3e38, 0, -3.4e38, 3.4e38]]);
    const y = sliceLogSoftmax(x, spans2).dataSync();
    for (const v of y) expect(Number.isFinite(v)).toBe(true);
    expect(y[0]).toBe(0);
    expect(y[4]).toBe(0);
    const g = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.slice(sliceLogSoftmax(t as tf.Tensor2D, spans2), [0, 0], [1, 1])),
    )(tf.tensor2d([[1, 2, 3, 0, 0]]));
    const p = refLogSoftmax([1, 2, 3]).map(Math.exp);
    const gd = g.dataSync();
    for (const [i, w] of [1 - p[0], -p[1], -p[2], 0, 0].entries()) expect(gd[i]).toBeCloseTo(w, 6);
    tf.dispose([x, g]);
  });
});

describe('log-space helpers', () => {
  test('logAddExp is exact on the easy cases, stable on the hard ones, with sigmoid gradients', () => {
    const a = tf.tensor1d([0, 1000, -1000, LOG_ZERO]);
    const b = tf.tensor1d([0, 1000, 0, -0.5]);
    const got = logAddExp(a, b).dataSync();
    expect(got[0]).toBeCloseTo(Math.LN2, 6);
    expect(got[1]).toBeCloseTo(1000 + Math.LN2, 3);
    expect(got[2]).toBeCloseTo(0, 6);
    expect(got[3]).toBeCloseTo(-0.5, 6);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(logAddExp(x, y)))([
      tf.tensor1d([0, 2]),
      tf.tensor1d([1]),
    ]);
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    expect(ga.dataSync()[0]).toBeCloseTo(s(-1), 6);
    expect(ga.dataSync()[1]).toBeCloseTo(s(1), 6);
    expect(gb.dataSync()[0]).toBeCloseTo(s(1) + s(-1), 6);
    tf.dispose([a, b, ga, gb]);
  });

  test('logOneHot puts 0 at the active level and log(1e-30) elsewhere (wasm-safe)', () => {
    const spans: Span[] = [
      { start: 0, width: 3 },
      { start: 3, width: 2 },
    ];
    const out = logOneHot([tf.tensor1d([2, 0], 'int32'), tf.tensor1d([0, 1], 'int32')], spans);
    const z = Math.fround(Math.log(1e-30));
    expect(Array.from(out.dataSync(), (v) => v + 0)).toEqual([z, z, 0, 0, z, 0, z, z, z, 0]);
    out.dispose();
  });
});
