import {
  type CategoryValue,
  ConditionError,
  type ConditionGroup,
  type Conditions,
  formatCategory,
  isCoded,
  isNumeric,
  resolveConditions,
  type Schema,
} from '@synthctr/tabular-schema';
import type { FittedCopula } from './fitted.js';

/** Per-row values of the numeric conditions, by column. */
export type NumericConditions = Record<string, Float64Array>;

/** A group of output rows with the same coded condition codes and numeric condition values. */
export interface CopulaGroup extends ConditionGroup {
  /** Numeric column name to its fixed value for every row of the group. */
  values: Record<string, number>;
}

/**
 * Splits conditions into those on numeric columns, checked and returned as per-row values,
 * and the rest (left for tabular-schema's checks). A numeric condition must be a finite
 * number, or an array of n of them, inside the column's training range.
 */
export function splitNumericConditions(
  schema: Schema,
  n: number,
  conditions: Conditions | undefined,
): { coded: Conditions | undefined; numeric: NumericConditions } {
  const numeric: NumericConditions = {};
  if (!conditions) return { coded: conditions, numeric };
  const coded: Conditions = {};
  for (const [name, spec] of Object.entries(conditions)) {
    const col = schema.columns.find((c) => c.name === name);
    if (!col || !isNumeric(col)) {
      coded[name] = spec;
      continue;
    }
    const list = Array.isArray(spec) ? (spec as readonly CategoryValue[]) : null;
    if (list && list.length !== n) {
      throw new ConditionError(
        `sample: the condition on '${name}' has ${list.length} values for ${n} rows; give one value or n.`,
      );
    }
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = list ? list[i] : (spec as CategoryValue);
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ConditionError(
          `sample: column '${name}' is ${col.kind}; its condition must be a finite number, got ` +
            `${JSON.stringify(v)}${list ? ` at row ${i}` : ''}.`,
        );
      }
      if (!(v >= col.min && v <= col.max)) {
        throw new ConditionError(
          `sample: the condition ${name} = ${v} is outside the training range [${col.min}, ${col.max}] ` +
            `of '${name}'; the copula conditions a numeric column only inside the range it was fitted on.`,
        );
      }
      values[i] = v;
    }
    numeric[name] = values;
  }
  return { coded, numeric };
}

/** Splits each coded group further by the numeric condition values of its rows. */
export function refineGroups(groups: ConditionGroup[], numeric: NumericConditions): CopulaGroup[] {
  const names = Object.keys(numeric);
  if (names.length === 0) return groups.map((g) => ({ ...g, values: {} }));
  const out: CopulaGroup[] = [];
  for (const g of groups) {
    const byKey = new Map<string, CopulaGroup>();
    for (const row of g.rows) {
      const key = names.map((name) => numeric[name][row]).join(',');
      let sub = byKey.get(key);
      if (!sub) {
        const values = Object.fromEntries(names.map((name) => [name, numeric[name][row]]));
        sub = { codes: { ...g.codes }, values, rows: [] };
        byKey.set(key, sub);
        out.push(sub);
      }
      sub.rows.push(row);
    }
  }
  return out;
}

/**
 * A condition on a category that is in the schema but never occurred in training is a
 * ConditionError (the copula has no interval for it). Columns merged by a constraint are
 * checked by the constraint itself.
 */
export function checkObserved(
  copula: FittedCopula,
  schema: Schema,
  n: number,
  coded: Conditions | undefined,
): void {
  const direct = new Set(Object.keys(coded ?? {}).filter((name) => copula.position(name) >= 0));
  for (const group of resolveConditions(schema, n, coded)) {
    for (const [name, code] of Object.entries(group.codes)) {
      if (!direct.has(name) || copula.observed(name, code)) continue;
      const col = schema.columns.find((c) => c.name === name)!;
      const categories = isCoded(col) ? col.categories : [];
      const seen = categories.filter((_, c) => copula.observed(name, c));
      throw new ConditionError(
        `sample: column '${name}' never took the value ${formatCategory(categories[code])} in training ` +
          `(it is in the schema but had no rows); known values: ${seen.map(formatCategory).join(', ')}.`,
      );
    }
  }
}
