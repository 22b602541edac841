import {
  type CategoryValue,
  type ColumnSchema,
  type Dataset,
  formatCategory,
  isCoded,
} from '@synthctr/tabular-schema';
import { MetricError } from './errors.js';

/** A coded column of both tables, recoded into one category list matched by coerced value. */
export interface CodedPair {
  kind: 'coded';
  name: string;
  /** Codes of the real rows into `categories`. */
  real: Int32Array;
  /** Codes of the synthetic rows into `categories`. */
  synthetic: Int32Array;
  /** The joint categories: the real table's first, then values only the synthetic one has. */
  categories: CategoryValue[];
}

/** A numeric column of both tables (NaN where missing). */
export interface NumericPair {
  kind: 'numeric';
  name: string;
  real: Float64Array;
  synthetic: Float64Array;
  /** The real column's learned decimal digits (null when none reproduce every value). */
  digits: number | null;
}

/** One compared column. */
export type ColumnPair = CodedPair | NumericPair;

const NUMERIC_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The coerced identity of a category: numbers and numeric strings by numeric value (so 30,
 * '30' and 30.0 are one value), booleans with 'true'/'false', every other string as itself,
 * and the missing level as its own value.
 */
export function canonicalKey(value: CategoryValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isNaN(value) ? 'null' : `n:${value}`;
  if (typeof value === 'boolean') return `b:${value}`;
  if (NUMERIC_LITERAL.test(value)) return `n:${Number(value)}`;
  if (value === 'true' || value === 'false') return `b:${value}`;
  return `s:${value}`;
}

/** A category read as a number (NaN for missing), or undefined when it is not one. */
function categoryNumber(value: CategoryValue): number | undefined {
  if (value === null) return Number.NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMERIC_LITERAL.test(value)) return Number(value);
  return undefined;
}

function checkColumns(
  fn: string,
  real: Dataset,
  synthetic: Dataset,
  columns?: readonly string[],
): string[] {
  const names = columns ? [...columns] : real.columnNames;
  for (const [side, table] of [
    ['real', real],
    ['synthetic', synthetic],
  ] as const) {
    const absent = names.filter((n) => !table.has(n));
    if (absent.length > 0) {
      throw new MetricError(
        'missing-column',
        `${fn}: the ${side} table has no column ${absent.map((n) => `'${n}'`).join(', ')}; expected every ` +
          `compared column in both tables (compared: ${names.join(', ')}). ` +
          'Select the same columns on both sides or pass { columns }.',
      );
    }
  }
  const extra = columns ? [] : synthetic.columnNames.filter((n) => !real.has(n));
  if (extra.length > 0) {
    throw new MetricError(
      'missing-column',
      `${fn}: the synthetic table has columns the real one lacks (${extra.join(', ')}); expected the same ` +
        'columns in both tables. Drop them or pass { columns } to compare a subset.',
    );
  }
  return names;
}

function numericSide(
  fn: string,
  name: string,
  real: ColumnSchema,
  data: Dataset,
  side: ColumnSchema,
): Float64Array {
  if (!isCoded(side)) return data.values(name);
  const parsed = side.categories.map(categoryNumber);
  const bad = parsed.indexOf(undefined);
  if (bad >= 0) {
    throw new MetricError(
      'kind-mismatch',
      `${fn}: column '${name}' is ${real.kind} in one table but ${side.kind} in the other, and its ` +
        `category ${formatCategory(side.categories[bad])} is not a number; expected the same kind on both ` +
        `sides. Declare '${name}' with one kind in both tables.`,
    );
  }
  const codes = data.codes(name);
  return Float64Array.from(codes, (c) => parsed[c] as number);
}

function codedSide(
  data: Dataset,
  name: string,
  schema: ColumnSchema,
  lookup: Map<string, number>,
  categories: CategoryValue[],
): Int32Array {
  const code = (value: CategoryValue): number => {
    const key = canonicalKey(value);
    let c = lookup.get(key);
    if (c === undefined) {
      c = categories.length;
      categories.push(value);
      lookup.set(key, c);
    }
    return c;
  };
  if (isCoded(schema)) {
    const map = Int32Array.from(schema.categories, code);
    return Int32Array.from(data.codes(name), (c) => map[c]);
  }
  return Int32Array.from(data.values(name), (v) => code(Number.isNaN(v) ? null : v));
}

/**
 * The compared columns of two tables, matched by name and coerced to a common form: coded
 * columns recoded into one category list (by {@link canonicalKey}), numeric columns as
 * float64. A column is numeric when the real table's is; a coded counterpart whose categories
 * are all numbers is read as numbers, any other is a kind-mismatch error.
 */
export function alignTables(
  fn: string,
  real: Dataset,
  synthetic: Dataset,
  columns?: readonly string[],
): ColumnPair[] {
  const names = checkColumns(fn, real, synthetic, columns);
  return names.map((name): ColumnPair => {
    const rs = real.columnSchema(name);
    const ss = synthetic.columnSchema(name);
    if (!isCoded(rs)) {
      return {
        kind: 'numeric',
        name,
        real: real.values(name),
        synthetic: numericSide(fn, name, rs, synthetic, ss),
        digits: rs.digits,
      };
    }
    if (!isCoded(ss)) {
      // A real coded column facing numbers: the numbers must be categories (never the reverse).
      numericSide(fn, name, ss, real, rs);
    }
    const lookup = new Map<string, number>();
    const categories: CategoryValue[] = [];
    const realCodes = codedSide(real, name, rs, lookup, categories);
    const synCodes = codedSide(synthetic, name, ss, lookup, categories);
    return { kind: 'coded', name, real: realCodes, synthetic: synCodes, categories };
  });
}

/** The columns of one table in the same coerced form (the synthetic side is empty). */
export function readTable(fn: string, data: Dataset, columns?: readonly string[]): ColumnPair[] {
  return alignTables(fn, data, data.slice(0, 0), columns);
}
