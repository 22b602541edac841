import { Dataset } from '../dataset.js';
import { SchemaError } from '../errors.js';
import {
  type CategoryValue,
  type CodedColumnSchema,
  type ColumnSchema,
  categoryKey,
  formatCategory,
  type Schema,
} from '../types.js';

/** A constraint that could not be declared, fitted or applied. */
export class ConstraintError extends SchemaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConstraintError';
  }
}

/** Options of {@link FixedCombinations}. */
export interface FixedCombinationsOptions {
  /** The categorical or boolean columns whose value tuples must have been seen (two or more). */
  columns: readonly string[];
  /** Name of the joint column while merged. @default the column names joined by '+' */
  jointName?: string;
}

/** A fitted {@link FixedCombinations} as plain data. */
export interface SavedFixedCombinations {
  kind: 'fixed-combinations';
  columns: string[];
  jointName: string;
  /** The seen tuples as codes into each column's category list, in first-appearance order. */
  tuples: number[][];
  /** How many real rows hold each tuple. */
  counts: number[];
  /** The schemas of the constrained columns at fit time. */
  schemas: CodedColumnSchema[];
}

interface Fitted {
  tuples: Int32Array[];
  counts: number[];
  schemas: CodedColumnSchema[];
  lookup: Map<string, number>;
}

function tupleKey(codes: ArrayLike<number>): string {
  return Array.prototype.join.call(codes, ',');
}

/**
 * The "never-seen combination" constraint (SDV's FixedCombinations, paper: country and city):
 * learns the value tuples that occur in the real data for two or more categorical columns.
 * Generators merge the columns into one joint categorical column before fitting
 * ({@link FixedCombinations.merge}) and split it after sampling ({@link FixedCombinations.split}),
 * so every sampled tuple is one that was seen. `fit` returns a new fitted object; the
 * declaration itself stays reusable.
 */
export class FixedCombinations {
  readonly kind = 'fixed-combinations';
  readonly columns: readonly string[];
  readonly jointName: string;
  private readonly state: Fitted | null;

  constructor(options: FixedCombinationsOptions, fitted: Fitted | null = null) {
    const columns = [...options.columns];
    if (columns.length < 2) {
      throw new ConstraintError(
        `FixedCombinations: needs at least two columns, got ${columns.length} (${columns.join(', ') || 'none'}); ` +
          `a single column's values are already limited to the seen ones.`,
      );
    }
    const dup = columns.find((c, i) => columns.indexOf(c) !== i);
    if (dup !== undefined)
      throw new ConstraintError(`FixedCombinations: column '${dup}' is listed twice.`);
    this.columns = columns;
    this.jointName = options.jointName ?? columns.join('+');
    this.state = fitted;
  }

  /** True once fitted. */
  get fitted(): boolean {
    return this.state !== null;
  }

  /** The number of distinct tuples seen. */
  get size(): number {
    return this.need('size').tuples.length;
  }

  /** The seen tuples as decoded values, in first-appearance order. */
  combinations(): CategoryValue[][] {
    const s = this.need('combinations');
    return s.tuples.map((t) => Array.from(t, (code, j) => s.schemas[j].categories[code]));
  }

  /** Learns the tuples seen in `data`; checks that every column exists and is categorical. */
  fit(data: Dataset): FixedCombinations {
    const schemas = this.columns.map((name) => checkColumn(data.schema, name, this.jointName));
    if (data.label !== null && this.columns.includes(data.label)) {
      throw new ConstraintError(
        `FixedCombinations: column '${data.label}' is the label; the label cannot be part of a fixed ` +
          `combination (condition on it instead). Constrain other columns.`,
      );
    }
    const codes = this.columns.map((name) => data.codes(name));
    const tuples: Int32Array[] = [];
    const counts: number[] = [];
    const lookup = new Map<string, number>();
    const row = new Int32Array(codes.length);
    for (let i = 0; i < data.nRows; i++) {
      for (let j = 0; j < codes.length; j++) row[j] = codes[j][i];
      const key = tupleKey(row);
      const id = lookup.get(key);
      if (id === undefined) {
        lookup.set(key, tuples.length);
        tuples.push(row.slice());
        counts.push(1);
      } else counts[id] += 1;
    }
    return new FixedCombinations(this, { tuples, counts, schemas, lookup });
  }

  /**
   * Replaces the constrained columns by one categorical joint column, placed where the first
   * of them was; its categories are the seen tuples (written like `["DE","Berlin"]`). A row
   * whose tuple was never seen at fit time is an error naming the row and the tuple.
   */
  merge(data: Dataset): Dataset {
    const s = this.need('merge');
    const codes = this.columns.map((name) => {
      this.checkSame(data.schema, name);
      return data.codes(name);
    });
    const joint = new Int32Array(data.nRows);
    const row = new Int32Array(codes.length);
    for (let i = 0; i < data.nRows; i++) {
      for (let j = 0; j < codes.length; j++) row[j] = codes[j][i];
      const id = s.lookup.get(tupleKey(row));
      if (id === undefined) {
        const shown = Array.from(row, (c, j) => formatCategory(s.schemas[j].categories[c])).join(
          ', ',
        );
        throw new ConstraintError(
          `FixedCombinations.merge: row ${i} holds (${this.columns.join(', ')}) = (${shown}), a combination ` +
            `not seen at fit time; fit the constraint on this table or drop the row.`,
        );
      }
      joint[i] = id;
    }
    const first = this.columns[0];
    const columns: ColumnSchema[] = [];
    const arrays: Record<string, Int32Array | Float64Array> = {};
    for (const col of data.schema.columns) {
      if (col.name === first) {
        columns.push(this.jointSchema());
        arrays[this.jointName] = joint;
      } else if (!this.columns.includes(col.name)) {
        columns.push(col);
        const stored = data.column(col.name);
        arrays[col.name] = 'codes' in stored ? stored.codes : stored.values;
      }
    }
    return Dataset.fromColumns({ columns, label: data.label }, arrays);
  }

  /** The schema of the joint column. */
  jointSchema(): CodedColumnSchema {
    const categories = this.combinations().map((t) => JSON.stringify(t));
    return { name: this.jointName, kind: 'categorical', categories };
  }

  /**
   * The inverse of {@link merge}: the joint column becomes the original columns again, in
   * their original positions (`schema` is the table before merging) with their original
   * category lists. Other columns keep the schema they have in `data`.
   */
  split(data: Dataset, schema: Schema): Dataset {
    const s = this.need('split');
    const joint = data.codes(this.jointName);
    const arrays: Record<string, Int32Array | Float64Array> = {};
    this.columns.forEach((name, j) => {
      const codes = new Int32Array(data.nRows);
      for (let i = 0; i < data.nRows; i++) codes[i] = s.tuples[joint[i]][j];
      arrays[name] = codes;
    });
    const columns = schema.columns.map((col): ColumnSchema => {
      const j = this.columns.indexOf(col.name);
      if (j >= 0) return s.schemas[j];
      const stored = data.column(col.name);
      arrays[col.name] = 'codes' in stored ? stored.codes : stored.values;
      return stored.schema;
    });
    return Dataset.fromColumns({ columns, label: data.label }, arrays);
  }

  /** 1 for each row of `data` whose tuple was seen at fit time, 0 otherwise. */
  validMask(data: Dataset): Uint8Array {
    const s = this.need('validMask');
    const values = this.columns.map((name) => {
      const col = data.columnSchema(name) as CodedColumnSchema;
      return { codes: data.codes(name), categories: col.categories };
    });
    // Map the table's codes to fit-time codes by value, so tables with other category lists work.
    const remap = values.map((v, j) => {
      const fitCodes = new Map(s.schemas[j].categories.map((c, k) => [categoryKey(c), k]));
      return Int32Array.from(v.categories, (c) => fitCodes.get(categoryKey(c)) ?? -1);
    });
    const mask = new Uint8Array(data.nRows);
    const row = new Int32Array(values.length);
    for (let i = 0; i < data.nRows; i++) {
      let known = true;
      for (let j = 0; j < values.length; j++) {
        row[j] = remap[j][values[j].codes[i]];
        if (row[j] < 0) known = false;
      }
      mask[i] = known && s.lookup.has(tupleKey(row)) ? 1 : 0;
    }
    return mask;
  }

  /** The number of rows of `data` whose tuple was never seen at fit time. */
  countInvalid(data: Dataset): number {
    return this.validMask(data).reduce((n, ok) => n + (ok ? 0 : 1), 0);
  }

  /** The indices of the seen tuples whose values match `fixed` (column name to value), with counts. */
  matching(fixed: Record<string, number>): { ids: number[]; counts: number[] } {
    const s = this.need('matching');
    const ids: number[] = [];
    const counts: number[] = [];
    s.tuples.forEach((t, id) => {
      const ok = this.columns.every((name, j) => !(name in fixed) || fixed[name] === t[j]);
      if (ok) {
        ids.push(id);
        counts.push(s.counts[id]);
      }
    });
    return { ids, counts };
  }

  /** The fitted constraint as plain data. */
  toJSON(): SavedFixedCombinations {
    const s = this.need('toJSON');
    return {
      kind: 'fixed-combinations',
      columns: [...this.columns],
      jointName: this.jointName,
      tuples: s.tuples.map((t) => Array.from(t)),
      counts: [...s.counts],
      schemas: s.schemas.map((c) => ({ ...c, categories: [...c.categories] })),
    };
  }

  /** A fitted constraint from {@link toJSON}'s output. */
  static fromJSON(saved: SavedFixedCombinations): FixedCombinations {
    const tuples = saved.tuples.map((t) => Int32Array.from(t));
    const lookup = new Map(tuples.map((t, i) => [tupleKey(t), i]));
    const fitted = { tuples, counts: [...saved.counts], schemas: saved.schemas, lookup };
    return new FixedCombinations({ columns: saved.columns, jointName: saved.jointName }, fitted);
  }

  private need(method: string): Fitted {
    if (!this.state) {
      throw new ConstraintError(
        `FixedCombinations.${method}: the constraint on (${this.columns.join(', ')}) is not fitted; call fit(data) first.`,
      );
    }
    return this.state;
  }

  private checkSame(schema: Schema, name: string): void {
    const j = this.columns.indexOf(name);
    const col = checkColumn(schema, name, this.jointName);
    const fit = this.need('merge').schemas[j];
    if (
      col.categories.length !== fit.categories.length ||
      col.categories.some((c, k) => c !== fit.categories[k])
    ) {
      throw new ConstraintError(
        `FixedCombinations.merge: column '${name}' has other categories than at fit time ` +
          `(${col.categories.length} vs ${fit.categories.length}); merge tables with the fitted schema.`,
      );
    }
  }
}

function checkColumn(schema: Schema, name: string, jointName: string): CodedColumnSchema {
  const col = schema.columns.find((c) => c.name === name);
  if (!col) {
    throw new ConstraintError(
      `FixedCombinations: no column '${name}'; columns: ${schema.columns.map((c) => c.name).join(', ')}.`,
    );
  }
  if (col.kind !== 'categorical' && col.kind !== 'boolean') {
    throw new ConstraintError(
      `FixedCombinations: column '${name}' is ${col.kind}, expected categorical or boolean; ` +
        `declare it categorical (kinds: { ${name}: 'categorical' }) to constrain it.`,
    );
  }
  if (name !== jointName && schema.columns.some((c) => c.name === jointName)) {
    throw new ConstraintError(
      `FixedCombinations: the joint column name '${jointName}' is already a column; pass another jointName.`,
    );
  }
  return col;
}
