import { Dataset } from './dataset.js';
import { SchemaError } from './errors.js';
import {
  type CategoryValue,
  type CodedColumnSchema,
  type ColumnSchema,
  categoryKey,
  formatCategory,
  isCoded,
  type NumericColumnSchema,
  type Schema,
} from './types.js';

/** Options of {@link enforceNumeric} and {@link buildDataset}. */
export interface EnforceOptions {
  /** Clip numeric values to the [min, max] learned at fit time. @default true */
  enforceBounds?: boolean;
  /** Round float values to the decimal digits learned at fit time. @default true */
  enforceRounding?: boolean;
}

/** Options of {@link buildDataset}. */
export interface BuildDatasetOptions extends EnforceOptions {
  /** Where the generated keys of id columns start (0 = right after the largest real key). @default 0 */
  keyOffset?: number;
  /** Check that every numeric column without missing values in training has no NaN. @default true */
  rejectNaN?: boolean;
}

/** Generated values of one column: codes for coded columns, values (NaN = missing) otherwise. */
export type GeneratedColumns = Record<string, ArrayLike<number>>;

const DEFAULT_ENFORCE_BOUNDS = true;
const DEFAULT_ENFORCE_ROUNDING = true;
const DEFAULT_KEY_OFFSET = 0;
const DEFAULT_REJECT_NAN = true;

interface ResolvedBuildOptions {
  enforceBounds: boolean;
  enforceRounding: boolean;
  keyOffset: number;
  rejectNaN: boolean;
}

function resolveBuild(options: BuildDatasetOptions): ResolvedBuildOptions {
  return {
    enforceBounds: options.enforceBounds ?? DEFAULT_ENFORCE_BOUNDS,
    enforceRounding: options.enforceRounding ?? DEFAULT_ENFORCE_ROUNDING,
    keyOffset: options.keyOffset ?? DEFAULT_KEY_OFFSET,
    rejectNaN: options.rejectNaN ?? DEFAULT_REJECT_NAN,
  };
}

/**
 * Applies what the schema learned to generated values of one numeric column, in a new array:
 * clip to [min, max] (when bounds are on and known), round to the learned digits (when
 * rounding is on), and always round integer and datetime columns to whole numbers. NaN stays
 * NaN (a missing cell).
 */
export function enforceNumeric(
  column: NumericColumnSchema,
  values: ArrayLike<number>,
  options: EnforceOptions = {},
): Float64Array {
  const bounds = (options.enforceBounds ?? DEFAULT_ENFORCE_BOUNDS) && column.min <= column.max;
  const wholes = column.kind !== 'float';
  const digits = (options.enforceRounding ?? DEFAULT_ENFORCE_ROUNDING) ? column.digits : null;
  const factor = digits === null ? 0 : 10 ** digits;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    if (Number.isNaN(v)) {
      out[i] = v;
      continue;
    }
    if (bounds) v = Math.min(Math.max(v, column.min), column.max);
    if (wholes) v = Math.round(v);
    else if (factor > 0) v = Math.round(v * factor) / factor;
    out[i] = v === 0 ? 0 : v;
  }
  return out;
}

/** The names of the id (key) columns, in schema order. */
export function keyColumns(schema: Schema): string[] {
  return schema.columns.filter((c) => c.kind === 'id').map((c) => c.name);
}

/** The names of the columns a generator models: every column except the id (key) columns. */
export function modelledColumns(schema: Schema): string[] {
  return schema.columns.filter((c) => c.kind !== 'id').map((c) => c.name);
}

/**
 * Throws when a column declared as a key (kind `id`) repeats a value, naming the column, the
 * repeated value and the first two rows that hold it.
 */
export function checkKeyColumn(name: string, values: readonly CategoryValue[]): void {
  const firstRow = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const key = categoryKey(values[i]);
    const seen = firstRow.get(key);
    if (seen !== undefined) {
      throw new SchemaError(
        `Key column '${name}': the value ${formatCategory(values[i])} appears in rows ${seen} and ${i}; ` +
          `a key (kind 'id') must be distinct in every row. Declare '${name}' categorical or integer, or deduplicate it.`,
      );
    }
    firstRow.set(key, i);
  }
}

const KEY_PATTERN = /^(.*?)(\d+)$/;

/**
 * `n` distinct new keys for an id column, never drawn from a fitted distribution. Numeric keys
 * continue after the largest real key (max + 1 + offset, ...). String keys keep a shared
 * prefix with a numeric suffix when every real key has one (`type4999` -> `type5000`), and
 * are `<column>_<k>` otherwise; a generated string never equals a real key.
 *
 * Porting note: SDV's key generators count from a fixed start value, so synthetic keys
 * can equal real ones once real and synthetic rows are pooled (the augmentation this
 * project does); here they continue after the largest real key instead.
 */
export function generateKeys(column: CodedColumnSchema, n: number, offset = 0): CategoryValue[] {
  const real = column.categories.filter((c) => c !== null);
  if (real.length > 0 && real.every((c) => typeof c === 'number')) {
    const max = Math.max(...(real as number[]).map((v) => Math.floor(v)));
    return Array.from({ length: n }, (_, i) => max + 1 + offset + i);
  }
  const taken = new Set(real.map((c) => String(c)));
  const parts = real.map((c) => KEY_PATTERN.exec(String(c)));
  const prefix = parts[0]?.[1];
  const shared = parts.length > 0 && parts.every((p) => p !== null && p[1] === prefix);
  let next = shared ? Math.max(...parts.map((p) => Number(p![2]))) + 1 + offset : offset;
  const stem = shared ? prefix! : `${column.name}_`;
  const out: CategoryValue[] = [];
  while (out.length < n) {
    const key = `${stem}${next}`;
    next += 1;
    if (!taken.has(key)) out.push(key);
  }
  return out;
}

/**
 * Turns generated codes and values into a Dataset with the fitted schema: the same columns in
 * the same order and the same category lists. Numeric columns are enforced
 * ({@link enforceNumeric}); id columns are always filled by {@link generateKeys} (their
 * category list becomes the generated keys), whatever the generator passed for them. A coded
 * column's codes must lie inside its category list.
 */
export function buildDataset(
  schema: Schema,
  columns: GeneratedColumns,
  n: number,
  options: BuildDatasetOptions = {},
): Dataset {
  const opts = resolveBuild(options);
  const arrays: Record<string, Int32Array | Float64Array> = {};
  const outColumns: ColumnSchema[] = schema.columns.map((col) => {
    if (col.kind === 'id') {
      const keys = generateKeys(col, n, opts.keyOffset);
      arrays[col.name] = Int32Array.from({ length: n }, (_, i) => i);
      return { name: col.name, kind: 'id', categories: keys };
    }
    const given = columns[col.name];
    if (!given) {
      throw new SchemaError(
        `buildDataset: no generated values for column '${col.name}'; pass one array per non-id column ` +
          `(expected: ${modelledColumns(schema).join(', ')}).`,
      );
    }
    if (given.length !== n) {
      throw new SchemaError(
        `buildDataset: column '${col.name}' has ${given.length} generated values, expected ${n}.`,
      );
    }
    if (isCoded(col)) {
      arrays[col.name] = toCodes(col, given);
      return col;
    }
    if (opts.rejectNaN && col.missingCount === 0) rejectNaN(col.name, given);
    arrays[col.name] = enforceNumeric(col, given, opts);
    return col;
  });
  return Dataset.fromColumns({ columns: outColumns, label: schema.label }, arrays);
}

function toCodes(col: CodedColumnSchema, given: ArrayLike<number>): Int32Array {
  if (given instanceof Int32Array) return given;
  const k = col.categories.length;
  const codes = new Int32Array(given.length);
  for (let i = 0; i < given.length; i++) {
    const c = given[i];
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      throw new SchemaError(
        `buildDataset: column '${col.name}' row ${i} has code ${c}, expected an integer in 0..${k - 1}.`,
      );
    }
    codes[i] = c;
  }
  return codes;
}

function rejectNaN(name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new SchemaError(
        `buildDataset: column '${name}' row ${i} was generated as ${values[i]}, but the column had no ` +
          `missing values in training; the generator diverged (check its losses) or lost a value.`,
      );
    }
  }
}
