import { type Rng, toRng } from '@synthctr/runtime/light';
import { Dataset } from '../dataset.js';
import { type OneHotLayoutOptions, oneHotLayout } from '../encoding/onehot.js';
import { SchemaError } from '../errors.js';
import {
  type CodedColumnSchema,
  type ColumnSchema,
  categoryKey,
  formatCategory,
  isCoded,
  type Schema,
} from '../types.js';
import type { BgmOptions } from './bgm.js';
import type { SparseRows, TransformLayout } from './layout.js';
import {
  DEFAULT_WEIGHT_THRESHOLD,
  ModeNormalizer,
  type ModeNormalizerState,
} from './mode-normalizer.js';
import { argmax, buildLayout, type ColumnPlan, rejectMissingNumerics } from './plan.js';

/** Options of {@link DataTransformer.fit}. */
export interface DataTransformerOptions {
  /** The columns to model, in output order. @default every column except id columns */
  columns?: readonly string[];
  /** Seed or stream for the mixtures' initialisation. @default 0 */
  seed?: number | Rng;
  /** Most modes per numeric column (fewer when the column has fewer rows). @default 10 */
  maxModes?: number;
  /** A mixture component becomes a mode only when its weight exceeds this. @default 0.005 */
  weightThreshold?: number;
  /** EM iterations at most per numeric column. @default 100 */
  maxIter?: number;
  /**
   * Caps of the one-hot width check (a too-wide column is a WidthError before anything is
   * allocated). @default oneHotLayout's defaults, with `rows` = the table's row count
   */
  oneHot?: OneHotLayoutOptions;
}

const DEFAULT_MAX_MODES = 10;
const DEFAULT_MAX_ITER = 100;
const FORMAT_VERSION = 1;
/** A saved transformer passed the width check when it was fitted. */
const SAVED_LAYOUT_CAPS: OneHotLayoutOptions = { maxLevels: Number.POSITIVE_INFINITY };

/** The saved form of a {@link DataTransformer} (JSON-safe). */
export interface DataTransformerState {
  formatVersion: number;
  schema: Schema;
  normalizers: Record<string, ModeNormalizerState>;
}

/**
 * The reversible table encoding CTGAN and TVAE share. A numeric column becomes a tanh scalar
 * and a softmax block of modes (mode-specific normalisation with a variational Gaussian
 * mixture); a coded column becomes a softmax one-hot block. The categorical blocks, in order,
 * also make up the conditional vector.
 */
export class DataTransformer {
  /** The schema of the modelled columns (the label only when it is one of them). */
  readonly schema: Schema;
  /** The matrix layout. */
  readonly layout: TransformLayout;
  private readonly plans: ColumnPlan[];

  private constructor(
    schema: Schema,
    normalizers: Map<string, ModeNormalizer>,
    oneHot: OneHotLayoutOptions,
  ) {
    this.schema = schema;
    const built = buildLayout(schema, normalizers, oneHot);
    this.layout = built.layout;
    this.plans = built.plans;
  }

  /**
   * Fits the encoding of `data`. Numeric columns with missing cells are rejected (impute them
   * or declare them categorical); unknown columns are an error naming them.
   */
  static fit(data: Dataset, options: DataTransformerOptions = {}): DataTransformer {
    const columns =
      options.columns ?? data.schema.columns.filter((c) => c.kind !== 'id').map((c) => c.name);
    const schemas = columns.map((name) => {
      if (!data.has(name)) {
        throw new SchemaError(
          `DataTransformer.fit: no column '${name}' in the data; columns: ${data.columnNames.join(', ')}.`,
        );
      }
      return data.columnSchema(name);
    });
    const label = data.label !== null && columns.includes(data.label) ? data.label : null;
    const schema: Schema = { columns: schemas, label };
    const oneHot = { rows: data.nRows, ...options.oneHot };
    oneHotLayout(
      schema,
      schemas.filter(isCoded).map((c) => c.name),
      oneHot,
    );
    rejectMissingNumerics(data, schemas);
    const rng = toRng(options.seed, 0);
    const normalizers = new Map<string, ModeNormalizer>();
    for (const col of schemas) {
      if (isCoded(col)) continue;
      const bgm: BgmOptions = {
        maxComponents: options.maxModes ?? DEFAULT_MAX_MODES,
        maxIter: options.maxIter ?? DEFAULT_MAX_ITER,
      };
      const threshold = options.weightThreshold ?? DEFAULT_WEIGHT_THRESHOLD;
      normalizers.set(
        col.name,
        ModeNormalizer.fit(data.values(col.name), rng.fork(col.name), threshold, bgm),
      );
    }
    return new DataTransformer(schema, normalizers, oneHot);
  }

  /** Restores a transformer from {@link DataTransformer.toJSON}. */
  static fromJSON(state: DataTransformerState): DataTransformer {
    if (state.formatVersion !== FORMAT_VERSION) {
      throw new SchemaError(
        `DataTransformer.fromJSON: format version ${state.formatVersion} is not supported; expected ${FORMAT_VERSION}.`,
      );
    }
    const normalizers = new Map(
      Object.entries(state.normalizers).map(([name, s]) => [name, ModeNormalizer.fromJSON(s)]),
    );
    return new DataTransformer(state.schema, normalizers, SAVED_LAYOUT_CAPS);
  }

  /** True when every modelled column is coded (the matrix is pure one-hot). */
  get allDiscrete(): boolean {
    return this.plans.every((p) => p.kind === 'categorical');
  }

  /** The mode normaliser of a numeric column (for inspection and tests). */
  normalizer(column: string): ModeNormalizer {
    const plan = this.plans.find((p) => p.name === column);
    if (plan?.kind !== 'numeric') {
      throw new SchemaError(`DataTransformer: '${column}' is not a modelled numeric column.`);
    }
    return plan.normalizer;
  }

  /** The dense matrix of `data`, row-major n x width; modes are drawn from `rng`. */
  transform(data: Dataset, rng: Rng): Float32Array {
    const sparse = this.transformSparse(data, rng);
    const out = new Float32Array(sparse.n * this.layout.width);
    for (let i = 0; i < sparse.n; i++) {
      for (let j = 0; j < sparse.nnz; j++) {
        const e = i * sparse.nnz + j;
        out[i * this.layout.width + sparse.indices[e]] = sparse.values[e];
      }
    }
    return out;
  }

  /** The same encoding in fixed-count sparse form (see {@link SparseRows}). */
  transformSparse(data: Dataset, rng: Rng): SparseRows {
    const n = data.nRows;
    const nnz = this.plans.reduce((s, p) => s + (p.kind === 'numeric' ? 2 : 1), 0);
    const indices = new Int32Array(n * nnz);
    const values = new Float32Array(n * nnz);
    let slot = 0;
    for (const plan of this.plans) {
      if (plan.kind === 'categorical') {
        const codes = this.codesOf(data, plan.name);
        for (let i = 0; i < n; i++) {
          indices[i * nnz + slot] = plan.start + codes[i];
          values[i * nnz + slot] = 1;
        }
        slot += 1;
        continue;
      }
      const x = this.valuesOf(data, plan.name);
      const alpha = new Float64Array(n);
      const mode = new Int32Array(n);
      plan.normalizer.transform(x, rng, alpha, mode);
      for (let i = 0; i < n; i++) {
        indices[i * nnz + slot] = plan.alphaStart;
        values[i * nnz + slot] = alpha[i];
        indices[i * nnz + slot + 1] = plan.modeStart + mode[i];
        values[i * nnz + slot + 1] = 1;
      }
      slot += 2;
    }
    return { n, nnz, indices, values };
  }

  /**
   * The active matrix column of every categorical block, row-major n x (#discrete columns):
   * for an all-categorical table this is the whole encoding.
   */
  discreteIndices(data: Dataset): Int32Array {
    const d = this.layout.discrete;
    const out = new Int32Array(data.nRows * d.length);
    d.forEach((span, j) => {
      const codes = this.codesOf(data, span.column);
      for (let i = 0; i < data.nRows; i++) out[i * d.length + j] = span.start + codes[i];
    });
    return out;
  }

  /**
   * Decodes a matrix (row-major n x width) to a Dataset with the fitted schema: argmax for
   * softmax blocks, the scalar clipped to ±1 for numeric columns.
   */
  inverse(matrix: Float32Array | Float64Array, n: number): Dataset {
    const w = this.layout.width;
    if (matrix.length !== n * w) {
      throw new SchemaError(
        `DataTransformer.inverse: the matrix has ${matrix.length} values, expected ${n} x ${w} = ${n * w}.`,
      );
    }
    const arrays: Record<string, Int32Array | Float64Array> = {};
    for (const plan of this.plans) {
      if (plan.kind === 'categorical') {
        const codes = new Int32Array(n);
        for (let i = 0; i < n; i++) codes[i] = argmax(matrix, i * w + plan.start, plan.width);
        arrays[plan.name] = codes;
      } else {
        const values = new Float64Array(n);
        const modes = plan.normalizer.modes;
        for (let i = 0; i < n; i++) {
          const m = argmax(matrix, i * w + plan.modeStart, modes);
          values[i] = plan.normalizer.inverse(matrix[i * w + plan.alphaStart], m);
        }
        arrays[plan.name] = values;
      }
    }
    return Dataset.fromColumns(this.schema, arrays);
  }

  /** The fitted transformer as plain data. */
  toJSON(): DataTransformerState {
    const normalizers: Record<string, ModeNormalizerState> = {};
    for (const p of this.plans)
      if (p.kind === 'numeric') normalizers[p.name] = p.normalizer.toJSON();
    return { formatVersion: FORMAT_VERSION, schema: this.schema, normalizers };
  }

  private valuesOf(data: Dataset, name: string): Float64Array {
    const col = this.checkedColumn(data, name);
    if (isCoded(col))
      throw new SchemaError(`DataTransformer: column '${name}' is ${col.kind}, fitted as numeric.`);
    const values = data.values(name);
    const bad = values.findIndex((v) => Number.isNaN(v));
    if (bad >= 0) {
      throw new SchemaError(
        `DataTransformer.transform: numeric column '${name}' is missing at row ${bad}; impute it first.`,
      );
    }
    return values;
  }

  /** Codes of a coded column in the fitted category order (remapped by value when needed). */
  private codesOf(data: Dataset, name: string): Int32Array {
    const col = this.checkedColumn(data, name);
    const fitted = this.schema.columns.find((c) => c.name === name) as CodedColumnSchema;
    if (!isCoded(col))
      throw new SchemaError(`DataTransformer: column '${name}' is ${col.kind}, fitted as coded.`);
    const codes = data.codes(name);
    if (col.categories === fitted.categories) return codes;
    const lookup = new Map(fitted.categories.map((c, i) => [categoryKey(c), i]));
    const map = col.categories.map((c) => lookup.get(categoryKey(c)) ?? -1);
    return Int32Array.from(codes, (code) => {
      const m = map[code];
      if (m < 0) {
        throw new SchemaError(
          `DataTransformer.transform: column '${name}' holds ${formatCategory(col.categories[code])}, ` +
            `never seen in fitting; known: ${fitted.categories.map(formatCategory).join(', ')}.`,
        );
      }
      return m;
    });
  }

  private checkedColumn(data: Dataset, name: string): ColumnSchema {
    if (!data.has(name)) {
      throw new SchemaError(
        `DataTransformer: the data has no column '${name}', which the transformer was fitted on.`,
      );
    }
    return data.columnSchema(name);
  }
}
