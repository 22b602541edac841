// Distances of the exact neighbour search. Like kdtree.ts it imports nothing from other
// packages, so the same code runs in the main thread and in worker threads (knn-worker.ts).

/**
 * A distance over coordinate vectors, as a sum over blocks of dimensions:
 * `D(a, b) = sum_b (scale_b * (sum_{d in b} g_d ^ p) ^ (1 / p)) ^ r`, where g_d is `|a_d - b_d|`
 * for a numeric dimension and `weight_d * [a_d != b_d]` for a nominal one (a code). The VDM of
 * SMOTEN is numeric blocks of class posteriors; the SMOTE-NC distance is single-dimension
 * blocks with p = 1 and r = 2 (a squared Euclidean distance with a fixed cost per mismatch).
 */
export interface Space {
  /** Coordinates per point. */
  dims: number;
  /** 1 where a dimension holds a code compared by equality, 0 where it is numeric. */
  nominal: Uint8Array;
  /** The cost of a mismatch on a nominal dimension (unused for numeric ones). */
  weight: Float64Array;
  /** Block b covers dimensions blockStart[b] .. blockStart[b + 1] - 1 (length blocks + 1). */
  blockStart: Int32Array;
  /** The scale of each block. */
  blockScale: Float64Array;
  /** The Minkowski exponent inside a block. */
  p: number;
  /** The exponent applied to each block's distance before summing. */
  r: number;
}

/**
 * The squared-Euclidean fast path: every block one numeric dimension, p = 1, r = 2 (SMOTEN's
 * VDM on two classes with the default exponents). `scale` holds each dimension's block scale.
 */
export function fastScale(space: Space): Float64Array | null {
  const { dims, nominal, blockStart, blockScale, p, r } = space;
  if (blockStart.length - 1 !== dims || p !== 1 || r !== 2) return null;
  for (let d = 0; d < dims; d++) if (nominal[d] === 1) return null;
  return blockScale;
}

function raise(v: number, r: number): number {
  return r === 2 ? v * v : r === 1 ? v : v ** r;
}

/** Distance between point a of `ca` and point b of `cb` (offsets in coordinates). */
export function distance(
  space: Space,
  ca: Float64Array,
  a: number,
  cb: Float64Array,
  b: number,
): number {
  const scale = fastScale(space);
  if (scale) return fastDistance(scale, space.dims, ca, a, cb, b, Number.POSITIVE_INFINITY);
  return boundedDistance(space, ca, a, cb, b, Number.POSITIVE_INFINITY);
}

/**
 * The fast-path distance, or a partial sum above `limit` as soon as it exceeds it. The terms
 * are non-negative and adding them never decreases a floating-point sum, so a partial sum
 * above the limit means the full one is too.
 */
export function fastDistance(
  scale: Float64Array,
  dims: number,
  ca: Float64Array,
  a: number,
  cb: Float64Array,
  b: number,
  limit: number,
): number {
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    const t = (ca[a + d] - cb[b + d]) * scale[d];
    sum += t * t;
    if (sum > limit) return sum;
  }
  return sum;
}

/** The general distance (any blocks, exponents, nominal dimensions), bounded like the fast one. */
export function boundedDistance(
  space: Space,
  ca: Float64Array,
  a: number,
  cb: Float64Array,
  b: number,
  limit: number,
): number {
  const { nominal, weight, blockStart, blockScale, p, r } = space;
  const nBlocks = blockStart.length - 1;
  let sum = 0;
  for (let k = 0; k < nBlocks; k++) {
    let inner = 0;
    const end = blockStart[k + 1];
    for (let d = blockStart[k]; d < end; d++) {
      const x = ca[a + d];
      const y = cb[b + d];
      const g = nominal[d] === 1 ? (x === y ? 0 : weight[d]) : x > y ? x - y : y - x;
      inner += p === 1 || end - blockStart[k] === 1 ? g : g ** p;
    }
    if (inner === 0) continue;
    const v = p === 1 || end - blockStart[k] === 1 ? inner : inner ** (1 / p);
    sum += raise(v * blockScale[k], r);
    if (sum > limit) return sum;
  }
  return sum;
}

/**
 * A lower bound of the distance from query q to any point in box `node` (rows of boxLo / boxHi): the same
 * arithmetic as the distance with each gap replaced by the gap to the box. Subtraction
 * rounds monotonically, so the bound never exceeds a distance to a point inside the box.
 */
export function boxBound(
  space: Space,
  boxLo: Float64Array,
  boxHi: Float64Array,
  node: number,
  q: Float64Array,
  scale: Float64Array | null,
): number {
  const dims = space.dims;
  const o = node * dims;
  if (scale) {
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      const x = q[d];
      const lo = boxLo[o + d];
      const hi = boxHi[o + d];
      const g = x < lo ? lo - x : x > hi ? x - hi : 0;
      if (g === 0) continue;
      const t = g * scale[d];
      sum += t * t;
    }
    return sum;
  }
  const { nominal, weight, blockStart, blockScale, p, r } = space;
  let sum = 0;
  for (let k = 0; k < blockStart.length - 1; k++) {
    let inner = 0;
    const end = blockStart[k + 1];
    for (let d = blockStart[k]; d < end; d++) {
      const x = q[d];
      const lo = boxLo[o + d];
      const hi = boxHi[o + d];
      const g =
        nominal[d] === 1
          ? x < lo || x > hi
            ? weight[d]
            : 0
          : x < lo
            ? lo - x
            : x > hi
              ? x - hi
              : 0;
      inner += p === 1 || end - blockStart[k] === 1 ? g : g ** p;
    }
    if (inner === 0) continue;
    const v = p === 1 || end - blockStart[k] === 1 ? inner : inner ** (1 / p);
    sum += raise(v * blockScale[k], r);
  }
  return sum;
}

/**
 * With p = 1 and r = 1 or 2 the bound uses only subtraction, multiplication and addition, which
 * round monotonically, so it never exceeds the distance. Other exponents go through `**`,
 * which is not guaranteed monotone to the last bit; a relative slack of 1e-12 keeps a point
 * at exactly the k-th distance from being pruned.
 */
export function boundSlack(space: Space): number {
  return space.p === 1 && (space.r === 1 || space.r === 2) ? 1 : 1 - 1e-12;
}

/** Inserts (row, d) into the sorted candidate list; returns the new size (at most k). */
export function insert(
  rows: Int32Array,
  dist: Float64Array,
  size: number,
  k: number,
  row: number,
  d: number,
): number {
  let i = size < k ? size : k - 1;
  while (i > 0 && (dist[i - 1] > d || (dist[i - 1] === d && rows[i - 1] > row))) {
    rows[i] = rows[i - 1];
    dist[i] = dist[i - 1];
    i--;
  }
  rows[i] = row;
  dist[i] = d;
  return size < k ? size + 1 : k;
}

/**
 * The same k nearest rows by scanning every row: O(n^2) time, O(n k) memory. Rows are given
 * by their own coordinates (n x dims); the answer for each query row is in (distance, row)
 * order. This is the oracle the tree search is checked against.
 */
export function bruteForce(
  space: Space,
  rowCoords: Float64Array,
  k: number,
  queries: ArrayLike<number>,
): { rows: Int32Array; dist: Float64Array } {
  const dims = space.dims;
  const n = rowCoords.length / dims;
  const rows = new Int32Array(queries.length * k);
  const dist = new Float64Array(queries.length * k);
  for (let qi = 0; qi < queries.length; qi++) {
    const r = rows.subarray(qi * k, qi * k + k);
    const ds = dist.subarray(qi * k, qi * k + k);
    let size = 0;
    for (let j = 0; j < n; j++) {
      const d = distance(space, rowCoords, queries[qi] * dims, rowCoords, j * dims);
      if (size === k && d >= ds[k - 1]) continue;
      size = insert(r, ds, size, k, j, d);
    }
  }
  return { rows, dist };
}
