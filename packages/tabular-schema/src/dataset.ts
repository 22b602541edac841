import type { Rng } from '@synthctr/runtime/light';
import { SchemaError } from './errors.js';
import {
  type CategoryValue,
  type CellValue,
  type CodedColumnSchema,
  type ColumnSchema,
  categoryKey,
  formatCategory,
  isCoded,
  type NumericColumnSchema,
  type Row,
  type Schema,
} from './types.js';

/** Storage of one column: codes for coded kinds, values (NaN where missing) for numeric ones. */
export type ColumnData =
  | { schema: CodedColumnSchema; codes: Int32Array }
  | { schema: NumericColumnSchema; values: Float64Array; missing: Uint8Array | null };

/** Input of {@link Dataset.fromColumns}: codes or values per column name. */
export type ColumnArrays = Record<string, Int32Array | Float64Array>;

/**
 * A column-oriented, immutable table shared by every synthctr package. Coded columns
 * (categorical, boolean, id) hold Int32Array codes into their schema's categories; numeric
 * columns hold Float64Array values with NaN and a mask where missing. Every operation returns
 * a new Dataset; the arrays of a Dataset are never written after construction.
 */
export class Dataset {
  readonly schema: Schema;
  readonly nRows: number;
  private readonly data: ColumnData[];
  private readonly index: Map<string, number>;

  private constructor(schema: Schema, data: ColumnData[], nRows: number) {
    this.schema = schema;
    this.data = data;
    this.nRows = nRows;
    this.index = new Map(schema.columns.map((c, i) => [c.name, i]));
  }

  /**
   * A Dataset from a schema and one typed array per column (codes for coded columns, values
   * for numeric ones). Checks lengths, code ranges and the label.
   */
  static fromColumns(schema: Schema, arrays: ColumnArrays): Dataset {
    const names = new Set<string>();
    let nRows = -1;
    const data: ColumnData[] = schema.columns.map((col) => {
      if (names.has(col.name))
        throw new SchemaError(`Dataset: the column name '${col.name}' appears twice.`);
      names.add(col.name);
      const array = arrays[col.name];
      if (!array) {
        throw new SchemaError(
          `Dataset: no data for column '${col.name}'; pass an array for every schema column.`,
        );
      }
      if (nRows < 0) nRows = array.length;
      if (array.length !== nRows) {
        throw new SchemaError(
          `Dataset: column '${col.name}' has ${array.length} rows, expected ${nRows} like the columns before it.`,
        );
      }
      return makeColumnData(col, array);
    });
    if (schema.label !== null && !names.has(schema.label)) {
      throw new SchemaError(
        `Dataset: the label '${schema.label}' is not a column (columns: ${[...names].join(', ')}).`,
      );
    }
    if (schema.label !== null) {
      const label = schema.columns.find((c) => c.name === schema.label)!;
      if (!isCoded(label) || label.kind === 'id') {
        throw new SchemaError(
          `Dataset: the label '${label.name}' must be categorical or boolean, got ${label.kind}; declare it categorical.`,
        );
      }
    }
    return new Dataset(schema, data, Math.max(nRows, 0));
  }

  /** The column names in order. */
  get columnNames(): string[] {
    return this.schema.columns.map((c) => c.name);
  }

  /** The label column name, or null. */
  get label(): string | null {
    return this.schema.label;
  }

  /** True when the table has the column. */
  has(name: string): boolean {
    return this.index.has(name);
  }

  /** The schema of one column; an unknown name is an error that lists the known ones. */
  columnSchema(name: string): ColumnSchema {
    return this.schema.columns[this.position(name)];
  }

  /** The storage of one column (read it, never write it). */
  column(name: string): ColumnData {
    return this.data[this.position(name)];
  }

  /** The codes of a coded column. */
  codes(name: string): Int32Array {
    const col = this.column(name);
    if (!('codes' in col)) {
      throw new SchemaError(
        `Dataset: column '${name}' is ${col.schema.kind}, not coded; use values('${name}').`,
      );
    }
    return col.codes;
  }

  /** The values of a numeric column (NaN where missing). */
  values(name: string): Float64Array {
    const col = this.column(name);
    if (!('values' in col)) {
      throw new SchemaError(
        `Dataset: column '${name}' is ${col.schema.kind}, not numeric; use codes('${name}').`,
      );
    }
    return col.values;
  }

  /** The codes of the label column. */
  labelCodes(): Int32Array {
    if (this.schema.label === null)
      throw new SchemaError('Dataset: this table has no label column.');
    return this.codes(this.schema.label);
  }

  /** The decoded cell at (row, column). */
  value(row: number, name: string): CellValue {
    const col = this.column(name);
    if ('codes' in col) return col.schema.categories[col.codes[row]];
    return col.missing?.[row] ? null : col.values[row];
  }

  /** One row as plain data. */
  row(i: number): Row {
    const out: Row = {};
    for (const col of this.schema.columns) out[col.name] = this.value(i, col.name);
    return out;
  }

  /** Every row as plain data (for small tables, tests and writers). */
  toRows(): Row[] {
    return Array.from({ length: this.nRows }, (_, i) => this.row(i));
  }

  /** The rows at `indices`, in that order (repeats allowed). */
  select(indices: ArrayLike<number>): Dataset {
    const n = indices.length;
    for (let i = 0; i < n; i++) {
      const r = indices[i];
      if (!(r >= 0 && r < this.nRows) || !Number.isInteger(r)) {
        throw new SchemaError(
          `Dataset.select: row index ${r} at position ${i} is outside 0..${this.nRows - 1}.`,
        );
      }
    }
    const data = this.data.map((col): ColumnData => {
      if ('codes' in col) {
        const codes = new Int32Array(n);
        for (let i = 0; i < n; i++) codes[i] = col.codes[indices[i]];
        return { schema: col.schema, codes };
      }
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = col.values[indices[i]];
      let missing: Uint8Array | null = null;
      if (col.missing) {
        missing = new Uint8Array(n);
        for (let i = 0; i < n; i++) missing[i] = col.missing[indices[i]];
      }
      return { schema: col.schema, values, missing };
    });
    return new Dataset(this.schema, data, n);
  }

  /** Rows start..end-1. */
  slice(start: number, end = this.nRows): Dataset {
    const s = Math.max(0, start);
    const e = Math.min(this.nRows, end);
    return this.select(Int32Array.from({ length: Math.max(0, e - s) }, (_, i) => s + i));
  }

  /** The rows for which `predicate(row index)` is true. */
  filter(predicate: (row: number) => boolean): Dataset {
    const keep: number[] = [];
    for (let i = 0; i < this.nRows; i++) if (predicate(i)) keep.push(i);
    return this.select(keep);
  }

  /** The rows whose label is `value`; a value the label never takes is an error. */
  filterByLabel(value: CategoryValue): Dataset {
    if (this.schema.label === null)
      throw new SchemaError('Dataset.filterByLabel: this table has no label column.');
    const code = this.codeOf(this.schema.label, value);
    const labels = this.labelCodes();
    return this.filter((i) => labels[i] === code);
  }

  /** The code of `value` in a coded column; an unknown value is an error listing the known ones. */
  codeOf(name: string, value: CategoryValue): number {
    const col = this.columnSchema(name);
    if (!isCoded(col))
      throw new SchemaError(`Dataset: column '${name}' is ${col.kind}, not coded.`);
    const key = categoryKey(value);
    const code = col.categories.findIndex((c) => categoryKey(c) === key);
    if (code < 0) {
      throw new SchemaError(
        `Dataset: column '${name}' has no category ${formatCategory(value)}; known: ${col.categories.map(formatCategory).join(', ')}.`,
      );
    }
    return code;
  }

  /** The rows in a seeded random order. */
  shuffle(rng: Rng): Dataset {
    return this.select(rng.permutation(this.nRows));
  }

  /**
   * Appends tables with the same columns (names and kinds, in order). Categories are matched
   * by value, so tables with different category lists concatenate correctly; the result's
   * categories are this table's, followed by new ones in order of first appearance.
   */
  concat(...others: Dataset[]): Dataset {
    if (others.length === 0) return this;
    for (const other of others) {
      const a = this.schema.columns.map((c) => `${c.name}:${c.kind}`).join(',');
      const b = other.schema.columns.map((c) => `${c.name}:${c.kind}`).join(',');
      if (a !== b) throw new SchemaError(`Dataset.concat: the columns differ: [${a}] vs [${b}].`);
    }
    const tables = [this, ...others];
    const nRows = tables.reduce((s, t) => s + t.nRows, 0);
    const schemas: ColumnSchema[] = [];
    const data = this.schema.columns.map((col, j): ColumnData => {
      if (isCoded(col)) {
        const merged = mergeCategories(tables.map((t) => t.schema.columns[j] as CodedColumnSchema));
        const codes = new Int32Array(nRows);
        let offset = 0;
        tables.forEach((t, ti) => {
          const src = (t.data[j] as { codes: Int32Array }).codes;
          const map = merged.maps[ti];
          for (let i = 0; i < src.length; i++) codes[offset + i] = map[src[i]];
          offset += src.length;
        });
        const schema: CodedColumnSchema = merged.changed
          ? { ...col, categories: merged.categories }
          : col;
        schemas.push(schema);
        return { schema, codes };
      }
      const values = new Float64Array(nRows);
      const anyMissing = tables.some((t) => (t.data[j] as { missing: Uint8Array | null }).missing);
      const missing = anyMissing ? new Uint8Array(nRows) : null;
      let offset = 0;
      const parts = tables.map((t) => t.schema.columns[j] as NumericColumnSchema);
      for (const t of tables) {
        const src = t.data[j] as { values: Float64Array; missing: Uint8Array | null };
        values.set(src.values, offset);
        if (missing && src.missing) missing.set(src.missing, offset);
        offset += src.values.length;
      }
      const schema: NumericColumnSchema = {
        ...col,
        min: Math.min(...parts.map((p) => p.min)),
        max: Math.max(...parts.map((p) => p.max)),
        digits: parts.some((p) => p.digits === null)
          ? null
          : Math.max(...parts.map((p) => p.digits as number)),
        missingCount: parts.reduce((s, p) => s + p.missingCount, 0),
      };
      schemas.push(schema);
      return { schema, values, missing };
    });
    return new Dataset({ columns: schemas, label: this.schema.label }, data, nRows);
  }

  /**
   * The same rows with every coded column's categories cut down to those that occur (kept in
   * their order); for subsamples, whose inherited category lists can be far longer than the rows.
   */
  dropUnusedCategories(): Dataset {
    const columns: ColumnSchema[] = [];
    const arrays: ColumnArrays = {};
    for (const col of this.data) {
      if (!('codes' in col)) {
        columns.push(col.schema);
        arrays[col.schema.name] = col.values;
        continue;
      }
      const used = new Uint8Array(col.schema.categories.length);
      for (const c of col.codes) used[c] = 1;
      const remap = new Int32Array(used.length).fill(-1);
      const categories: CategoryValue[] = [];
      used.forEach((u, code) => {
        if (u) {
          remap[code] = categories.length;
          categories.push(col.schema.categories[code]);
        }
      });
      columns.push({ ...col.schema, categories });
      arrays[col.schema.name] = Int32Array.from(col.codes, (c) => remap[c]);
    }
    return Dataset.fromColumns({ columns, label: this.schema.label }, arrays);
  }

  /** The same rows with a different label column (or none). */
  withLabel(label: string | null): Dataset {
    return Dataset.fromColumns({ columns: this.schema.columns, label }, this.arrays());
  }

  /** Only the named columns, in the given order (the label is kept only if named). */
  selectColumns(names: string[]): Dataset {
    const columns = names.map((n) => this.columnSchema(n));
    const label =
      this.schema.label !== null && names.includes(this.schema.label) ? this.schema.label : null;
    const arrays: ColumnArrays = {};
    for (const n of names) arrays[n] = this.rawArray(n);
    return Dataset.fromColumns({ columns, label }, arrays);
  }

  /** The typed array of every column keyed by name (shared, read-only by contract). */
  arrays(): ColumnArrays {
    const out: ColumnArrays = {};
    for (const col of this.schema.columns) out[col.name] = this.rawArray(col.name);
    return out;
  }

  private rawArray(name: string): Int32Array | Float64Array {
    const col = this.column(name);
    return 'codes' in col ? col.codes : col.values;
  }

  private position(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) {
      throw new SchemaError(
        `Dataset: no column '${name}'; columns: ${this.columnNames.join(', ')}.`,
      );
    }
    return i;
  }
}

function makeColumnData(col: ColumnSchema, array: Int32Array | Float64Array): ColumnData {
  if (isCoded(col)) {
    if (!(array instanceof Int32Array)) {
      throw new SchemaError(
        `Dataset: column '${col.name}' is ${col.kind}; pass its codes as an Int32Array.`,
      );
    }
    const k = col.categories.length;
    for (let i = 0; i < array.length; i++) {
      if (array[i] < 0 || array[i] >= k) {
        throw new SchemaError(
          `Dataset: column '${col.name}' row ${i} has code ${array[i]}, outside 0..${k - 1} (${k} categories).`,
        );
      }
    }
    return { schema: col, codes: array };
  }
  if (!(array instanceof Float64Array)) {
    throw new SchemaError(
      `Dataset: column '${col.name}' is ${col.kind}; pass its values as a Float64Array.`,
    );
  }
  let missing: Uint8Array | null = null;
  for (let i = 0; i < array.length; i++) {
    if (Number.isNaN(array[i])) {
      missing ??= new Uint8Array(array.length);
      missing[i] = 1;
    }
  }
  return { schema: col, values: array, missing };
}

function mergeCategories(columns: CodedColumnSchema[]): {
  categories: CategoryValue[];
  maps: Int32Array[];
  changed: boolean;
} {
  const categories = [...columns[0].categories];
  const keyToCode = new Map(categories.map((c, i) => [categoryKey(c), i]));
  let changed = false;
  const maps = columns.map((col) => {
    if (col.categories === columns[0].categories)
      return Int32Array.from(col.categories, (_, i) => i);
    return Int32Array.from(col.categories, (c) => {
      const key = categoryKey(c);
      let code = keyToCode.get(key);
      if (code === undefined) {
        code = categories.length;
        categories.push(c);
        keyToCode.set(key, code);
        changed = true;
      }
      return code;
    });
  });
  return { categories, maps, changed };
}
