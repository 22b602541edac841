import { type ColumnTable, table } from 'arquero';
import type { Dataset } from '../dataset.js';
import { SchemaError } from '../errors.js';
import { datasetFromRows, type InferOptions } from '../infer.js';
import type { CellValue } from '../types.js';

/**
 * A Dataset from an arquero table: its columns in order, kinds inferred as
 * `datasetFromRows` does unless `kinds` names them. Arquero's null, undefined and NaN are
 * missing; Dates become datetime columns.
 */
export function fromArquero(input: ColumnTable, options: InferOptions = {}): Dataset {
  const names = input.columnNames();
  if (names.length === 0) {
    throw new SchemaError('fromArquero: the table has no columns; expected at least one.');
  }
  const columns = names.map((n) => input.array(n) as ArrayLike<unknown>);
  const nRows = input.numRows();
  const rows: Record<string, unknown>[] = new Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = columns[j][i];
    rows[i] = row;
  }
  return datasetFromRows(rows, options);
}

/**
 * An arquero table with the Dataset's columns in order and decoded values: categories as
 * themselves (the missing level as null), numbers with null where missing, datetime
 * columns as Dates.
 */
export function toArquero(data: Dataset): ColumnTable {
  const columns: Record<string, unknown[]> = {};
  for (const col of data.schema.columns) {
    const out: unknown[] = new Array(data.nRows);
    for (let i = 0; i < data.nRows; i++) {
      const v: CellValue = data.value(i, col.name);
      out[i] = col.kind === 'datetime' && v !== null ? new Date(v as number) : v;
    }
    columns[col.name] = out;
  }
  return table(columns);
}
