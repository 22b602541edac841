import { tf } from '@synthctr/runtime';

/**
 * Row-level kernels written in plain TypeScript over the backend's own memory: the sparse
 * parts of CTGAN's two widest layers (one-hot rows times a weight matrix is a sum of weight
 * rows) and the scatter that is their gradient. On wasm and cpu the tensors' storage is read
 * and written in place (no copies); other backends fall back to copies.
 */

interface HeapBackend {
  typedArrayFromHeap?(info: { dataId: object; shape: number[]; dtype: tf.DataType }): Float32Array;
  makeOutput?(
    shape: number[],
    dtype: tf.DataType,
  ): { dataId: object; shape: number[]; dtype: tf.DataType };
  data?: { get(dataId: object): { values?: unknown } };
}

/**
 * The float32 storage of a tensor without a copy where the backend allows it (wasm, cpu), or
 * null. A view is valid only until the next tensor allocation (the wasm heap may move), so take
 * it right before use.
 */
export function storageOf(t: tf.Tensor): Float32Array | null {
  const backend = tf.backend() as unknown as HeapBackend;
  const info = { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
  if (typeof backend.typedArrayFromHeap === 'function') return backend.typedArrayFromHeap(info);
  const values = backend.data?.get(t.dataId)?.values;
  return values instanceof Float32Array ? values : null;
}

/**
 * A new, uninitialised float32 tensor shaped like `t` whose storage can be written through
 * {@link storageOf} (wasm only), or null on other backends.
 */
export function freshLike(t: tf.Tensor): tf.Tensor | null {
  const backend = tf.backend() as unknown as HeapBackend;
  if (typeof backend.makeOutput !== 'function' || typeof backend.typedArrayFromHeap !== 'function')
    return null;
  const info = backend.makeOutput([...t.shape], 'float32');
  return tf.engine().makeTensorFromTensorInfo(info as tf.TensorInfo);
}

/** The values of a tensor for reading: its storage, or a copy. */
export function readOf(t: tf.Tensor): Float32Array {
  return storageOf(t) ?? (t.dataSync() as Float32Array);
}

/**
 * A sparse set of weighted row references, grouped: entry e adds `scale[e] x table[index[e]]`
 * to output row `group[e]`. The same shape describes the gradient: row `index[e]` of the
 * table gets `scale[e] x dy[group[e]]`.
 */
export interface RowRefs {
  /** Table row of each entry. */
  index: Int32Array;
  /** Output row (group) of each entry. */
  group: Int32Array;
  /** Weight of each entry; null means 1 for all. */
  scale: Float32Array | null;
  /** Number of output rows. */
  groups: number;
}

/**
 * Σ over entries of scale x table row, per group: a [groups, width] tensor. With `base` (a
 * [width] vector, such as a bias) every output row starts from it.
 */
export function gatherRowsSum(table: tf.Tensor2D, refs: RowRefs, base?: tf.Tensor): tf.Tensor2D {
  const width = table.shape[1];
  const out = new Float32Array(refs.groups * width);
  if (base) {
    const b = readOf(base);
    for (let g = 0; g < refs.groups; g++) out.set(b.subarray(0, width), g * width);
  }
  const t = readOf(table);
  const { index, group, scale } = refs;
  for (let e = 0; e < index.length; e++) {
    const src = index[e] * width;
    const dst = group[e] * width;
    const s = scale ? scale[e] : 1;
    if (s === 1) for (let j = 0; j < width; j++) out[dst + j] += t[src + j];
    else if (s !== 0) for (let j = 0; j < width; j++) out[dst + j] += s * t[src + j];
  }
  return tf.tensor2d(out, [refs.groups, width]);
}

/** The gradient of {@link gatherRowsSum} for one set of references and its upstream rows. */
export interface RowGrad {
  refs: RowRefs;
  /** Upstream gradient, row-major [groups, width]. */
  dy: Float32Array;
}

/** Adds every row gradient into `target` (row-major [rows, width]), in place. */
export function scatterRowsAdd(
  target: Float32Array,
  width: number,
  grads: readonly RowGrad[],
): void {
  for (const { refs, dy } of grads) {
    const { index, group, scale } = refs;
    for (let e = 0; e < index.length; e++) {
      const dst = index[e] * width;
      const src = group[e] * width;
      const s = scale ? scale[e] : 1;
      if (s === 0) continue;
      for (let j = 0; j < width; j++) target[dst + j] += s * dy[src + j];
    }
  }
}

/**
 * References for packed rows: batch row b belongs to pack floor(b / pac) and position
 * r = b mod pac, and its entries point at row `r x blockRows + position` of a table whose
 * rows are pac blocks of `blockRows` rows each (the first layer of the packed critic).
 * `positions` is row-major [batch, perRow]; `values` (same shape) are the entry weights.
 */
export function packedRefs(
  positions: Int32Array,
  values: Float32Array | null,
  batch: number,
  pac: number,
  blockRows: number,
): RowRefs {
  const perRow = positions.length / batch;
  const index = new Int32Array(positions.length);
  const group = new Int32Array(positions.length);
  for (let b = 0; b < batch; b++) {
    const r = b % pac;
    const m = (b - r) / pac;
    for (let j = 0; j < perRow; j++) {
      const e = b * perRow + j;
      index[e] = r * blockRows + positions[e];
      group[e] = m;
    }
  }
  return { index, group, scale: values, groups: batch / pac };
}

/** References where batch row b reads table row `positions[b]` (one entry per row). */
export function rowRefs(positions: Int32Array): RowRefs {
  const group = Int32Array.from({ length: positions.length }, (_, b) => b);
  return { index: positions, group, scale: null, groups: positions.length };
}
