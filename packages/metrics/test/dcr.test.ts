import { Rng } from '@synthctr/runtime';
import { type CodedColumnSchema, Dataset, datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { distanceToClosestRecord } from '../src/index.js';
import { frappeLikeTable, perturbedCopies } from '../src/testing/index.js';
import { naiveHamming } from './helpers.js';

/** A table whose real rows differ from each other in every column: row i holds i everywhere. */
function farApartTable(n: number, m: number): Dataset {
  const columns: CodedColumnSchema[] = Array.from({ length: m }, (_, j) => ({
    name: `c${j}`,
    kind: 'categorical',
    categories: Array.from({ length: n }, (_, i) => i),
  }));
  const arrays = Object.fromEntries(
    columns.map((c) => [c.name, Int32Array.from({ length: n }, (_, i) => i)]),
  );
  return Dataset.fromColumns({ columns, label: null }, arrays);
}

describe('distanceToClosestRecord: the per-column distance', () => {
  it('averages categorical mismatch and |a - b| / range over columns (hand-computed)', () => {
    const real = datasetFromRows([
      { a: 'x', n: 0 },
      { a: 'y', n: 10 },
    ]);
    // To row 0: (0 + 5/10) / 2 = 0.25; to row 1: (1 + 5/10) / 2 = 0.75.
    // The second row: n = 30 is 3 ranges away, capped at 1: to row 1 (1 + 1) / 2 = 1,
    // to row 0 (0 + 1) / 2 = 0.5.
    const syn = datasetFromRows([
      { a: 'x', n: 5 },
      { a: 'x', n: 30 },
    ]);
    const r = distanceToClosestRecord(real, syn);
    expect(Array.from(r.distances)).toEqual([0.25, 0.5]);
    expect(r.method).toBe('scan');
    expect(r.subsampled).toBe(false);
  });

  it('treats missing as SDMetrics does: one side missing 1, both missing 0; zero range is 0/1', () => {
    const real = datasetFromRows([
      { n: null, k: 4 },
      { n: 2, k: 4 },
    ]);
    const syn = datasetFromRows([
      { n: null, k: 4 }, // both missing and equal constant: 0
      { n: 2, k: 5 }, // k has range 0 in the real data: mismatch 1, so (0 + 1) / 2
    ]);
    expect(Array.from(distanceToClosestRecord(real, syn).distances)).toEqual([0, 0.5]);
  });
  it('scans tables with numeric columns exactly (vs a direct formula) and caps them at 5,000 rows', () => {
    const rng = new Rng(14);
    const row = () => ({
      c: ['p', 'q', 'r'][rng.int(3)],
      x: rng.next() < 0.1 ? null : Math.round(rng.normal() * 100) / 100,
      z: rng.int(4),
    });
    const real = datasetFromRows(Array.from({ length: 300 }, row), { kinds: { z: 'integer' } });
    const syn = datasetFromRows(Array.from({ length: 5200 }, row), { kinds: { z: 'integer' } });
    const r = distanceToClosestRecord(real, syn);
    expect([r.method, r.distances.length, r.subsampled]).toEqual(['scan', 5000, true]);
    const realRows = real.toRows();
    const range = { x: real.columnSchema('x'), z: real.columnSchema('z') } as Record<
      string,
      { min: number; max: number }
    >;
    const num = (a: number | null, b: number | null, k: string) => {
      if (a === null || b === null) return a === null && b === null ? 0 : 1;
      return Math.min(Math.abs(a - b) / (range[k].max - range[k].min), 1);
    };
    for (const [i, s] of Array.from(r.syntheticIndices.subarray(0, 200)).entries()) {
      const q = syn.row(s);
      let best = Number.POSITIVE_INFINITY;
      for (const p of realRows) {
        const d =
          (p.c === q.c ? 0 : 1) +
          num(p.x as number | null, q.x as number | null, 'x') +
          num(p.z as number, q.z as number, 'z');
        best = Math.min(best, d / 3);
      }
      expect(r.distances[i]).toBeCloseTo(best, 12);
    }
  });
});

describe('distanceToClosestRecord: exact Hamming search on categorical tables', () => {
  it('equals a brute-force scan on Frappe-like tables, at many distances from 0 up', () => {
    const rng = new Rng(21);
    const real = frappeLikeTable(3000, rng);
    const near = perturbedCopies(real, 1200, 9, rng).table;
    const far = frappeLikeTable(300, rng);
    const syn = near.concat(far);
    const r = distanceToClosestRecord(real, syn);
    const cols = real.columnNames;
    const want = naiveHamming(
      cols.map((c) => real.codes(c)),
      cols.map((c) => syn.codes(c)),
    );
    expect(r.method).toBe('hamming-index');
    expect(Array.from(r.distances, (d) => Math.round(d * 11))).toEqual(Array.from(want));
    expect(new Set(want).size).toBeGreaterThanOrEqual(6);
  });

  it('gives known median and 5th percentile when every neighbour is known', () => {
    // 1000 real rows that differ from each other in all 10 columns; synthetic row i is real
    // row i with i mod 5 columns changed to another row's value, so its closest record is
    // its source at (i mod 5) / 10 (any other row agrees on at most 4 columns).
    const real = farApartTable(1000, 10);
    const rng = new Rng(4);
    const codes = real.columnNames.map((c) => Int32Array.from(real.codes(c)));
    for (let i = 0; i < 1000; i++) {
      const order = rng.permutation(10);
      for (let k = 0; k < i % 5; k++) codes[order[k]][i] = (i + 1 + rng.int(999)) % 1000;
    }
    const syn = Dataset.fromColumns(
      real.schema,
      Object.fromEntries(real.columnNames.map((c, j) => [c, codes[j]])),
    );
    const r = distanceToClosestRecord(real, syn);
    expect(Array.from(r.distances)).toEqual(Array.from({ length: 1000 }, (_, i) => (i % 5) / 10));
    expect(r.median).toBe(0.2);
    expect(r.p5).toBe(0);
    expect(r.zeroShare).toBe(0.2);
    expect(r.mean).toBeCloseTo(0.2, 12);
  });

  it('subsamples with a seed and says so', () => {
    const rng = new Rng(9);
    const real = frappeLikeTable(2000, rng);
    const syn = perturbedCopies(real, 1000, 2, rng).table;
    const a = distanceToClosestRecord(real, syn, {
      maxSyntheticRows: 100,
      maxRealRows: 1500,
      seed: 1,
    });
    const b = distanceToClosestRecord(real, syn, {
      maxSyntheticRows: 100,
      maxRealRows: 1500,
      seed: 1,
    });
    const c = distanceToClosestRecord(real, syn, {
      maxSyntheticRows: 100,
      maxRealRows: 1500,
      seed: 2,
    });
    expect(a.subsampled).toBe(true);
    expect(a.distances.length).toBe(100);
    expect(a.realRowsUsed).toBe(1500);
    expect(Array.from(a.syntheticIndices)).toEqual(Array.from(b.syntheticIndices));
    expect(Array.from(a.distances)).toEqual(Array.from(b.distances));
    expect(Array.from(a.syntheticIndices)).not.toEqual(Array.from(c.syntheticIndices));
  });

  it('[slow] runs 60k x 60k Frappe-like rows in seconds, within the perturbation bound', () => {
    const rng = new Rng(33);
    const real = frappeLikeTable(60_000, rng);
    const { table, changes } = perturbedCopies(real, 60_000, 5, rng);
    const events: number[] = [];
    const t0 = performance.now();
    const r = distanceToClosestRecord(real, table, {
      maxSyntheticRows: 60_000,
      onProgress: (e) => events.push(e.step),
    });
    const ms = performance.now() - t0;
    expect(r.distances.length).toBe(60_000);
    expect(r.subsampled).toBe(false);
    let over = 0;
    r.distances.forEach((d, i) => {
      if (Math.round(d * 11) > changes[i]) over += 1;
    });
    expect(over).toBe(0);
    expect(r.median).toBeLessThanOrEqual(3 / 11);
    expect(events.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(15_000);
  });
});

describe('distanceToClosestRecord: bad input', () => {
  it('rejects empty tables and bad options', () => {
    const real = datasetFromRows([{ a: 'x' }]);
    expect(() => distanceToClosestRecord(real, real.slice(0, 0))).toThrow(
      'distanceToClosestRecord: needs rows and columns on both sides, got 1 real rows, 0 synthetic rows ' +
        'and 1 compared columns; pass non-empty tables.',
    );
    expect(() => distanceToClosestRecord(real, real, { maxRealRows: 0 })).toThrow(
      'distanceToClosestRecord: maxRealRows must be a positive integer, got 0.',
    );
  });
});
