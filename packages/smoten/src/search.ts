import { buildKdTree, type KdTree, searchRange } from './kdtree.js';
import type { Space } from './metric.js';
import type { KnnPool } from './pool.js';

/** Rows grouped into distinct points: rows with identical coordinates share one point. */
export interface PointGroups {
  nRows: number;
  nPoints: number;
  /** The point of each row. */
  rowPoint: Int32Array;
  /** Rows of point u: members[memberStart[u] .. memberStart[u + 1] - 1], ascending. */
  memberStart: Int32Array;
  members: Int32Array;
  /** Point coordinates, nPoints x dims. */
  coords: Float64Array;
}

/** The k nearest rows of every distinct point, in (distance, row) order. */
export interface Neighbours {
  /** Entries per list. */
  k: number;
  groups: PointGroups;
  /** Row numbers (0-based within the searched rows), nPoints x k. */
  rows: Int32Array;
  /** Their distances, nPoints x k. */
  dist: Float64Array;
}

/** How a search runs (resolved by the caller). */
export interface SearchSettings {
  /** Points per kd-tree leaf. */
  leafSize: number;
  /** Worker threads to search with; 1 searches in this thread. */
  threads: number;
  /** Fewer distinct points than this are searched in this thread. */
  parallelMinPoints: number;
  /** Workers take over only when the rest of the search would take this long in this thread. */
  parallelMinSeconds: number;
  /** Query points per task handed to a worker. */
  chunkSize: number;
  /** The worker pool (needed when threads > 1). */
  pool: KnnPool | null;
  /** Called after each chunk of queries with (done, total) chunks. */
  onChunk?: (done: number, total: number) => void;
}

const HASH_SEED = 0x9747b28c;

/** Groups rows with bit-identical coordinates (0 and -0 count as equal). */
export function groupRows(rowCoords: Float64Array, dims: number, nRows: number): PointGroups {
  const rowPoint = new Int32Array(nRows);
  let cap = 16;
  while (cap < 2 * nRows) cap *= 2;
  const table = new Int32Array(cap).fill(-1);
  const firstRow: number[] = [];
  const scratch = new Float64Array(1);
  const bits = new Uint32Array(scratch.buffer);
  for (let i = 0; i < nRows; i++) {
    const o = i * dims;
    let h = HASH_SEED;
    for (let d = 0; d < dims; d++) {
      const v = rowCoords[o + d];
      scratch[0] = v === 0 ? 0 : v;
      h = mixWord(mixWord(h, bits[0]), bits[1]);
    }
    let slot = finalMix(h) & (cap - 1);
    for (;;) {
      const p = table[slot];
      if (p < 0) {
        table[slot] = firstRow.length;
        rowPoint[i] = firstRow.length;
        firstRow.push(i);
        break;
      }
      if (sameCoords(rowCoords, firstRow[p] * dims, o, dims)) {
        rowPoint[i] = p;
        break;
      }
      slot = (slot + 1) & (cap - 1);
    }
  }
  return collect(rowCoords, dims, rowPoint, firstRow);
}

/** One MurmurHash3 step over a 32-bit word. */
function mixWord(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let x = h ^ k;
  x = (x << 13) | (x >>> 19);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

function finalMix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function sameCoords(c: Float64Array, a: number, b: number, dims: number): boolean {
  for (let d = 0; d < dims; d++) if (c[a + d] !== c[b + d]) return false;
  return true;
}

function collect(
  rowCoords: Float64Array,
  dims: number,
  rowPoint: Int32Array,
  firstRow: number[],
): PointGroups {
  const nRows = rowPoint.length;
  const nPoints = firstRow.length;
  const memberStart = new Int32Array(nPoints + 1);
  for (let i = 0; i < nRows; i++) memberStart[rowPoint[i] + 1] += 1;
  for (let u = 0; u < nPoints; u++) memberStart[u + 1] += memberStart[u];
  const fill = memberStart.slice(0, nPoints);
  const members = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) members[fill[rowPoint[i]]++] = i;
  const coords = new Float64Array(nPoints * dims);
  for (let u = 0; u < nPoints; u++)
    coords.set(rowCoords.subarray(firstRow[u] * dims, firstRow[u] * dims + dims), u * dims);
  return { nRows, nPoints, rowPoint, memberStart, members, coords };
}

/**
 * The exact k nearest rows (the row itself among the candidates) of every row, computed once
 * per distinct point: rows that share coordinates share their list. Memory is O(n k) plus
 * the tree; no n x n matrix is formed. Ties at equal distance go to the smaller row number.
 */
export async function nearestNeighbours(
  space: Space,
  rowCoords: Float64Array,
  nRows: number,
  k: number,
  settings: SearchSettings,
): Promise<Neighbours> {
  const groups = groupRows(rowCoords, space.dims, nRows);
  const tree = buildKdTree(
    space,
    groups.coords,
    groups.memberStart,
    groups.members,
    settings.leafSize,
  );
  const rows = new Int32Array(groups.nPoints * k);
  const dist = new Float64Array(groups.nPoints * k);
  const chunks: [number, number][] = [];
  for (let from = 0; from < groups.nPoints; from += settings.chunkSize) {
    chunks.push([from, Math.min(groups.nPoints, from + settings.chunkSize)]);
  }
  let done = 0;
  const store = (from: number, to: number, r: Int32Array, d: Float64Array): void => {
    for (let i = from; i < to; i++) {
      const u = tree.perm[i];
      rows.set(r.subarray((i - from) * k, (i - from + 1) * k), u * k);
      dist.set(d.subarray((i - from) * k, (i - from + 1) * k), u * k);
    }
    done += 1;
    settings.onChunk?.(done, chunks.length);
  };
  const parallel =
    settings.threads > 1 && settings.pool !== null && groups.nPoints >= settings.parallelMinPoints;
  if (!parallel || chunks.length < 2) {
    for (const [from, to] of chunks) searchInThread(tree, k, from, to, store);
    return { k, groups, rows, dist };
  }
  // The first chunk runs here and times the search; workers (whose start and copy of the tree
  // cost a fraction of a second) take the rest only when it would take long enough here.
  const started = performance.now();
  const [first, ...rest] = chunks;
  searchInThread(tree, k, first[0], first[1], store);
  const perQuery = (performance.now() - started) / 1000 / (first[1] - first[0]);
  if (perQuery * (groups.nPoints - first[1]) >= settings.parallelMinSeconds) {
    await settings.pool!.search(tree, k, rest, store);
  } else for (const [from, to] of rest) searchInThread(tree, k, from, to, store);
  return { k, groups, rows, dist };
}

/** Runs one chunk of queries in this thread. */
export function searchInThread(
  tree: KdTree,
  k: number,
  from: number,
  to: number,
  store: (from: number, to: number, rows: Int32Array, dist: Float64Array) => void,
): void {
  const r = new Int32Array((to - from) * k);
  const d = new Float64Array((to - from) * k);
  searchRange(tree, k, from, to, r, d);
  store(from, to, r, d);
}
