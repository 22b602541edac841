// The exact k-nearest-neighbour kernel. It imports nothing, so the same code runs in the main
// thread and in worker threads (knn-worker.ts), from TypeScript source and from dist.

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

/** A kd-tree over distinct points, each standing for the ascending list of rows it holds. */
export interface KdTree {
  space: Space;
  nPoints: number;
  /** Point coordinates, nPoints x dims. */
  coords: Float64Array;
  /** Rows of point u: members[memberStart[u] .. memberStart[u + 1] - 1], ascending. */
  memberStart: Int32Array;
  members: Int32Array;
  /** The points in leaf order; node i holds perm[nodeStart[i] .. nodeEnd[i] - 1]. */
  perm: Int32Array;
  /** The coordinates in leaf order (position j is point perm[j]), for cache-friendly scans. */
  leafCoords: Float64Array;
  nNodes: number;
  nodeStart: Int32Array;
  nodeEnd: Int32Array;
  /** Child nodes, -1 for a leaf. */
  nodeLeft: Int32Array;
  nodeRight: Int32Array;
  /** The tight bounding box of each node, nNodes x dims. */
  boxLo: Float64Array;
  boxHi: Float64Array;
}

const STACK_SIZE = 256;

/**
 * The squared-Euclidean fast path: every block one numeric dimension, p = 1, r = 2 (SMOTEN's
 * VDM on two classes with the default exponents). `scale` holds each dimension's block scale.
 */
function fastScale(space: Space): Float64Array | null {
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
function fastDistance(
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
function boundedDistance(
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
 * A lower bound of the distance from query q to any point in node `node`'s box: the same
 * arithmetic as the distance with each gap replaced by the gap to the box. Subtraction
 * rounds monotonically, so the bound never exceeds a distance to a point inside the box.
 */
function boxBound(tree: KdTree, node: number, q: Float64Array, scale: Float64Array | null): number {
  const { space, boxLo, boxHi } = tree;
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

/** Typed-array allocator, so a caller can put the tree on shared memory if it wants. */
export interface Alloc {
  int32(n: number): Int32Array;
  float64(n: number): Float64Array;
}

const plainAlloc: Alloc = { int32: (n) => new Int32Array(n), float64: (n) => new Float64Array(n) };

/**
 * Builds the tree: each node splits its points at the median of its widest dimension until a
 * node holds at most `leafSize` points (or all its points coincide).
 */
export function buildKdTree(
  space: Space,
  coords: Float64Array,
  memberStart: Int32Array,
  members: Int32Array,
  leafSize: number,
  alloc: Alloc = plainAlloc,
): KdTree {
  const dims = space.dims;
  const nPoints = memberStart.length - 1;
  const maxNodes = 2 * (Math.ceil((2 * nPoints) / Math.max(1, leafSize)) + 1);
  const tree: KdTree = {
    space,
    nPoints,
    coords,
    memberStart,
    members,
    perm: alloc.int32(nPoints),
    leafCoords: alloc.float64(nPoints * dims),
    nNodes: 0,
    nodeStart: alloc.int32(maxNodes),
    nodeEnd: alloc.int32(maxNodes),
    nodeLeft: alloc.int32(maxNodes),
    nodeRight: alloc.int32(maxNodes),
    boxLo: alloc.float64(maxNodes * dims),
    boxHi: alloc.float64(maxNodes * dims),
  };
  for (let i = 0; i < nPoints; i++) tree.perm[i] = i;
  if (nPoints === 0) return tree;
  const pending: number[] = [newNode(tree, 0, nPoints)];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const start = tree.nodeStart[node];
    const end = tree.nodeEnd[node];
    if (end - start <= leafSize) continue;
    const dim = widestDimension(tree, node);
    if (dim < 0) continue;
    const mid = (start + end) >> 1;
    selectNth(tree.perm, coords, dims, dim, start, end - 1, mid);
    const left = newNode(tree, start, mid);
    const right = newNode(tree, mid, end);
    tree.nodeLeft[node] = left;
    tree.nodeRight[node] = right;
    pending.push(left, right);
  }
  for (let j = 0; j < nPoints; j++) {
    tree.leafCoords.set(coords.subarray(tree.perm[j] * dims, tree.perm[j] * dims + dims), j * dims);
  }
  return tree;
}

function newNode(tree: KdTree, start: number, end: number): number {
  const node = tree.nNodes++;
  const { dims } = tree.space;
  tree.nodeStart[node] = start;
  tree.nodeEnd[node] = end;
  tree.nodeLeft[node] = -1;
  tree.nodeRight[node] = -1;
  const o = node * dims;
  for (let d = 0; d < dims; d++) {
    tree.boxLo[o + d] = Number.POSITIVE_INFINITY;
    tree.boxHi[o + d] = Number.NEGATIVE_INFINITY;
  }
  for (let i = start; i < end; i++) {
    const c = tree.perm[i] * dims;
    for (let d = 0; d < dims; d++) {
      const v = tree.coords[c + d];
      if (v < tree.boxLo[o + d]) tree.boxLo[o + d] = v;
      if (v > tree.boxHi[o + d]) tree.boxHi[o + d] = v;
    }
  }
  return node;
}

function widestDimension(tree: KdTree, node: number): number {
  const { dims } = tree.space;
  const o = node * dims;
  let best = -1;
  let spread = 0;
  for (let d = 0; d < dims; d++) {
    const s = tree.boxHi[o + d] - tree.boxLo[o + d];
    if (s > spread) {
      spread = s;
      best = d;
    }
  }
  return best;
}

/** Quickselect: reorders perm[lo..hi] so that perm[nth] has the nth smallest coordinate. */
function selectNth(
  perm: Int32Array,
  coords: Float64Array,
  dims: number,
  dim: number,
  lo: number,
  hi: number,
  nth: number,
): void {
  let l = lo;
  let h = hi;
  while (l < h) {
    const pivot = coords[perm[(l + h) >> 1] * dims + dim];
    let i = l;
    let j = h;
    while (i <= j) {
      while (coords[perm[i] * dims + dim] < pivot) i++;
      while (coords[perm[j] * dims + dim] > pivot) j--;
      if (i <= j) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        i++;
        j--;
      }
    }
    if (nth <= j) h = j;
    else if (nth >= i) l = i;
    else return;
  }
}

/**
 * The k nearest rows of every query point perm[from .. to - 1], in (distance, row) order:
 * ties at equal distance go to the smaller row number. Writes row numbers and distances of
 * query position i at (i - from) * k in `outRows` / `outDist`. Every point's rows are
 * candidates, the query's own included.
 */
export function searchRange(
  tree: KdTree,
  k: number,
  from: number,
  to: number,
  outRows: Int32Array,
  outDist: Float64Array,
): void {
  const scratch: Scratch = {
    stackNode: new Int32Array(STACK_SIZE),
    stackBound: new Float64Array(STACK_SIZE),
    q: new Float64Array(tree.space.dims),
    rows: new Int32Array(k),
    dist: new Float64Array(k),
  };
  const scale = fastScale(tree.space);
  const slack = boundSlack(tree.space);
  for (let i = from; i < to; i++) {
    searchOne(tree, k, i, scratch, scale, slack);
    outRows.set(scratch.rows, (i - from) * k);
    outDist.set(scratch.dist, (i - from) * k);
  }
}

interface Scratch {
  stackNode: Int32Array;
  stackBound: Float64Array;
  q: Float64Array;
  rows: Int32Array;
  dist: Float64Array;
}

/** One query: the point at leaf position `pos`. Depth-first, nearer child first, pruned by box bounds. */
function searchOne(
  tree: KdTree,
  k: number,
  pos: number,
  s: Scratch,
  scale: Float64Array | null,
  slack: number,
): void {
  const { space, leafCoords, perm, memberStart, members, nodeStart, nodeEnd, nodeLeft, nodeRight } =
    tree;
  const { stackNode, stackBound, q, rows, dist } = s;
  const dims = space.dims;
  for (let d = 0; d < dims; d++) q[d] = leafCoords[pos * dims + d];
  let size = 0;
  let worst = Number.POSITIVE_INFINITY;
  stackNode[0] = 0;
  stackBound[0] = 0;
  let top = 1;
  while (top > 0) {
    top--;
    if (stackBound[top] * slack > worst) continue;
    const node = stackNode[top];
    const left = nodeLeft[node];
    if (left >= 0) {
      const right = nodeRight[node];
      const bl = boxBound(tree, left, q, scale);
      const br = boxBound(tree, right, q, scale);
      const nearLeft = bl <= br;
      stackNode[top] = nearLeft ? right : left;
      stackBound[top] = nearLeft ? br : bl;
      stackNode[top + 1] = nearLeft ? left : right;
      stackBound[top + 1] = nearLeft ? bl : br;
      top += 2;
      continue;
    }
    for (let j = nodeStart[node]; j < nodeEnd[node]; j++) {
      const d = scale
        ? fastDistance(scale, dims, q, 0, leafCoords, j * dims, worst)
        : boundedDistance(space, q, 0, leafCoords, j * dims, worst);
      if (d > worst) continue;
      const u = perm[j];
      for (let m = memberStart[u]; m < memberStart[u + 1]; m++) {
        const row = members[m];
        if (size === k && (d > dist[k - 1] || (d === dist[k - 1] && row > rows[k - 1]))) break;
        size = insert(rows, dist, size, k, row, d);
        if (size === k) worst = dist[k - 1];
      }
    }
  }
}

/**
 * With p = 1 and r = 1 or 2 the bound uses only subtraction, multiplication and addition, which
 * round monotonically, so it never exceeds the distance. Other exponents go through `**`,
 * which is not guaranteed monotone to the last bit; a relative slack of 1e-12 keeps a point
 * at exactly the k-th distance from being pruned.
 */
function boundSlack(space: Space): number {
  return space.p === 1 && (space.r === 1 || space.r === 2) ? 1 : 1 - 1e-12;
}

/** Inserts (row, d) into the sorted candidate list; returns the new size (at most k). */
function insert(
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
