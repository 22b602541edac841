import type { Dataset } from '@synthctr/tabular-schema';
import { alignTables, type ColumnPair, readTable } from './align.js';
import { columnValueIds, rowIds, SIGNIFICANT_DIGITS } from './row-keys.js';

/** Options of {@link identicalRows} and {@link duplicateRows}. */
export interface CopyOptions {
  /** The columns compared (the label included unless left out here). @default every real column */
  columns?: readonly string[];
}

/** Exact copies of real rows in a synthetic table (the paper's Table 1). */
export interface IdenticalRowsResult {
  /** Rows in the synthetic table. */
  syntheticRows: number;
  /** Rows in the real table. */
  realRows: number;
  /** Synthetic rows identical to some real row (each synthetic row counted once). */
  identicalRows: number;
  /** identicalRows / syntheticRows (0 for an empty synthetic table). */
  exactCopyRate: number;
  /** Distinct rows in the real table. */
  distinctRealRows: number;
  /** Distinct real rows that occur at least once in the synthetic table. */
  distinctRealRowsReproduced: number;
  /** The compared columns. */
  columns: string[];
  /** Decimal digits numeric columns were rounded to (null: 9 significant digits). */
  numericDigits: Record<string, number | null>;
  /** How values were compared, in words. */
  tolerance: string;
}

/** Repeated rows within one table. */
export interface DuplicateRowsResult {
  /** Rows in the table. */
  rows: number;
  /** Distinct rows. */
  distinctRows: number;
  /** Rows that repeat an earlier row: rows - distinctRows. */
  duplicateRows: number;
  /** duplicateRows / rows (0 for an empty table). */
  duplicateRate: number;
  /** The compared columns. */
  columns: string[];
  /** How values were compared, in words. */
  tolerance: string;
}

function toleranceText(pairs: ColumnPair[], digits: Record<string, number | null>): string {
  const numeric = pairs.filter((p) => p.kind === 'numeric').map((p) => p.name);
  const coded = 'categories by coerced value (30, "30" and 30.0 are equal; missing equals missing)';
  if (numeric.length === 0) return `exact match on ${coded}`;
  const parts = numeric.map(
    (n) =>
      `${n}: ${digits[n] === null ? `${SIGNIFICANT_DIGITS} significant digits` : `${digits[n]} decimals`}`,
  );
  return `numbers rounded to the real column's learned digits (${parts.join(', ')}), then exact match; ${coded}`;
}

function digitsOf(pairs: ColumnPair[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const p of pairs) if (p.kind === 'numeric') out[p.name] = p.digits;
  return out;
}

function jointRowIds(pairs: ColumnPair[], nRows: number): Float64Array {
  return rowIds(
    pairs.map((p) => columnValueIds(p, p.kind === 'numeric' ? p.digits : null)),
    nRows,
  );
}

/**
 * How many synthetic rows are verbatim copies of a real row. Values are compared after
 * coercion to the real table's schema (see `canonicalKey`), numbers after rounding to the
 * real column's learned decimals; rows are turned into exact integer ids (no hashing), so
 * 60,000 x 60,000 rows take milliseconds.
 *
 * Porting note: SDMetrics' NewRowSynthesis matches numbers within 1 % relative; we round to
 * the digits the real data was written with (the digits synthesizers round their output to),
 * which is exact for integer and categorical data such as Frappe and can be hashed.
 */
export function identicalRows(
  real: Dataset,
  synthetic: Dataset,
  options: CopyOptions = {},
): IdenticalRowsResult {
  const pairs = alignTables('identicalRows', real, synthetic, options.columns);
  const nReal = real.nRows;
  const nSyn = synthetic.nRows;
  const ids = jointRowIds(pairs, nReal + nSyn);
  const realIds = new Set<number>();
  for (let i = 0; i < nReal; i++) realIds.add(ids[i]);
  const reproduced = new Set<number>();
  let identical = 0;
  for (let i = nReal; i < nReal + nSyn; i++) {
    if (realIds.has(ids[i])) {
      identical += 1;
      reproduced.add(ids[i]);
    }
  }
  const numericDigits = digitsOf(pairs);
  return {
    syntheticRows: nSyn,
    realRows: nReal,
    identicalRows: identical,
    exactCopyRate: nSyn === 0 ? 0 : identical / nSyn,
    distinctRealRows: realIds.size,
    distinctRealRowsReproduced: reproduced.size,
    columns: pairs.map((p) => p.name),
    numericDigits,
    tolerance: toleranceText(pairs, numericDigits),
  };
}

/** How many rows of one table repeat an earlier row, compared as {@link identicalRows} does. */
export function duplicateRows(data: Dataset, options: CopyOptions = {}): DuplicateRowsResult {
  const pairs = readTable('duplicateRows', data, options.columns);
  const ids = jointRowIds(pairs, data.nRows);
  const distinct = new Set<number>(ids).size;
  return {
    rows: data.nRows,
    distinctRows: distinct,
    duplicateRows: data.nRows - distinct,
    duplicateRate: data.nRows === 0 ? 0 : (data.nRows - distinct) / data.nRows,
    columns: pairs.map((p) => p.name),
    tolerance: toleranceText(pairs, digitsOf(pairs)),
  };
}
