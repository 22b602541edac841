import type { ColumnPair } from './align.js';

/** Numbers without learned digits are compared at this many significant digits. */
export const SIGNIFICANT_DIGITS = 9;
const MAX_SAFE = 2 ** 53;

/** Integer ids of one column's values over all rows (real rows first, then synthetic). */
export interface ValueIds {
  ids: Float64Array;
  /** Ids run over 0..size-1. */
  size: number;
}

/** The rounding key of a number: at `digits` decimals, or at 9 significant digits when null. */
export function roundKey(v: number, digits: number | null): number {
  if (digits === null) return Number(v.toPrecision(SIGNIFICANT_DIGITS));
  const f = 10 ** digits;
  const scaled = v * f;
  return Math.abs(scaled) < MAX_SAFE ? Math.round(scaled) : v;
}

/** Dense ids for an array of keys (NaN is one id of its own). */
function densify(keys: Float64Array): ValueIds {
  const map = new Map<number, number>();
  const ids = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = Number.isNaN(keys[i]) ? Number.POSITIVE_INFINITY : keys[i];
    let id = map.get(k);
    if (id === undefined) {
      id = map.size;
      map.set(k, id);
    }
    ids[i] = id;
  }
  return { ids, size: map.size };
}

/** The value ids of one compared column; numbers are rounded by {@link roundKey} first. */
export function columnValueIds(pair: ColumnPair, digits: number | null): ValueIds {
  const nReal = pair.real.length;
  const all = new Float64Array(nReal + pair.synthetic.length);
  if (pair.kind === 'coded') {
    all.set(pair.real);
    all.set(pair.synthetic, nReal);
    return { ids: all, size: Math.max(pair.categories.length, 1) };
  }
  for (let i = 0; i < nReal; i++) all[i] = roundKey(pair.real[i], digits);
  for (let i = 0; i < pair.synthetic.length; i++)
    all[nReal + i] = roundKey(pair.synthetic[i], digits);
  return densify(all);
}

/**
 * One id per row such that two rows share an id exactly when every column's value id is
 * equal: mixed-radix numbers while the product of the column sizes stays below 2^53,
 * re-densified (exactly, with a map) whenever it would not. No hashing, so no collisions.
 */
export function rowIds(columns: readonly ValueIds[], nRows: number): Float64Array {
  let acc: Float64Array = new Float64Array(nRows);
  let size = 1;
  for (const col of columns) {
    if (size * col.size >= MAX_SAFE) {
      const dense = densify(acc);
      acc = dense.ids;
      size = dense.size;
    }
    for (let i = 0; i < nRows; i++) acc[i] = acc[i] * col.size + col.ids[i];
    size *= col.size;
  }
  return acc;
}
