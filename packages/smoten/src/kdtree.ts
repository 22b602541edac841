// The kd-tree of the exact neighbour search: built once per class in the main thread, searched
// there or in worker threads (it is plain typed arrays, so it posts to a worker as is).
import {
  boundedDistance,
  boundSlack,
  boxBound,
  fastDistance,
  fastScale,
  insert,
  type Space,
} from './metric.js';

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
 * Builds the tree: each node splits its points at the median of the dimension where they vary
 * most (scaled variance; on skewed data this gives tighter boxes than the widest range), until
 * a node holds at most `leafSize` points or all its points coincide.
 */
export function buildKdTree(
  space: Space,
  coords: Float64Array,
  memberStart: Int32Array,
  members: Int32Array,
  leafSize: number,
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
    perm: new Int32Array(nPoints),
    leafCoords: new Float64Array(nPoints * dims),
    nNodes: 0,
    nodeStart: new Int32Array(maxNodes),
    nodeEnd: new Int32Array(maxNodes),
    nodeLeft: new Int32Array(maxNodes),
    nodeRight: new Int32Array(maxNodes),
    boxLo: new Float64Array(maxNodes * dims),
    boxHi: new Float64Array(maxNodes * dims),
  };
  for (let i = 0; i < nPoints; i++) tree.perm[i] = i;
  if (nPoints === 0) return tree;
  const pending: number[] = [newNode(tree, 0, nPoints)];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const start = tree.nodeStart[node];
    const end = tree.nodeEnd[node];
    if (end - start <= leafSize) continue;
    const dim = splitDimension(tree, node);
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

function splitDimension(tree: KdTree, node: number): number {
  const { dims, blockScale, blockStart } = tree.space;
  const start = tree.nodeStart[node];
  const count = tree.nodeEnd[node] - start;
  let best = -1;
  let bestVariance = 0;
  let block = 0;
  for (let d = 0; d < dims; d++) {
    while (blockStart[block + 1] <= d) block++;
    let sum = 0;
    let squares = 0;
    for (let i = start; i < start + count; i++) {
      const v = tree.coords[tree.perm[i] * dims + d] * blockScale[block];
      sum += v;
      squares += v * v;
    }
    const variance = squares / count - (sum / count) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
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
      const bl = boxBound(space, tree.boxLo, tree.boxHi, left, q, scale);
      const br = boxBound(space, tree.boxLo, tree.boxHi, right, q, scale);
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
