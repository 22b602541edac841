import type { Notice } from '@synthctr/runtime/light';
import { type Dataset, isCoded } from '@synthctr/tabular-schema';
import { sortedRanks } from './order.js';

/**
 * One feature column seen as categories: codes per row, the sorted rank of each code (for
 * ties in the vote) and, for a numeric column, the value each code stands for.
 */
export interface NominalFeature {
  name: string;
  codes: Int32Array;
  nCategories: number;
  rank: Int32Array;
  /** Numeric columns only: the value of each code, ascending, NaN (missing) last. */
  values: Float64Array | null;
}

/** Tables with fewer rows than this are never said to look continuous. */
const CONTINUOUS_MIN_ROWS = 10;

/**
 * The non-label columns as categories. Coded columns keep their codes; a numeric column's
 * distinct values become its categories, in ascending order with missing last, as the
 * reference's OrdinalEncoder treats every column it is given.
 */
export function nominalFeatures(data: Dataset, names: readonly string[]): NominalFeature[] {
  return names.map((name) => {
    const col = data.column(name);
    if ('codes' in col) {
      return {
        name,
        codes: col.codes,
        nCategories: col.schema.categories.length,
        rank: sortedRanks(col.schema.categories),
        values: null,
      };
    }
    return numericAsCategories(name, col.values);
  });
}

function numericAsCategories(name: string, values: Float64Array): NominalFeature {
  const distinct = [
    ...new Set(Array.from(values, (v) => (Number.isNaN(v) ? Number.NaN : v === 0 ? 0 : v))),
  ];
  distinct.sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  const lookup = new Map(distinct.map((v, i) => [v, i]));
  const codes = Int32Array.from(
    values,
    (v) => lookup.get(Number.isNaN(v) ? Number.NaN : v === 0 ? 0 : v)!,
  );
  const rank = Int32Array.from(distinct, (_, i) => i);
  return { name, codes, nCategories: distinct.length, rank, values: Float64Array.from(distinct) };
}

/**
 * Notices for feature columns that look like measurements or ids rather than categories:
 * every value distinct. SMOTEN treats each value as a category of its own, so such a column
 * carries no neighbour information and every new row copies one of its values.
 */
export function categoryNotices(data: Dataset, names: readonly string[], method: string): Notice[] {
  if (data.nRows < CONTINUOUS_MIN_ROWS) return [];
  const notices: Notice[] = [];
  for (const name of names) {
    const schema = data.columnSchema(name);
    const numeric = !isCoded(schema) || schema.categories.every((c) => typeof c === 'number');
    const distinct = isCoded(schema)
      ? new Set(data.codes(name)).size
      : new Set(data.values(name)).size;
    if (distinct < data.nRows) continue;
    notices.push({
      code: numeric ? 'looks-continuous' : 'all-distinct',
      column: name,
      message: numeric
        ? `${method}: column '${name}' looks continuous (all ${data.nRows} values distinct and numeric); ` +
          `${method} treats every value as a category, so new rows only copy existing values. ` +
          'Bin it, drop it, or use SMOTE-NC for numeric columns.'
        : `${method}: column '${name}' has a different value in each of its ${data.nRows} rows (an id?); ` +
          'it adds nothing to the neighbour search and new rows copy its values. Drop it before fitting.',
    });
  }
  return notices;
}
