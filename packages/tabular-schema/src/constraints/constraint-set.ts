import type { Rng } from '@synthctr/runtime/light';
import type { Dataset } from '../dataset.js';
import { ConditionError } from '../errors.js';
import { type Conditions, resolveConditions } from '../synthesizer.js';
import { type CategoryValue, formatCategory, type Schema } from '../types.js';
import {
  ConstraintError,
  FixedCombinations,
  type SavedFixedCombinations,
} from './fixed-combinations.js';

/** A constraint a synthesizer accepts in its `constraints` option. */
export type Constraint = FixedCombinations;

/** A fitted {@link ConstraintSet} as plain data (store it in `SavedModel.state`). */
export interface SavedConstraintSet {
  /** The schema of the real table, before merging. */
  schema: Schema;
  /** The fitted constraints, in the order they were given. */
  constraints: SavedFixedCombinations[];
}

/**
 * What a synthesizer does with its `constraints` option, in one object. At fit time,
 * `ConstraintSet.fit(constraints, data)` learns each constraint and `merge(data)` gives the
 * table to model (constrained columns replaced by joint columns). At sample time,
 * `conditions(...)` checks conditions against the real schema and translates those on
 * constrained columns into conditions on the joint column, and `split(sampled)` restores the
 * real columns in their original places. With no constraints every method is the identity.
 */
export class ConstraintSet {
  private constructor(
    /** The schema of the real table. */
    readonly schema: Schema,
    /** The fitted constraints. */
    readonly constraints: readonly FixedCombinations[],
  ) {}

  /** Fits every constraint on the real table; constraints may not share a column. */
  static fit(constraints: readonly Constraint[] | undefined, data: Dataset): ConstraintSet {
    const list = constraints ?? [];
    const owner = new Map<string, number>();
    list.forEach((c, i) => {
      for (const col of c.columns) {
        const other = owner.get(col);
        if (other !== undefined) {
          throw new ConstraintError(
            `ConstraintSet: column '${col}' is in constraints ${other} and ${i}; each column may be in one ` +
              `fixed combination. List all the linked columns in one FixedCombinations instead.`,
          );
        }
        owner.set(col, i);
      }
    });
    return new ConstraintSet(
      data.schema,
      list.map((c) => c.fit(data)),
    );
  }

  /** A fitted set from {@link ConstraintSet.toJSON}'s output. */
  static fromJSON(saved: SavedConstraintSet): ConstraintSet {
    return new ConstraintSet(saved.schema, saved.constraints.map(FixedCombinations.fromJSON));
  }

  /** True when there is at least one constraint. */
  get active(): boolean {
    return this.constraints.length > 0;
  }

  /** The real table with each constraint's columns merged into its joint column. */
  merge(data: Dataset): Dataset {
    return this.constraints.reduce((d, c) => c.merge(d), data);
  }

  /** A sampled table on the merged schema, back in the real schema (columns in order). */
  split(data: Dataset): Dataset {
    let out = data;
    const schemas = this.intermediateSchemas();
    for (let i = this.constraints.length - 1; i >= 0; i--)
      out = this.constraints[i].split(out, schemas[i]);
    return out;
  }

  /**
   * Checks `conditions` against the real schema (unknown columns and values are a
   * {@link ConditionError}, before any draw) and returns them for the merged schema: a
   * condition that fixes every column of a constraint becomes that tuple's joint value; one
   * that fixes only some columns draws, per row, a seen tuple that agrees with it, weighted by
   * how often it was seen (so the others follow their real conditional frequencies). A
   * condition no seen tuple agrees with is a ConditionError. Other conditions pass through.
   *
   * Porting note: SDV meets conditions on constrained columns with its reject loop; the
   * joint column makes unseen tuples impossible, so partial conditions are translated up
   * front instead, which needs no retries and never returns fewer rows.
   */
  conditions(conditions: Conditions | undefined, n: number, rng: Rng): Conditions | undefined {
    if (!conditions || Object.keys(conditions).length === 0) return conditions;
    resolveConditions(this.schema, n, conditions);
    if (!this.active) return conditions;
    const out: Conditions = { ...conditions };
    const plans = this.constraints.map((c) => planJoint(c, this.schema, conditions, n));
    this.constraints.forEach((c, i) => {
      const plan = plans[i];
      if (!plan) return;
      for (const name of c.columns) delete out[name];
      const categories = c.jointSchema().categories;
      const values: CategoryValue[] = plan.map(
        (m) => categories[m.ids.length === 1 ? m.ids[0] : m.ids[rng.categorical(m.counts)]],
      );
      out[c.jointName] = n > 0 && values.every((v) => v === values[0]) ? values[0] : values;
    });
    return out;
  }

  /** 1 for each row of a real-schema table that satisfies every constraint. */
  validMask(data: Dataset): Uint8Array {
    const mask = new Uint8Array(data.nRows).fill(1);
    for (const c of this.constraints) {
      const m = c.validMask(data);
      for (let i = 0; i < mask.length; i++) mask[i] &= m[i];
    }
    return mask;
  }

  /** The set as plain data. */
  toJSON(): SavedConstraintSet {
    return { schema: this.schema, constraints: this.constraints.map((c) => c.toJSON()) };
  }

  /**
   * The schema of the merged table `merge` gives: each constraint's columns replaced by its
   * joint column, where the first of them stood. Computed from the schema alone.
   */
  mergedSchema(): Schema {
    const steps = this.intermediateSchemas();
    return steps[steps.length - 1];
  }

  private intermediateSchemas(): Schema[] {
    // schemas[i] is the table's schema before constraint i merged its columns; the last entry
    // is the fully merged schema.
    const out: Schema[] = [];
    let columns = [...this.schema.columns];
    for (const c of this.constraints) {
      out.push({ columns, label: this.schema.label });
      const first = c.columns[0];
      columns = columns.flatMap((col) =>
        col.name === first ? [c.jointSchema()] : c.columns.includes(col.name) ? [] : [col],
      );
    }
    out.push({ columns, label: this.schema.label });
    return out;
  }
}

type Match = { ids: number[]; counts: number[] };

/** For each row, the seen tuples that agree with the conditions on `c`'s columns (null: none given). */
function planJoint(
  c: FixedCombinations,
  schema: Schema,
  conditions: Conditions,
  n: number,
): Match[] | null {
  const given = c.columns.filter((name) => name in conditions);
  if (given.length === 0) return null;
  const groups = resolveConditions(
    schema,
    n,
    Object.fromEntries(given.map((g) => [g, conditions[g]])),
  );
  const plan: Match[] = new Array(n);
  for (const group of groups) {
    const match = c.matching(group.codes);
    if (match.ids.length === 0) {
      const shown = given
        .map((g) => {
          const col = schema.columns.find((s) => s.name === g)!;
          return `${g} = ${formatCategory('categories' in col ? col.categories[group.codes[g]] : null)}`;
        })
        .join(', ');
      throw new ConditionError(
        `sample: no real row has ${shown}, and the fixed combination on (${c.columns.join(', ')}) allows ` +
          `only seen tuples; condition on a combination that occurs in the training data.`,
      );
    }
    for (const row of group.rows) plan[row] = match;
  }
  return plan;
}
