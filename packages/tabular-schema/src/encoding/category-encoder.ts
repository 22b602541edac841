import type { Dataset } from '../dataset.js';
import { SchemaError } from '../errors.js';
import {
  type CategoryValue,
  type CodedColumnSchema,
  categoryKey,
  formatCategory,
  isCoded,
} from '../types.js';

/**
 * Maps category values to the slot ids of an embedding table, the vocabulary step of a CTR
 * model (FuxiCTR's Tokenizer): fitted once on a Dataset, then applied to any table with the
 * same columns. Matching goes by value, never by code, so a table with another category list
 * (a synthetic one, a later split) maps right. Slot 0 of every column is the out-of-vocabulary
 * slot; slot 1 is the missing slot when `missing` is `'slot'`; known categories follow.
 */

/** What a missing cell (the `null` category) maps to. */
export type MissingPolicy = 'error' | 'slot' | 'oov';

/** What a category outside the vocabulary maps to when encoding. */
export type UnknownPolicy = 'error' | 'oov';

/** Options of {@link CategoryEncoder.fit}. */
export interface CategoryEncoderOptions {
  /** Columns to encode, in this order. @default every coded column except the label */
  columns?: readonly string[];
  /** Rows a category needs in the fitted table to get a slot (FuxiCTR min_categr_count). @default 1 */
  minCount?: number;
  /** Missing cells: an error, a reserved slot 1 in every column, or the OOV slot. @default 'error' */
  missing?: MissingPolicy;
  /** Unknown categories when encoding: an error, or the OOV slot 0. @default 'error' */
  unknown?: UnknownPolicy;
}

/** Options of {@link CategoryEncoder.encode}. */
export interface EncodeOptions {
  /** Overrides the fitted unknown policy for this call. @default the fitted policy */
  unknown?: UnknownPolicy;
  /** Add each column's offset so the ids index one concatenated table. @default false */
  globalIds?: boolean;
}

/** The JSON form of a fitted encoder ({@link CategoryEncoder.toJSON}). */
export interface CategoryEncoderJSON {
  formatVersion: 1;
  minCount: number;
  missing: MissingPolicy;
  unknown: UnknownPolicy;
  /** Each column's known categories in slot order (the first follows the reserved slots). */
  columns: { name: string; values: CategoryValue[] }[];
}

/** A value does not fit the fitted vocabulary (unknown, missing) or the options are invalid. */
export class EncodingError extends SchemaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EncodingError';
  }
}

/** The out-of-vocabulary slot of every column. */
export const OOV_SLOT = 0;
/** The missing slot of every column when the missing policy is `'slot'`. */
export const MISSING_SLOT = 1;

const DEFAULT_MIN_COUNT = 1;
const DEFAULT_MISSING: MissingPolicy = 'error';
const DEFAULT_UNKNOWN: UnknownPolicy = 'error';
const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'slot', 'oov'];
const UNKNOWN_POLICIES: readonly UnknownPolicy[] = ['error', 'oov'];

interface ColumnVocabulary {
  name: string;
  values: CategoryValue[];
  slots: Map<string, number>;
}

/** A fitted vocabulary per column; immutable once made. */
export class CategoryEncoder {
  /** The encoded columns, in order. */
  readonly columns: readonly string[];
  /** The minimum count a category needed to get a slot. */
  readonly minCount: number;
  /** The missing policy. */
  readonly missing: MissingPolicy;
  /** The default unknown policy of {@link CategoryEncoder.encode}. */
  readonly unknown: UnknownPolicy;
  private readonly vocab: ColumnVocabulary[];
  private readonly index: Map<string, number>;

  private constructor(json: CategoryEncoderJSON) {
    this.minCount = json.minCount;
    this.missing = json.missing;
    this.unknown = json.unknown;
    const reserved = json.missing === 'slot' ? 2 : 1;
    this.vocab = json.columns.map(({ name, values }) => ({
      name,
      values: [...values],
      slots: new Map(values.map((v, i) => [categoryKey(v), reserved + i])),
    }));
    this.columns = this.vocab.map((v) => v.name);
    this.index = new Map(this.columns.map((c, i) => [c, i]));
  }

  /** Learns the vocabulary of each column from a table (categories seen at least minCount times). */
  static fit(data: Dataset, options: CategoryEncoderOptions = {}): CategoryEncoder {
    const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
    const missing = checkPolicy('missing', options.missing ?? DEFAULT_MISSING, MISSING_POLICIES);
    const unknown = checkPolicy('unknown', options.unknown ?? DEFAULT_UNKNOWN, UNKNOWN_POLICIES);
    if (!(Number.isInteger(minCount) && minCount >= 1)) {
      throw new EncodingError(
        `CategoryEncoder.fit: minCount must be an integer >= 1, got ${minCount}; use 1 to keep every category seen.`,
      );
    }
    const names = options.columns ?? defaultColumns(data);
    const columns = names.map((name) => {
      const schema = codedSchema(data, name, 'CategoryEncoder.fit');
      const counts = new Int32Array(schema.categories.length);
      for (const code of data.codes(name)) counts[code] += 1;
      const values: CategoryValue[] = [];
      schema.categories.forEach((value, code) => {
        if (value === null) {
          if (counts[code] > 0 && missing === 'error')
            throw missingError('CategoryEncoder.fit', name, counts[code]);
          return;
        }
        if (counts[code] >= minCount) values.push(value);
      });
      return { name, values };
    });
    return new CategoryEncoder({ formatVersion: 1, minCount, missing, unknown, columns });
  }

  /** Restores an encoder from {@link CategoryEncoder.toJSON}. */
  static fromJSON(json: CategoryEncoderJSON): CategoryEncoder {
    if (json?.formatVersion !== 1 || !Array.isArray(json.columns)) {
      throw new EncodingError(
        `CategoryEncoder.fromJSON: expected formatVersion 1 with a columns array, got formatVersion ${String(json?.formatVersion)}; pass the output of toJSON().`,
      );
    }
    checkPolicy('missing', json.missing, MISSING_POLICIES);
    checkPolicy('unknown', json.unknown, UNKNOWN_POLICIES);
    return new CategoryEncoder(json);
  }

  /** The plain-data form (JSON-safe). */
  toJSON(): CategoryEncoderJSON {
    return {
      formatVersion: 1,
      minCount: this.minCount,
      missing: this.missing,
      unknown: this.unknown,
      columns: this.vocab.map((v) => ({ name: v.name, values: [...v.values] })),
    };
  }

  /** Slots reserved at the start of every column: OOV, plus missing under the `'slot'` policy. */
  get reservedSlots(): number {
    return this.missing === 'slot' ? 2 : 1;
  }

  /** The number of slots of a column (reserved slots plus known categories). */
  size(column: string): number {
    return this.reservedSlots + this.column(column).values.length;
  }

  /** The slot count of every column, in column order. */
  sizes(): number[] {
    return this.columns.map((c) => this.size(c));
  }

  /** Where each column's slots start in one concatenated table (the `globalIds` offsets). */
  offsets(): number[] {
    const out: number[] = [];
    let total = 0;
    for (const c of this.columns) {
      out.push(total);
      total += this.size(c);
    }
    return out;
  }

  /** The known categories of a column, in slot order. */
  vocabulary(column: string): readonly CategoryValue[] {
    return this.column(column).values;
  }

  /** The slot of one value in a column, under the given (or fitted) unknown policy. */
  slotOf(column: string, value: CategoryValue, unknown: UnknownPolicy = this.unknown): number {
    const vocab = this.column(column);
    if (value === null) return this.missingSlot(column, 1, 'CategoryEncoder.slotOf');
    const slot = vocab.slots.get(categoryKey(value));
    if (slot !== undefined) return slot;
    if (unknown === 'oov') return OOV_SLOT;
    throw unknownError('CategoryEncoder.slotOf', vocab, value);
  }

  /** The slots of one column of a table. */
  encodeColumn(data: Dataset, column: string, options: EncodeOptions = {}): Int32Array {
    const out = new Int32Array(data.nRows);
    this.fill(data, this.position(column), out, 1, 0, options);
    return out;
  }

  /** Every column's slots, row-major [nRows x columns.length]. */
  encode(data: Dataset, options: EncodeOptions = {}): Int32Array {
    const k = this.columns.length;
    const out = new Int32Array(data.nRows * k);
    const offsets = options.globalIds ? this.offsets() : null;
    for (let j = 0; j < k; j++) this.fill(data, j, out, k, offsets ? offsets[j] : 0, options, j);
    return out;
  }

  private fill(
    data: Dataset,
    j: number,
    out: Int32Array,
    stride: number,
    offset: number,
    options: EncodeOptions,
    start = 0,
  ): void {
    const vocab = this.vocab[j];
    const table = this.slotTable(data, vocab, options.unknown ?? this.unknown);
    const codes = data.codes(vocab.name);
    for (let i = 0; i < codes.length; i++) {
      const slot = table[codes[i]];
      if (slot < 0) this.failRow(data, vocab, codes[i], slot);
      out[start + i * stride] = slot + offset;
    }
  }

  /** Code of the table -> slot, or -1 (unknown, error) / -2 (missing, error) to fail on use. */
  private slotTable(data: Dataset, vocab: ColumnVocabulary, unknown: UnknownPolicy): Int32Array {
    const schema = codedSchema(data, vocab.name, 'CategoryEncoder.encode');
    return Int32Array.from(schema.categories, (value) => {
      if (value === null) {
        if (this.missing === 'error') return -2;
        return this.missing === 'slot' ? MISSING_SLOT : OOV_SLOT;
      }
      const slot = vocab.slots.get(categoryKey(value));
      if (slot !== undefined) return slot;
      return unknown === 'oov' ? OOV_SLOT : -1;
    });
  }

  private failRow(data: Dataset, vocab: ColumnVocabulary, code: number, flag: number): never {
    const codes = data.codes(vocab.name);
    const count = codes.reduce((n, c) => n + (c === code ? 1 : 0), 0);
    if (flag === -2) throw missingError('CategoryEncoder.encode', vocab.name, count);
    const value = (data.columnSchema(vocab.name) as CodedColumnSchema).categories[code];
    throw unknownError('CategoryEncoder.encode', vocab, value, count);
  }

  private missingSlot(column: string, count: number, context: string): number {
    if (this.missing === 'error') throw missingError(context, column, count);
    return this.missing === 'slot' ? MISSING_SLOT : OOV_SLOT;
  }

  private column(name: string): ColumnVocabulary {
    return this.vocab[this.position(name)];
  }

  private position(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) {
      throw new EncodingError(
        `CategoryEncoder: no vocabulary for column '${name}'; the encoder knows ${this.columns.join(', ')}. Fit it on a table with '${name}' or drop the column.`,
      );
    }
    return i;
  }
}

function defaultColumns(data: Dataset): string[] {
  return data.schema.columns.filter((c) => isCoded(c) && c.name !== data.label).map((c) => c.name);
}

function codedSchema(data: Dataset, name: string, context: string): CodedColumnSchema {
  if (!data.has(name)) {
    throw new EncodingError(
      `${context}: the table has no column '${name}'; its columns are ${data.columnNames.join(', ')}.`,
    );
  }
  const schema = data.columnSchema(name);
  if (!isCoded(schema)) {
    throw new EncodingError(
      `${context}: column '${name}' is ${schema.kind}, expected a categorical one; declare it categorical or leave it out of columns.`,
    );
  }
  return schema;
}

function checkPolicy<T extends string>(what: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw new EncodingError(
      `CategoryEncoder: ${what} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function missingError(context: string, column: string, count: number): EncodingError {
  return new EncodingError(
    `${context}: column '${column}' has ${count} missing cell${count === 1 ? '' : 's'} and the missing policy is 'error'; ` +
      `fill them, or fit with missing: 'slot' (a reserved missing slot) or 'oov'.`,
  );
}

function unknownError(
  context: string,
  vocab: ColumnVocabulary,
  value: CategoryValue,
  count = 1,
): EncodingError {
  const known = vocab.values.slice(0, 10).map(formatCategory).join(', ');
  const more = vocab.values.length > 10 ? `, ... (${vocab.values.length} in all)` : '';
  return new EncodingError(
    `${context}: column '${vocab.name}' has the value ${formatCategory(value)} (${count} row${count === 1 ? '' : 's'}), ` +
      `which is not in its vocabulary (${known}${more}); encode with unknown: 'oov' to map it to the OOV slot.`,
  );
}
