import {
  type ColumnArrays,
  Dataset,
  type Schema,
  SynthesizerError,
} from '@synthctr/tabular-schema';

/**
 * The sampled (modelled) columns completed to `schema`: id columns, which are never modelled,
 * get code 0 as a placeholder (the output builder replaces them with generated keys).
 */
export function withKeyPlaceholders(rows: Dataset, schema: Schema): Dataset {
  const arrays: ColumnArrays = {};
  const columns = schema.columns.map((col) => {
    if (col.kind === 'id') {
      arrays[col.name] = new Int32Array(rows.nRows);
      return col.categories.length > 0 ? col : { ...col, categories: [null] };
    }
    if (!rows.has(col.name)) {
      throw new SynthesizerError(`sample: the generator produced no column '${col.name}'.`);
    }
    const stored = rows.column(col.name);
    arrays[col.name] = 'codes' in stored ? stored.codes : stored.values;
    return stored.schema;
  });
  return Dataset.fromColumns({ columns, label: schema.label }, arrays);
}
