import { rowIds, type ValueIds } from './row-keys.js';

/**
 * Exact nearest-neighbour Hamming distances between two all-categorical tables, without the
 * full n x m scan. Stage 0 finds exact copies by row id. Stage D (D = 1, 2, ...) splits the
 * columns into D + 1 blocks of balanced entropy: by pigeonhole, a real row within D
 * mismatches of a synthetic row agrees with it on a whole block, so the real rows sharing a
 * block value with the synthetic row (found by hash) contain every such neighbour. Rows not
 * settled after the last stage (or with too many candidates) get an early-exit full scan
 * that stops as soon as it meets the known lower bound.
 */

/** The two tables as row-major code matrices, columns ordered by falling entropy. */
export interface CodeMatrices {
  /** Real rows x m codes. */
  real: Int32Array;
  /** Synthetic rows x m codes. */
  synthetic: Int32Array;
  /** Columns (m). */
  m: number;
  /** Per column (in matrix order): value ids of real rows then synthetic rows, and size. */
  columns: ValueIds[];
  /** Per column (in matrix order): entropy in bits of the real codes. */
  entropy: number[];
}

const MAX_DEPTH = 4;
/** A synthetic row with more candidates than this share of the real rows is scanned instead. */
const CANDIDATE_SHARE = 0.25;

/** Split of column positions into k non-empty blocks of near-equal total entropy (greedy). */
export function balancedBlocks(entropy: readonly number[], k: number): number[][] {
  const blocks: number[][] = Array.from({ length: k }, () => []);
  const load = new Array<number>(k).fill(0);
  const order = entropy.map((_, j) => j).sort((a, b) => entropy[b] - entropy[a]);
  order.forEach((j, i) => {
    let best = i < k ? i : 0;
    if (i >= k) {
      for (let b = 1; b < k; b++) {
        const lighter = load[b] < load[best];
        if (lighter || (load[b] === load[best] && blocks[b].length < blocks[best].length)) best = b;
      }
    }
    blocks[best].push(j);
    load[best] += entropy[j];
  });
  return blocks;
}

function mismatches(
  a: Int32Array,
  ai: number,
  b: Int32Array,
  bi: number,
  m: number,
  stop: number,
): number {
  let d = 0;
  for (let j = 0; j < m; j++) {
    if (a[ai + j] !== b[bi + j]) {
      d += 1;
      if (d >= stop) return d;
    }
  }
  return d;
}

function exactStage(mat: CodeMatrices, nReal: number, best: Int32Array): void {
  const ids = rowIds(mat.columns, nReal + best.length);
  const realIds = new Set<number>();
  for (let i = 0; i < nReal; i++) realIds.add(ids[i]);
  for (let s = 0; s < best.length; s++) if (realIds.has(ids[nReal + s])) best[s] = 0;
}

function blockIndex(keys: Float64Array, nReal: number): Map<number, number[]> {
  const index = new Map<number, number[]>();
  for (let r = 0; r < nReal; r++) {
    const list = index.get(keys[r]);
    if (list) list.push(r);
    else index.set(keys[r], [r]);
  }
  return index;
}

/** Settles rows whose distance is exactly `depth`; marks over-crowded rows for a scan. */
function blockStage(
  mat: CodeMatrices,
  nReal: number,
  depth: number,
  best: Int32Array,
  scan: Uint8Array,
): void {
  const nTotal = nReal + best.length;
  const blocks = balancedBlocks(mat.entropy, depth + 1);
  const keys = blocks.map((cols) =>
    rowIds(
      cols.map((j) => mat.columns[j]),
      nTotal,
    ),
  );
  const indexes = keys.map((k) => blockIndex(k, nReal));
  const cap = Math.max(64, CANDIDATE_SHARE * nReal);
  const lists: number[][] = [];
  for (let s = 0; s < best.length; s++) {
    if (best[s] >= 0 || scan[s]) continue;
    lists.length = 0;
    let total = 0;
    for (let b = 0; b < indexes.length; b++) {
      const list = indexes[b].get(keys[b][nReal + s]);
      if (list) {
        lists.push(list);
        total += list.length;
      }
    }
    if (total > cap) {
      scan[s] = 1;
      continue;
    }
    // Short lists first: a neighbour found there ends the search soonest.
    lists.sort((u, v) => u.length - v.length);
    best[s] = findWithin(mat, s, lists, depth);
  }
}

/** `depth` when some candidate is within `depth` mismatches of synthetic row s, else -1. */
function findWithin(mat: CodeMatrices, s: number, lists: number[][], depth: number): number {
  const { real, synthetic, m } = mat;
  for (const list of lists) {
    for (let k = 0; k < list.length; k++) {
      if (mismatches(synthetic, s * m, real, list[k] * m, m, depth + 1) <= depth) return depth;
    }
  }
  return -1;
}

/** Full early-exit scan for one synthetic row known to be at least `lower` away. */
function scanRow(mat: CodeMatrices, nReal: number, s: number, lower: number): number {
  const { real, synthetic, m } = mat;
  let best = m;
  for (let r = 0; r < nReal && best > lower; r++) {
    const d = mismatches(synthetic, s * m, real, r * m, m, best);
    if (d < best) best = d;
  }
  return best;
}

/**
 * The smallest number of mismatching columns between each synthetic row and any real row.
 * `onScan(done, total)` is told how the final scans progress.
 */
export function minHamming(
  mat: CodeMatrices,
  nReal: number,
  nSynthetic: number,
  onScan?: (done: number, total: number) => void,
): Int32Array {
  const best = new Int32Array(nSynthetic).fill(-1);
  const lower = new Int32Array(nSynthetic);
  const scan = new Uint8Array(nSynthetic);
  exactStage(mat, nReal, best);
  const maxDepth = Math.min(MAX_DEPTH, mat.m - 1);
  for (let depth = 1; depth <= maxDepth; depth++) {
    for (let s = 0; s < nSynthetic; s++) if (best[s] < 0 && !scan[s]) lower[s] = depth;
    if (!best.some((b, s) => b < 0 && !scan[s])) break;
    blockStage(mat, nReal, depth, best, scan);
  }
  const rest: number[] = [];
  for (let s = 0; s < nSynthetic; s++) {
    if (best[s] >= 0) continue;
    if (!scan[s]) lower[s] = maxDepth + 1;
    rest.push(s);
  }
  rest.forEach((s, i) => {
    best[s] = scanRow(mat, nReal, s, lower[s]);
    if (onScan && ((i + 1) % 1000 === 0 || i + 1 === rest.length)) onScan(i + 1, rest.length);
  });
  return best;
}
