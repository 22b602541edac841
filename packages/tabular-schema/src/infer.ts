import { Dataset } from './dataset.js';
import { SchemaError } from './errors.js';
import { checkKeyColumn } from './output.js';
import {
  type CategoryValue,
  type ColumnKind,
  type ColumnSchema,
  categoryKey,
  type NumericColumnSchema,
  type Schema,
} from './types.js';

/** Options of {@link inferSchema} and {@link datasetFromRows}. */
export interface InferOptions {
  /** Kinds that override inference, by column name. */
  kinds?: Record<string, ColumnKind>;
  /** The label column (made categorical unless its kind is given). @default null */
  label?: string | null;
  /**
   * An integer column with at most this many distinct non-negative values is categorical.
   * @default 10
   */
  maxIntegerCategories?: number;
  /** A string column with at least this many rows, all values distinct, is an id. @default 20 */
  minIdRows?: number;
  /** Sort categories (numbers ascending, then strings) instead of first appearance. @default false */
  sortCategories?: boolean;
}

const DEFAULT_MAX_INTEGER_CATEGORIES = 10;
const DEFAULT_MIN_ID_ROWS = 20;
const ID_NAME = /(^|[_\s-])(id|key|uuid)$|^(id|key|pk|primary_key|uuid)$/i;
const MAX_DIGITS = 15;

/** Whether a raw cell counts as missing: null, undefined, NaN or the empty string. */
export function isMissingCell(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (typeof value === 'number' && Number.isNaN(value))
  );
}

/** The kind inference gives one column of raw values. */
export function inferKind(
  name: string,
  values: readonly unknown[],
  options: InferOptions = {},
): ColumnKind {
  const maxCats = options.maxIntegerCategories ?? DEFAULT_MAX_INTEGER_CATEGORIES;
  const minIdRows = options.minIdRows ?? DEFAULT_MIN_ID_ROWS;
  const present = values.filter((v) => !isMissingCell(v));
  if (present.length === 0) return 'categorical';
  if (present.every((v) => typeof v === 'boolean')) return 'boolean';
  if (present.every((v) => v instanceof Date)) return 'datetime';
  if (present.every((v) => typeof v === 'number')) {
    const nums = present as number[];
    if (!nums.every(Number.isInteger)) return 'float';
    const distinct = new Set(nums).size;
    if (ID_NAME.test(name) && distinct === nums.length && nums.length === values.length)
      return 'id';
    const cap = Math.min(Math.round(values.length / 10), maxCats);
    if (nums.every((v) => v >= 0) && distinct <= cap) return 'categorical';
    return 'integer';
  }
  // A key is never missing: a column with blanks is categorical, whatever its name.
  // Porting note: SDV guesses ids from names and types alone; requiring a complete,
  // all-distinct column keeps a blank-holding code column from being replaced by keys.
  const complete = present.length === values.length;
  const distinct = new Set(present.map((v) => String(v))).size;
  if (complete && present.length >= minIdRows && distinct === present.length) return 'id';
  if (complete && ID_NAME.test(name) && distinct === present.length && present.length > 1)
    return 'id';
  return 'categorical';
}

/** Learns min, max, rounding digits and the missing count of a numeric column. */
export function numericSchema(
  name: string,
  kind: 'integer' | 'float' | 'datetime',
  values: Float64Array,
): NumericColumnSchema {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let missingCount = 0;
  for (const v of values) {
    if (Number.isNaN(v)) {
      missingCount += 1;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (missingCount === values.length) {
    min = Number.NaN;
    max = Number.NaN;
  }
  return { name, kind, min, max, digits: kind === 'float' ? learnDigits(values) : 0, missingCount };
}

/**
 * The smallest d such that rounding every value to d decimals leaves it unchanged, or null
 * when none does. d runs from 0 to 15 minus the integer digits of the largest magnitude
 * (a double holds about 15 significant digits), as RDT's rounding scheme does.
 */
export function learnDigits(values: ArrayLike<number>): number | null {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > largest) largest = a;
  }
  const intDigits = largest >= 1 ? Math.floor(Math.log10(largest)) + 1 : 0;
  for (let d = 0; d <= Math.max(0, MAX_DIGITS - intDigits); d++) {
    const f = 10 ** d;
    let ok = true;
    for (let i = 0; i < values.length && ok; i++) {
      const v = values[i];
      if (Number.isNaN(v)) continue;
      if (Math.round(v * f) / f !== v) ok = false;
    }
    if (ok) return d;
  }
  return null;
}

function toCategory(value: unknown): CategoryValue {
  if (isMissingCell(value)) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function compareCategories(a: CategoryValue, b: CategoryValue): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Codes for raw values of a coded column, with categories in first-appearance (or sorted) order. */
export function encodeCategories(
  values: readonly unknown[],
  sort = false,
): { codes: Int32Array; categories: CategoryValue[] } {
  const cats = values.map(toCategory);
  const order: CategoryValue[] = [];
  const seen = new Set<string>();
  for (const c of cats) {
    const k = categoryKey(c);
    if (!seen.has(k)) {
      seen.add(k);
      order.push(c);
    }
  }
  if (sort) order.sort(compareCategories);
  const lookup = new Map(order.map((c, i) => [categoryKey(c), i]));
  const codes = Int32Array.from(cats, (c) => lookup.get(categoryKey(c))!);
  return { codes, categories: order };
}

/** The schema inference gives plain rows (see {@link datasetFromRows}). */
export function inferSchema(
  rows: readonly Record<string, unknown>[],
  options: InferOptions = {},
): Schema {
  return datasetFromRows(rows, options).schema;
}

function toNumber(name: string, value: unknown, row: number): number {
  if (isMissingCell(value)) return Number.NaN;
  if (value instanceof Date) return value.getTime();
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) {
    throw new SchemaError(
      `datasetFromRows: column '${name}' row ${row} holds ${JSON.stringify(value)}, which is not a finite number; ` +
        `declare '${name}' categorical or clean the value.`,
    );
  }
  return n;
}

/**
 * A Dataset from plain rows, inferring each column's kind unless it is given: booleans, Dates,
 * floats, integers (categorical when few non-negative values, as SDV does), ids (all distinct
 * strings, or an id-like name), and categorical otherwise. Column order is the first row's
 * keys, then keys seen later.
 */
export function datasetFromRows(
  rows: readonly Record<string, unknown>[],
  options: InferOptions = {},
): Dataset {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  const label = options.label ?? null;
  if (label !== null && !seen.has(label)) {
    throw new SchemaError(
      `datasetFromRows: the label '${label}' is not a column (columns: ${names.join(', ')}).`,
    );
  }
  const unknown = Object.keys(options.kinds ?? {}).filter((k) => !seen.has(k));
  if (unknown.length > 0 && rows.length > 0) {
    throw new SchemaError(
      `datasetFromRows: kinds names ${unknown.map((k) => `'${k}'`).join(', ')}, not a column ` +
        `(columns: ${names.join(', ')}); fix the name or drop it from kinds.`,
    );
  }
  const columns: ColumnSchema[] = [];
  const arrays: Record<string, Int32Array | Float64Array> = {};
  for (const name of names) {
    const raw = rows.map((r) => r[name]);
    let kind =
      options.kinds?.[name] ?? (name === label ? 'categorical' : inferKind(name, raw, options));
    if (name === label && kind !== 'boolean') kind = 'categorical';
    if (kind === 'categorical' || kind === 'boolean' || kind === 'id') {
      if (kind === 'id') checkKeyColumn(name, raw.map(toCategory));
      const { codes, categories } = encodeCategories(raw, options.sortCategories ?? false);
      columns.push({ name, kind, categories });
      arrays[name] = codes;
    } else {
      const values = Float64Array.from(raw, (v, i) => toNumber(name, v, i));
      if (kind === 'integer') {
        const bad = values.findIndex((v) => !Number.isNaN(v) && !Number.isInteger(v));
        if (bad >= 0) {
          throw new SchemaError(
            `datasetFromRows: column '${name}' is declared integer but row ${bad} holds ${values[bad]}; declare it float.`,
          );
        }
      }
      columns.push(numericSchema(name, kind, values));
      arrays[name] = values;
    }
  }
  return Dataset.fromColumns({ columns, label }, arrays);
}
