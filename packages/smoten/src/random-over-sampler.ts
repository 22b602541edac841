import type { Rng, SavedTensor } from '@synthctr/runtime/light';
import {
  type CategoryValue,
  type ColumnSchema,
  type Dataset,
  type EnforceOptions,
  formatCategory,
  isCoded,
  type SavedModel,
  type Schema,
} from '@synthctr/tabular-schema';
import { type FitContext, type OutputColumns, Oversampler, savedConstraints } from './base.js';
import { SmotenError } from './errors.js';
import { rowsOfClass } from './neighbours.js';
import { assertNoMissing, populationStd } from './numeric.js';
import {
  DEFAULT_ENFORCE_SCHEMA,
  type PerClass,
  type RandomOverSamplerOptions,
  resolveOversampler,
} from './options.js';
import { intArray, intTensor, numbersFromJson, numbersToJson, strategyFromJson } from './saved.js';
import { perClassEntries } from './strategy.js';

/** What random oversampling keeps per class: the class's rows and the noise scale per column. */
interface ClassState {
  /** Per schema column (null for the label): the class rows' codes or values. */
  columns: (Int32Array | Float64Array | null)[];
  /** Per schema column: shrinkage x h x the class's standard deviation (smoothed bootstrap). */
  scale: Float64Array | null;
  rows: number;
}

/**
 * Random oversampling as imbalanced-learn's RandomOverSampler: new rows are class rows drawn
 * uniformly with replacement. With `shrinkage` it is a smoothed bootstrap: each numeric value
 * gets Gaussian noise of scale shrinkage x h x the class's standard deviation, where
 * h = (4 / ((d + 2) n)) ^ (1 / (d + 4)), d the number of features and n the rows of the
 * whole table; every feature must then be numeric.
 *
 * Porting note: with `enforceSchema` (the default) smoothed values are clipped to the range
 * seen in training and rounded to its precision (integer columns are always whole); the
 * reference returns the raw noisy values. Id (key) columns are not features (nor counted in
 * d); new rows get new keys.
 */
export class RandomOverSampler extends Oversampler {
  readonly name = 'random-oversampler';
  protected readonly method = 'RandomOverSampler';
  private readonly shrinkage: number | PerClass | null;
  private readonly enforceSchema: boolean;
  private readonly perClass = new Map<number, ClassState>();

  constructor(options: RandomOverSamplerOptions = {}) {
    super(resolveOversampler('RandomOverSampler', options));
    this.shrinkage = options.shrinkage ?? null;
    this.enforceSchema = options.enforceSchema ?? DEFAULT_ENFORCE_SCHEMA;
    if (typeof this.shrinkage === 'number' && !(this.shrinkage >= 0)) {
      throw new SmotenError(`RandomOverSampler: shrinkage must be >= 0, got ${this.shrinkage}.`);
    }
  }

  /** A model saved with `save()`, ready to sample. */
  static load(saved: SavedModel): RandomOverSampler {
    const s = saved.state;
    const shrinkage = s.shrinkage as number | [CategoryValue, number][] | null;
    const model = new RandomOverSampler({
      samplingStrategy: strategyFromJson(s.samplingStrategy),
      seed: s.seed as number,
      constraints: savedConstraints(saved),
      shrinkage: Array.isArray(shrinkage) ? new Map(shrinkage) : shrinkage,
      enforceSchema: s.enforceSchema as boolean,
    });
    model.restoreCommon(saved);
    const numeric = s.numeric as Record<string, (number | null)[]>;
    const scales = s.scales as Record<string, (number | null)[] | null>;
    const modelled = s.modelSchema as Schema;
    for (const code of model.prepared) {
      const columns = modelled.columns.map((c, j) => {
        if (c.name === modelled.label || c.kind === 'id') return null;
        const key = `class${code}.col${j}`;
        return isCoded(c) ? intArray(saved.tensors[key], key) : numbersFromJson(numeric[key]);
      });
      const scale = scales[String(code)];
      const rows = (s.rows as Record<string, number>)[String(code)];
      model.perClass.set(code, { columns, scale: scale ? numbersFromJson(scale) : null, rows });
    }
    return model;
  }

  protected need(): { rows: number; reason: (value: CategoryValue, count: number) => string } {
    return { rows: 1, reason: (value) => `class ${formatCategory(value)} has no rows to copy.` };
  }

  protected async prepare(data: Dataset, codes: number[], ctx: FitContext): Promise<void> {
    const factors = this.shrinkage === null ? null : this.factors(data, codes, ctx.where);
    const features = data.schema.columns.filter((c) => isFeature(c, data));
    const h = (4 / ((features.length + 2) * data.nRows)) ** (1 / (features.length + 4));
    for (const code of codes) {
      const rows = rowsOfClass(data.labelCodes(), code);
      const columns = data.schema.columns.map((c) => {
        if (!isFeature(c, data)) return null;
        const col = data.column(c.name);
        const src = 'codes' in col ? col.codes : col.values;
        return 'codes' in col
          ? Int32Array.from(rows, (r) => src[r])
          : Float64Array.from(rows, (r) => src[r]);
      });
      const factor = factors?.get(code);
      const scale =
        factor === undefined
          ? null
          : Float64Array.from(data.schema.columns, (c) =>
              isFeature(c, data) ? factor * h * populationStd(data.values(c.name), rows) : 0,
            );
      this.perClass.set(code, { columns, scale, rows: rows.length });
      this.prepared.add(code);
      ctx.history.push({
        class: code,
        rows: rows.length,
        ...(factor === undefined ? {} : { shrinkage: factor }),
      });
    }
  }

  /** The shrinkage factor of each class to sample; checks the table can take a smoothed bootstrap. */
  private factors(data: Dataset, codes: number[], where: string): Map<number, number> {
    const coded = data.schema.columns
      .filter((c) => isFeature(c, data) && isCoded(c))
      .map((c) => `'${c.name}'`);
    if (coded.length > 0) {
      throw new SmotenError(
        `${where}: shrinkage adds numeric noise, so every feature must be numeric, but ${coded.join(', ')} ` +
          `${coded.length === 1 ? 'is' : 'are'} categorical; drop ${coded.length === 1 ? 'it' : 'them'} or set shrinkage to null.`,
      );
    }
    const names = data.schema.columns.filter((c) => isFeature(c, data)).map((c) => c.name);
    assertNoMissing(data, names, where, 'a smoothed bootstrap cannot add noise to a missing value');
    const out = new Map<number, number>();
    if (typeof this.shrinkage === 'number') for (const code of codes) out.set(code, this.shrinkage);
    else {
      for (const [c, f] of perClassEntries(this.shrinkage!, this.classes, where, 'shrinkage')) {
        if (!(f >= 0))
          throw new SmotenError(
            `${where}: the shrinkage of class ${formatCategory(c.value)} must be >= 0, got ${f}.`,
          );
        out.set(c.code, f);
      }
    }
    const missing = codes
      .filter((code) => !out.has(code))
      .map((code) => formatCategory(this.valueOf(code)));
    if (missing.length > 0) {
      throw new SmotenError(
        `${where}: shrinkage gives no factor for class ${missing.join(', ')}, which will be sampled; give one for every such class.`,
      );
    }
    return out;
  }

  protected fillRow(code: number, rng: Rng, out: OutputColumns, i: number): void {
    const st = this.perClass.get(code)!;
    const row = rng.int(st.rows);
    st.columns.forEach((col, j) => {
      if (col === null) return;
      out[j][i] = st.scale ? col[row] + rng.normal() * st.scale[j] : col[row];
    });
  }

  protected override enforcement(): EnforceOptions {
    return { enforceBounds: this.enforceSchema, enforceRounding: this.enforceSchema };
  }

  protected saveState(): { state: Record<string, unknown>; tensors: Record<string, SavedTensor> } {
    const tensors: Record<string, SavedTensor> = {};
    const numeric: Record<string, (number | null)[]> = {};
    const scales: Record<string, (number | null)[] | null> = {};
    const rows: Record<string, number> = {};
    for (const [code, st] of this.perClass) {
      st.columns.forEach((col, j) => {
        if (col instanceof Int32Array) tensors[`class${code}.col${j}`] = intTensor(col);
        else if (col) numeric[`class${code}.col${j}`] = numbersToJson(col);
      });
      scales[String(code)] = st.scale ? numbersToJson(st.scale) : null;
      rows[String(code)] = st.rows;
    }
    const shrinkage = this.shrinkage instanceof Map ? [...this.shrinkage] : this.shrinkage;
    return {
      state: { shrinkage, enforceSchema: this.enforceSchema, numeric, scales, rows },
      tensors,
    };
  }

  protected release(): void {
    this.perClass.clear();
  }
}

/** A column the sampler models: not the label, not an id (key) column. */
function isFeature(column: ColumnSchema, data: Dataset): boolean {
  return column.name !== data.label && column.kind !== 'id';
}
