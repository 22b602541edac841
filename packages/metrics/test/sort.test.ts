import { Rng } from '@synthctr/runtime';
import { describe, expect, it } from 'vitest';
import { sortClass } from '../src/sort.js';

const special = [
  3.5,
  -0,
  0,
  -2.25,
  1e-310,
  -1e-310,
  1e300,
  -1e300,
  5e-324,
  0.1,
  -0.1,
  7,
  7,
  -7,
  2 ** 31,
  -(2 ** 40),
];

/** The engine's sort; -0 and +0 compare equal, so both sides are compared with -0 as 0. */
function engineSorted(values: ArrayLike<number>): number[] {
  return Array.from(values, (v) => v + 0).sort((a, b) => a - b);
}

const plain = (values: ArrayLike<number>) => Array.from(values, (v) => v + 0);

describe('radix sortClass', () => {
  it('sorts float64 scores numerically, including signs, subnormals and huge values', () => {
    const y = new Uint8Array(special.length).fill(1);
    const r = sortClass(y, Float64Array.from(special), 1, special.length, false);
    expect(plain(r.values)).toEqual(engineSorted(special));
    expect(r.rows).toBeNull();
  });

  it('sorts float32 scores on 32-bit keys and returns float64 copies of them', () => {
    const f32 = Float32Array.from(special.map((v) => Math.fround(v)));
    const y = new Uint8Array(f32.length).fill(1);
    expect(plain(sortClass(y, f32, 1, f32.length, false).values)).toEqual(engineSorted(f32));
  });

  it('picks one class and carries the row numbers, keeping tied rows in row order (stable)', () => {
    const rng = new Rng(1);
    const n = 5000;
    const y = Uint8Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    for (const scores of [
      // Ties on a grid (with + 0 so that no tie is between -0 and +0, which sort apart).
      Float64Array.from({ length: n }, () => Math.round(rng.normal() * 20) / 4 + 0),
      Float32Array.from({ length: n }, () => Math.round(rng.normal() * 20) / 4 + 0),
      Array.from({ length: n }, () => rng.normal() * 1e6),
    ]) {
      const rows = Array.from({ length: n }, (_, i) => i).filter((i) => y[i] === 0);
      const want = [...rows].sort((a, b) => scores[a] - scores[b] || a - b);
      const got = sortClass(y, scores, 0, rows.length, true);
      expect(Array.from(got.rows as Int32Array)).toEqual(want);
      expect(Array.from(got.values)).toEqual(want.map((i) => scores[i]));
    }
  });

  it('handles empty and constant input (every pass skipped)', () => {
    expect(sortClass(new Uint8Array(0), [], 1, 0, true).values.length).toBe(0);
    const same = sortClass(new Uint8Array(4).fill(1), [2, 2, 2, 2], 1, 4, true);
    expect(Array.from(same.rows as Int32Array)).toEqual([0, 1, 2, 3]);
  });
});
