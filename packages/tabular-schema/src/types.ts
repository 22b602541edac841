/**
 * The kinds a column can have. `categorical`, `boolean` and `id` are stored as integer codes
 * into a list of categories; `integer`, `float` and `datetime` (milliseconds since the epoch)
 * as float64 values with a missing mask.
 */
export type ColumnKind = 'categorical' | 'integer' | 'float' | 'boolean' | 'datetime' | 'id';

/** A category as the user wrote it. `null` is the missing level, a category of its own. */
export type CategoryValue = string | number | boolean | null;

/** A decoded cell: a category, a number, or null when a numeric cell is missing. */
export type CellValue = CategoryValue;

/** A row as plain data, keyed by column name. */
export type Row = Record<string, CellValue>;

/** The label shown for the missing level in messages and reports. */
export const MISSING_LABEL = '<missing>';

/** Schema of a coded column: its categories in code order (first appearance unless sorted). */
export interface CodedColumnSchema {
  name: string;
  kind: 'categorical' | 'boolean' | 'id';
  /** Category of each code; `null` is the missing level. */
  categories: readonly CategoryValue[];
}

/** Schema of a numeric column with what was learned for enforcing it on synthetic output. */
export interface NumericColumnSchema {
  name: string;
  kind: 'integer' | 'float' | 'datetime';
  /** Smallest non-missing value seen (NaN when every value is missing). */
  min: number;
  /** Largest non-missing value seen (NaN when every value is missing). */
  max: number;
  /** Decimal digits that reproduce every value (0 for integers), null when none do. */
  digits: number | null;
  /** Number of missing cells seen. */
  missingCount: number;
}

/** One column's schema. */
export type ColumnSchema = CodedColumnSchema | NumericColumnSchema;

/** The schema of a Dataset: columns in order and which one is the label. */
export interface Schema {
  readonly columns: readonly ColumnSchema[];
  /** The name of the label column, or null for a table without one. */
  readonly label: string | null;
}

/** True for the kinds stored as codes (categorical, boolean, id). */
export function isCoded(column: ColumnSchema): column is CodedColumnSchema {
  return column.kind === 'categorical' || column.kind === 'boolean' || column.kind === 'id';
}

/** True for the kinds stored as numbers (integer, float, datetime). */
export function isNumeric(column: ColumnSchema): column is NumericColumnSchema {
  return !isCoded(column);
}

/** How a category is written in messages: strings quoted, missing as `<missing>`. */
export function formatCategory(value: CategoryValue): string {
  if (value === null) return MISSING_LABEL;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** A stable key for a category, so that `1`, `'1'` and `true` stay distinct and null is safe. */
export function categoryKey(value: CategoryValue): string {
  if (value === null) return 'n:';
  return `${typeof value === 'string' ? 's' : typeof value === 'number' ? 'd' : 'b'}:${value}`;
}
