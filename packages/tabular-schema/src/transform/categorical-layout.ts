import { SchemaError } from '../errors.js';
import { type CategoryValue, isCoded, type Schema } from '../types.js';

/** The one-hot blocks of coded columns: the shape `oneHotLayout` of encoding/onehot.ts returns. */
export interface CategoricalLayout {
  spans: { column: string; start: number; width: number; categories: readonly CategoryValue[] }[];
  width: number;
}

/**
 * One-hot blocks for the named coded columns, laid out in order from 0.
 *
 * TODO(onehot.ts lands): replace with `oneHotLayout` from encoding/onehot.ts, which also does
 * the width check for high-cardinality columns (B06).
 */
export function categoricalLayout(schema: Schema, columns: readonly string[]): CategoricalLayout {
  const spans: CategoricalLayout['spans'] = [];
  let width = 0;
  for (const name of columns) {
    const col = schema.columns.find((c) => c.name === name);
    if (!col || !isCoded(col)) {
      throw new SchemaError(`categoricalLayout: '${name}' is not a coded column of the schema.`);
    }
    spans.push({
      column: name,
      start: width,
      width: col.categories.length,
      categories: col.categories,
    });
    width += col.categories.length;
  }
  return { spans, width };
}
