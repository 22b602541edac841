import type { CategoryValue } from '@synthctr/tabular-schema';

function typeRank(value: CategoryValue): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'boolean') return 1;
  if (typeof value === 'string') return 2;
  return 3;
}

/**
 * The sorted order the reference's OrdinalEncoder gives categories: numbers ascending (NaN
 * last among them), then false before true, then strings by UTF-16 code units, then the
 * missing level last. Porting note: NumPy cannot sort a column that mixes numbers and
 * strings; this order makes such a column sortable instead of an error.
 */
export function compareCategories(a: CategoryValue, b: CategoryValue): number {
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb) return ta - tb;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
    return a - b;
  }
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

/** The rank of each code in sorted category order (rank 0 is the smallest category). */
export function sortedRanks(categories: readonly CategoryValue[]): Int32Array {
  const order = categories
    .map((_, i) => i)
    .sort((i, j) => compareCategories(categories[i], categories[j]) || i - j);
  const rank = new Int32Array(categories.length);
  order.forEach((code, r) => {
    rank[code] = r;
  });
  return rank;
}
