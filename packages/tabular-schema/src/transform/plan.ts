import type { Dataset } from '../dataset.js';
import { type OneHotLayoutOptions, oneHotLayout } from '../encoding/onehot.js';
import { SchemaError } from '../errors.js';
import {
  type CategoryValue,
  type ColumnSchema,
  isCoded,
  type NumericColumnSchema,
  type Schema,
} from '../types.js';
import type { DiscreteSpan, TransformLayout, TransformSpan } from './layout.js';
import type { ModeNormalizer } from './mode-normalizer.js';

/** How one modelled column is laid out in the matrix (internal to the transformer). */
export type ColumnPlan =
  | {
      kind: 'numeric';
      name: string;
      alphaStart: number;
      modeStart: number;
      normalizer: ModeNormalizer;
    }
  | {
      kind: 'categorical';
      name: string;
      start: number;
      width: number;
      categories: readonly CategoryValue[];
    };

/** Refuses numeric columns with missing cells, naming each and its count. */
export function rejectMissingNumerics(data: Dataset, schemas: ColumnSchema[]): void {
  const bad: string[] = [];
  for (const col of schemas) {
    if (isCoded(col)) continue;
    const missing = data.values(col.name).reduce((s, v) => s + (Number.isNaN(v) ? 1 : 0), 0);
    if (missing > 0) bad.push(`'${col.name}' (${missing} missing of ${data.nRows})`);
  }
  if (bad.length > 0) {
    throw new SchemaError(
      `DataTransformer.fit: numeric columns must have no missing cells; got ${bad.join(', ')}. ` +
        'Impute them before fitting, or declare the columns categorical (missing is then a level).',
    );
  }
}

/** The matrix layout and column plans of a schema. */
export function buildLayout(
  schema: Schema,
  normalizers: Map<string, ModeNormalizer>,
  caps: OneHotLayoutOptions,
): { layout: TransformLayout; plans: ColumnPlan[] } {
  const coded = schema.columns.filter(isCoded).map((c) => c.name);
  const oneHot = oneHotLayout(schema, coded, caps);
  const spans: TransformSpan[] = [];
  const plans: ColumnPlan[] = [];
  const discrete: DiscreteSpan[] = [];
  let start = 0;
  let condWidth = 0;
  for (const col of schema.columns) {
    if (isCoded(col)) {
      const block = oneHot.spans.find((s) => s.column === col.name)!;
      spans.push({
        column: col.name,
        kind: 'category',
        start,
        width: block.width,
        activation: 'softmax',
      });
      plans.push({
        kind: 'categorical',
        name: col.name,
        start,
        width: block.width,
        categories: block.categories,
      });
      discrete.push({
        column: col.name,
        start,
        width: block.width,
        condStart: condWidth,
        categories: block.categories,
      });
      start += block.width;
      condWidth += block.width;
      continue;
    }
    const normalizer = normalizers.get(col.name);
    if (!normalizer)
      throw new SchemaError(
        `DataTransformer: no fitted normaliser for '${(col as NumericColumnSchema).name}'.`,
      );
    spans.push({ column: col.name, kind: 'alpha', start, width: 1, activation: 'tanh' });
    spans.push({
      column: col.name,
      kind: 'mode',
      start: start + 1,
      width: normalizer.modes,
      activation: 'softmax',
    });
    plans.push({
      kind: 'numeric',
      name: col.name,
      alphaStart: start,
      modeStart: start + 1,
      normalizer,
    });
    start += 1 + normalizer.modes;
  }
  return { layout: { spans, width: start, discrete, condWidth }, plans };
}

/** The arg-max of `width` values from `offset` (the first on ties). */
export function argmax(m: Float32Array | Float64Array, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (m[offset + j] > m[offset + best]) best = j;
  return best;
}
