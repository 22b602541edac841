import { Dataset } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import {
  bruteForce,
  bruteForceNeighbours,
  buildKdTree,
  type NeighbourTable,
  Smoten,
  type Space,
  searchRange,
  smotenNeighbours,
  ValueDifferenceMetric,
} from '../src/index.js';
import { syntheticTable } from './helpers.js';

/** A one-dimensional numeric space with squared distances. */
function line(): Space {
  return {
    dims: 1,
    nominal: new Uint8Array(1),
    weight: new Float64Array(1),
    blockStart: Int32Array.from([0, 1]),
    blockScale: Float64Array.from([1]),
    p: 1,
    r: 2,
  };
}

/** Tree search over rows given one point per row (no duplicates merged). */
function treeSearch(
  space: Space,
  coords: Float64Array,
  k: number,
  leafSize = 2,
): { rows: Int32Array; dist: Float64Array } {
  const n = coords.length / space.dims;
  const memberStart = Int32Array.from({ length: n + 1 }, (_, i) => i);
  const members = Int32Array.from({ length: n }, (_, i) => i);
  const tree = buildKdTree(space, coords, memberStart, members, leafSize);
  const rows = new Int32Array(n * k);
  const dist = new Float64Array(n * k);
  const r = new Int32Array(n * k);
  const d = new Float64Array(n * k);
  searchRange(tree, k, 0, n, r, d);
  for (let i = 0; i < n; i++) {
    const u = tree.perm[i];
    rows.set(r.subarray(i * k, i * k + k), u * k);
    dist.set(d.subarray(i * k, i * k + k), u * k);
  }
  return { rows, dist };
}

describe('the kd-tree kernel', () => {
  it('resolves ties at equal distance to the smaller row number', () => {
    // Row 0 at 0: rows 1, 2 and 4 are all at distance 1 (squared: 1); the two smallest win.
    const coords = Float64Array.from([0, 1, -1, 2, 1, 5]);
    const { rows, dist } = treeSearch(line(), coords, 3);
    expect(Array.from(rows.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(dist.subarray(0, 3))).toEqual([0, 1, 1]);
    // Row 3 at 2: rows 1 and 4 tie at distance 1, then row 0 (4) and row 5 (9).
    expect(Array.from(rows.subarray(9, 12))).toEqual([3, 1, 4]);
  });

  it('gives every duplicate the earliest duplicates, itself possibly left out', () => {
    const coords = Float64Array.from([5, 5, 5, 5, 6]);
    const { rows } = treeSearch(line(), coords, 2);
    for (let i = 0; i < 4; i++) expect(Array.from(rows.subarray(i * 2, i * 2 + 2))).toEqual([0, 1]);
    expect(Array.from(rows.subarray(8, 10))).toEqual([4, 0]);
  });

  it('matches the brute-force scan on nominal and numeric dimensions', () => {
    // SMOTE-NC style: two numeric dimensions and one code whose mismatch costs 0.7 (0.49 squared).
    const space: Space = {
      dims: 3,
      nominal: Uint8Array.from([0, 0, 1]),
      weight: Float64Array.from([0, 0, 0.7]),
      blockStart: Int32Array.from([0, 1, 2, 3]),
      blockScale: Float64Array.from([1, 1, 1]),
      p: 1,
      r: 2,
    };
    const n = 300;
    const coords = Float64Array.from({ length: n * 3 }, (_, i) =>
      i % 3 === 2 ? (i * 7) % 4 : ((i * 37) % 11) / 10,
    );
    const tree = treeSearch(space, coords, 4, 8);
    const brute = bruteForce(
      space,
      coords,
      4,
      Array.from({ length: n }, (_, i) => i),
    );
    expect(Array.from(tree.rows)).toEqual(Array.from(brute.rows));
    expect(Array.from(tree.dist)).toEqual(Array.from(brute.dist));
  });
});

/** The k nearest by an independent O(n) scan with the general VDM formula. */
function oracle(
  data: Dataset,
  value: number,
  queries: number[],
  vdmOptions = {},
): { rows: number[]; dist: number[] }[] {
  const names = data.columnNames.filter((n) => n !== data.label);
  const codes = names.map((n) => data.codes(n));
  const categories = names.map((n) => data.codes(n).reduce((m, c) => Math.max(m, c + 1), 0));
  const labels = data.labelCodes();
  const vdm = ValueDifferenceMetric.fit(codes, categories, labels, 3, vdmOptions);
  const rowOf = (i: number) => codes.map((c) => c[i]);
  const members = Array.from({ length: data.nRows }, (_, i) => i).filter(
    (i) => labels[i] === value,
  );
  return queries.map((q) => {
    const all = members.map((j) => ({ j, d: vdm.distance(rowOf(q), rowOf(j)) }));
    all.sort((a, b) => a.d - b.d || a.j - b.j);
    return { rows: all.map((x) => x.j), dist: all.map((x) => x.d) };
  });
}

/** Compares tree lists with the oracle: distance multisets, and sets where the k-th is no tie. */
function expectSameAsOracle(
  found: NeighbourTable,
  expected: ReturnType<typeof oracle>,
  queries: number[],
): number {
  const k = found.k;
  let untied = 0;
  queries.forEach((q, qi) => {
    const at = Array.from(found.rows).indexOf(q);
    const got = Array.from(found.distances.subarray(at * k, at * k + k));
    const want = expected[qi].dist.slice(0, k);
    for (const [j, d] of got.entries()) expect(d).toBeCloseTo(want[j], 12);
    const gap = expected[qi].dist[k] - expected[qi].dist[k - 1];
    if (!(gap > 1e-9)) return;
    untied++;
    const set = new Set(found.neighbours.subarray(at * k, at * k + k));
    expect(set).toEqual(new Set(expected[qi].rows.slice(0, k)));
  });
  return untied;
}

describe('SMOTEN neighbour search against brute force', () => {
  const data = syntheticTable(3000, [40, 25, 7, 3, 9], 17);
  const queries = Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 23 === 0);

  it('finds exactly the brute-force lists (same arithmetic, same tie rule) for every row', async () => {
    const tree = await smotenNeighbours(data, 1, { kNeighbors: 2, threads: 1 });
    const brute = bruteForceNeighbours(data, 1, { kNeighbors: 2 });
    expect(tree.rows).toEqual(brute.rows);
    expect(tree.neighbours).toEqual(brute.neighbours);
    expect(tree.distances).toEqual(brute.distances);
    expect(tree.points).toBeLessThan(tree.rows.length);
  });

  it('agrees with an independent VDM scan: distance multisets, and sets where the k-th is no tie', async () => {
    const found = await smotenNeighbours(data, 0, { kNeighbors: 5, threads: 1 });
    const labels = data.labelCodes();
    const mine = queries.filter((q) => labels[q] === 0);
    const untied = expectSameAsOracle(found, oracle(data, 0, mine), mine);
    expect(untied).toBeGreaterThan(mine.length / 2);
  });

  it('gives the same lists from worker threads as in this thread, with no fallback notice', async () => {
    // 14,000 rows: each class has more than one chunk (4,096) of distinct rows, so the first
    // chunk runs here and the rest in the workers (parallelMinSeconds 0 forces them).
    const big = syntheticTable(14000, [60, 40, 7, 5, 9], 23);
    const one = await smotenNeighbours(big, 0, { kNeighbors: 3, threads: 1 });
    expect(one.points).toBeGreaterThan(4096);
    const two = await smotenNeighbours(big, 0, {
      kNeighbors: 3,
      threads: 2,
      parallelMinPoints: 1,
      parallelMinSeconds: 0,
    });
    expect(two.neighbours).toEqual(one.neighbours);
    expect(two.distances).toEqual(one.distances);
    const notices: string[] = [];
    const a = new Smoten({
      kNeighbors: 3,
      threads: 2,
      parallelMinPoints: 1,
      parallelMinSeconds: 0,
      seed: 3,
    });
    const b = new Smoten({ kNeighbors: 3, threads: 1, seed: 3 });
    await a.fit(big, { onNotice: (n) => notices.push(n.code) });
    await b.fit(big);
    expect(notices).toEqual([]);
    expect((await a.sample(200)).toRows()).toEqual((await b.sample(200)).toRows());
  });

  it('handles three classes and other exponents (multi-dimensional blocks, k = 2, r = 1)', async () => {
    const base = syntheticTable(900, [15, 6, 4], 3);
    const labels = base.labelCodes();
    const three = Int32Array.from(labels, (c, i) => (c === 1 ? 1 : i % 3 === 0 ? 2 : 0));
    const schema = {
      columns: base.schema.columns.map((c) =>
        c.name === 'label' ? { ...c, categories: [0, 1, 2] } : c,
      ),
      label: 'label',
    };
    const data3 = Dataset.fromColumns(schema, { ...base.arrays(), label: three });
    const options = { kNeighbors: 4, threads: 1, vdmK: 2, vdmR: 1 };
    const tree = await smotenNeighbours(data3, 2, options);
    expect(tree.neighbours).toEqual(bruteForceNeighbours(data3, 2, options).neighbours);
    const mine = Array.from(tree.rows).filter((_, i) => i % 5 === 0);
    expectSameAsOracle(tree, oracle(data3, 2, mine, { k: 2, r: 1 }), mine);
  });
});
