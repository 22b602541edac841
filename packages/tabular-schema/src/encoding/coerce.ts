import { Dataset } from '../dataset.js';
import { SchemaError } from '../errors.js';
import { isMissingCell } from '../infer.js';
import {
  type CategoryValue,
  type CodedColumnSchema,
  type ColumnSchema,
  categoryKey,
  formatCategory,
  isCoded,
  type NumericColumnSchema,
  type Schema,
} from '../types.js';

/** Options of {@link datasetWithSchema}. */
export interface CoerceOptions {
  /**
   * A coded value that matches no category: `error`, or `extend` (append it as a new category
   * at the end, so the known codes keep their meaning). Id columns always extend.
   * @default 'error'
   */
  unknown?: 'error' | 'extend';
}

const DEFAULT_UNKNOWN = 'error';
const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A raw cell as the category of a coded column it equals after schema coercion, or
 * undefined when it matches none. Equal after coercion: the same value; a number and its
 * decimal text (`30`, `'30'`, `'30.0'` and `30.0` are one category when the column holds
 * 30 or '30'); `true` and `'true'`; any missing cell and the missing level.
 */
export function coerceCategory(
  column: CodedColumnSchema,
  value: unknown,
): CategoryValue | undefined {
  const keys = new Map(column.categories.map((c) => [categoryKey(c), c]));
  return matchCategory(keys, value);
}

function matchCategory(
  keys: Map<string, CategoryValue>,
  value: unknown,
): CategoryValue | undefined {
  if (isMissingCell(value)) return keys.get(categoryKey(null));
  const candidates: CategoryValue[] = [];
  if (typeof value === 'string') {
    candidates.push(value);
    const t = value.trim();
    if (NUMERIC_TEXT.test(t)) candidates.push(Number(t));
    if (t.toLowerCase() === 'true' || t.toLowerCase() === 'false')
      candidates.push(t.toLowerCase() === 'true');
    if (t !== value) candidates.push(t);
  } else if (typeof value === 'number') {
    candidates.push(value, String(value));
  } else if (typeof value === 'boolean') {
    candidates.push(value, String(value));
  } else if (value instanceof Date) {
    candidates.push(value.toISOString());
  } else candidates.push(String(value));
  for (const c of candidates) {
    const hit = keys.get(categoryKey(c));
    if (hit !== undefined) return hit;
  }
  // A numeric category written as text with another spelling ('30.0' for 30).
  for (const c of candidates) {
    if (typeof c !== 'number') continue;
    const hit = keys.get(categoryKey(String(c)));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** A raw cell as the number a numeric column holds (NaN when missing); text is parsed. */
export function coerceNumber(column: NumericColumnSchema, value: unknown): number {
  if (isMissingCell(value)) return Number.NaN;
  if (value instanceof Date) return value.getTime();
  const v =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? Number(value.trim())
        : Number.NaN;
  if (!Number.isFinite(v)) {
    throw new SchemaError(
      `datasetWithSchema: column '${column.name}' is ${column.kind} but holds ${JSON.stringify(value)}, ` +
        `which is not a finite number; clean the value or give it as missing (null).`,
    );
  }
  return v;
}

/**
 * Plain rows read with a fitted schema instead of inferring one, so values are compared as
 * the schema sees them (B25: `30`, `'30'` and `30.0` are the same cell). Columns keep the
 * schema's order, kinds and category lists (unknown coded values per `options.unknown`);
 * numeric columns keep their learned bounds and digits. A row missing a column is missing.
 */
export function datasetWithSchema(
  schema: Schema,
  rows: readonly Record<string, unknown>[],
  options: CoerceOptions = {},
): Dataset {
  const unknown = options.unknown ?? DEFAULT_UNKNOWN;
  const arrays: Record<string, Int32Array | Float64Array> = {};
  const columns = schema.columns.map((col): ColumnSchema => {
    const raw = rows.map((r) => r[col.name]);
    if (!isCoded(col)) {
      arrays[col.name] = Float64Array.from(raw, (v) => coerceNumber(col, v));
      return col;
    }
    const { codes, categories } = codeColumn(col, raw, col.kind === 'id' ? 'extend' : unknown);
    arrays[col.name] = codes;
    return categories === col.categories ? col : { ...col, categories };
  });
  return Dataset.fromColumns({ columns, label: schema.label }, arrays);
}

function codeColumn(
  col: CodedColumnSchema,
  raw: unknown[],
  unknown: 'error' | 'extend',
): { codes: Int32Array; categories: readonly CategoryValue[] } {
  const keys = new Map(col.categories.map((c) => [categoryKey(c), c]));
  const codeOf = new Map(col.categories.map((c, i) => [categoryKey(c), i]));
  let categories: CategoryValue[] | null = null;
  const codes = new Int32Array(raw.length);
  raw.forEach((value, i) => {
    const hit = matchCategory(keys, value);
    if (hit !== undefined) {
      codes[i] = codeOf.get(categoryKey(hit))!;
      return;
    }
    const fresh: CategoryValue = isMissingCell(value)
      ? null
      : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : String(value);
    if (unknown === 'error') {
      throw new SchemaError(
        `datasetWithSchema: column '${col.name}' row ${i} holds ${formatCategory(fresh)}, which is not one of its ` +
          `${col.categories.length} categories (${col.categories.slice(0, 8).map(formatCategory).join(', ')}` +
          `${col.categories.length > 8 ? ', ...' : ''}); pass { unknown: 'extend' } to append new values.`,
      );
    }
    categories ??= [...col.categories];
    const key = categoryKey(fresh);
    keys.set(key, fresh);
    codeOf.set(key, categories.length);
    codes[i] = categories.length;
    categories.push(fresh);
  });
  return { codes, categories: categories ?? col.categories };
}
