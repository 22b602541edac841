import {
  type CategoryEncoder,
  type CategoryValue,
  type CodedColumnSchema,
  categoryKey,
  type Dataset,
  formatCategory,
  isCoded,
} from '@synthctr/tabular-schema';
import { CtrModelError } from './errors.js';

/** One feature field of a model: its name and the rows of its embedding table. */
export interface FieldInfo {
  name: string;
  /** Slots of the field's vocabulary (reserved OOV / missing slots included). */
  size: number;
}

/**
 * A table already turned into slot ids: what the trainer reads. Build one from a Dataset
 * with {@link encodeDataset}, or by hand from ids you encoded yourself (they are checked).
 */
export interface EncodedTable {
  /** Row-major [nRows x fields.length] slot ids, each counted within its own field (0 = OOV). */
  ids: Int32Array;
  /** 0/1 click labels, one per row, or null for a table that is only predicted. */
  labels: Float32Array | null;
  /** The fields, in the column order of `ids`. */
  fields: readonly FieldInfo[];
}

/** True for an {@link EncodedTable} (as opposed to a Dataset). */
export function isEncodedTable(x: unknown): x is EncodedTable {
  return typeof x === 'object' && x !== null && (x as EncodedTable).ids instanceof Int32Array;
}

/** The rows of an encoded table. */
export function encodedRows(table: EncodedTable): number {
  return table.fields.length === 0 ? 0 : table.ids.length / table.fields.length;
}

/**
 * Checks that every feature of a table is a categorical column: every column but the
 * label. A numeric one is an error naming it.
 */
export function checkCategoricalFeatures(data: Dataset, context: string): string[] {
  const features: string[] = [];
  for (const col of data.schema.columns) {
    if (col.name === data.label) continue;
    if (!isCoded(col)) {
      throw new CtrModelError(
        `${context}: the feature '${col.name}' is ${col.kind}; CTR models take categorical features only. ` +
          `Declare it categorical (or bucket it) before training.`,
      );
    }
    features.push(col.name);
  }
  return features;
}

/**
 * The label value that means a click: the given one, else true, 1 or '1', whichever the
 * label column has. The label must have at most two values and no missing cells.
 */
export function resolvePositiveLabel(
  data: Dataset,
  given: CategoryValue | undefined,
  context: string,
): CategoryValue {
  if (data.label === null) {
    throw new CtrModelError(
      `${context}: the table has no label column; set the click column as its label.`,
    );
  }
  const schema = data.columnSchema(data.label) as CodedColumnSchema;
  const seen = new Set(data.labelCodes());
  const values = [...seen].map((code) => schema.categories[code]);
  if (values.includes(null) || values.length > 2) {
    throw new CtrModelError(
      `${context}: the label '${data.label}' must be binary without missing cells; it has ` +
        `${values.map(formatCategory).join(', ')}. Map it to 0/1 first.`,
    );
  }
  const keys = new Set(schema.categories.map(categoryKey));
  if (given !== undefined) {
    if (!keys.has(categoryKey(given))) {
      throw new CtrModelError(
        `${context}: positiveLabel ${formatCategory(given)} is not a value of the label '${data.label}' ` +
          `(${schema.categories.map(formatCategory).join(', ')}).`,
      );
    }
    return given;
  }
  for (const candidate of [true, 1, '1'] as CategoryValue[])
    if (keys.has(categoryKey(candidate))) return candidate;
  throw new CtrModelError(
    `${context}: cannot tell which value of the label '${data.label}' is a click ` +
      `(${schema.categories.map(formatCategory).join(', ')}); pass positiveLabel.`,
  );
}

/** The 0/1 labels of a table, 1 where the label equals `positive`. */
export function labelVector(data: Dataset, positive: CategoryValue): Float32Array {
  const schema = data.columnSchema(data.label as string) as CodedColumnSchema;
  const key = categoryKey(positive);
  const isPositive = schema.categories.map((c) => (categoryKey(c) === key ? 1 : 0));
  return Float32Array.from(data.labelCodes(), (code) => isPositive[code]);
}

/**
 * Encodes a table with a fitted vocabulary: unknown categories go to each field's OOV slot.
 * A feature the vocabulary does not know, or a vocabulary field the table lacks, is an error.
 */
export function encodeDataset(
  encoder: CategoryEncoder,
  data: Dataset,
  positive: CategoryValue | null,
  context: string,
): EncodedTable {
  const features = checkCategoricalFeatures(data, context);
  const known = new Set(encoder.columns);
  const extra = features.find((f) => !known.has(f));
  if (extra !== undefined) {
    throw new CtrModelError(
      `${context}: the table has the field '${extra}', which is not in the model's vocabulary ` +
        `(${encoder.columns.join(', ')}); drop it or train on a table that has it.`,
    );
  }
  const lacking = encoder.columns.find((c) => !data.has(c));
  if (lacking !== undefined) {
    throw new CtrModelError(
      `${context}: the table lacks the field '${lacking}' of the model's vocabulary ` +
        `(${encoder.columns.join(', ')}); every field is needed to predict.`,
    );
  }
  return {
    ids: encoder.encode(data, { unknown: 'oov' }),
    labels: positive === null ? null : labelVector(data, positive),
    fields: encoder.columns.map((name) => ({ name, size: encoder.size(name) })),
  };
}

/**
 * Checks an encoded table against the model's fields and returns its ids with each field's
 * offset added (ids into the concatenated embedding table). Runs before any tensor work,
 * so an id at or beyond a field's vocabulary is reported the same way on every backend.
 */
export function toGlobalIds(
  table: EncodedTable,
  fields: readonly FieldInfo[],
  context: string,
): Int32Array {
  const k = fields.length;
  if (table.fields.length !== k || table.fields.some((f, j) => f.name !== fields[j].name)) {
    const missing = fields.find((f, j) => table.fields[j]?.name !== f.name)?.name;
    throw new CtrModelError(
      `${context}: the table's fields (${table.fields.map((f) => f.name).join(', ')}) do not match the model's ` +
        `(${fields.map((f) => f.name).join(', ')}); the first difference is at '${missing}'.`,
    );
  }
  if (table.ids.length % Math.max(k, 1) !== 0) {
    throw new CtrModelError(
      `${context}: ${table.ids.length} ids do not split into rows of ${k} fields.`,
    );
  }
  const n = encodedRows(table);
  if (table.labels && table.labels.length !== n) {
    throw new CtrModelError(
      `${context}: the table has ${n} rows of ids but ${table.labels.length} labels.`,
    );
  }
  const offsets = new Int32Array(k);
  for (let j = 1; j < k; j++) offsets[j] = offsets[j - 1] + fields[j - 1].size;
  const out = new Int32Array(table.ids.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const id = table.ids[i * k + j];
      if (!(id >= 0 && id < fields[j].size)) throw idError(context, fields[j], id, i);
      out[i * k + j] = id + offsets[j];
    }
  }
  return out;
}

function idError(context: string, field: FieldInfo, id: number, row: number): CtrModelError {
  return new CtrModelError(
    `${context}: field '${field.name}' has id ${id} at row ${row}, outside its vocabulary of ${field.size} ` +
      `slots (0..${field.size - 1}); encode the table with the model's vocabulary, or map unseen values to the OOV slot 0.`,
  );
}
