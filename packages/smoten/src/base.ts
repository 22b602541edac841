import { ProgressReporter, Rng, type SavedTensor } from '@synthctr/runtime/light';
import {
  type BaseFitOptions,
  buildDataset,
  type CategoryValue,
  ConstraintSet,
  type Dataset,
  type EnforceOptions,
  type FitReport,
  isCoded,
  type SampleOptions,
  type SavedConstraintSet,
  type SavedModel,
  type Schema,
  type Synthesizer,
} from '@synthctr/tabular-schema';
import { type ClassView, presentClasses, sampleLabels } from './classes.js';
import { SmotenError } from './errors.js';
import type { FitContext } from './fit-context.js';

export {
  chunkProgress,
  type FitContext,
  notify,
  savedConstraints,
  searchPool,
} from './fit-context.js';

import type { ResolvedOversampler } from './options.js';
import { strategyToJson } from './saved.js';
import { type ClassCount, resolveStrategy } from './strategy.js';

/** What `fitResample` returns. */
export interface OversampleResult {
  /** The input rows, unchanged and first, then the new rows class by class in sorted class order. */
  data: Dataset;
  /** New rows per class value (classes that got none are left out). */
  added: Map<CategoryValue, number>;
  /** The fit's report (notices, seconds, one history entry per prepared class). */
  report: FitReport;
}

/**
 * Output columns of a sample, aligned with the schema's columns: codes for coded columns,
 * values for numeric ones. A method fills every feature column; the label is set for it and
 * id (key) columns get new keys afterwards.
 */
export type OutputColumns = (Int32Array | Float64Array)[];

export const FORMAT_VERSION = 1;

/**
 * The shared skeleton of SMOTEN, SMOTE-NC and random oversampling: the label and its classes,
 * the sampling strategy, class-conditional and class-proportional sampling, the random
 * stream and the saved form. A method fills in `prepare` (learn the chosen classes) and
 * `fillRow` (write one new row of a class).
 */
export abstract class Oversampler implements Synthesizer {
  abstract readonly name: string;
  /** The method's name in messages, for example `SMOTEN`. */
  protected abstract readonly method: string;
  protected rng: Rng;
  /** The schema the method models: the real one with constrained columns merged. */
  protected schema: Schema | null = null;
  /** The fitted constraints (the identity without any). */
  private constraintSet: ConstraintSet | null = null;
  /** Classes present in the fitted table, in sorted class order. */
  protected classes: ClassCount[] = [];
  /** Classes the model can sample. */
  protected readonly prepared = new Set<number>();
  /** New keys handed out so far (id columns), so later samples continue after them. */
  private keysIssued = 0;
  private disposed = false;

  constructor(protected readonly common: ResolvedOversampler) {
    this.rng = new Rng(common.seed);
  }

  get fitted(): boolean {
    return this.schema !== null && !this.disposed;
  }

  /** Learns every class of the table, so that `sample` can draw any of them. */
  async fit(data: Dataset, options: BaseFitOptions = {}): Promise<FitReport> {
    const start = performance.now();
    const ctx = this.begin(data, options, 'fit');
    return this.unfitOnError(async () => {
      const codes = this.classes.map((c) => c.code);
      this.validate(ctx.data, ctx.where);
      this.checkSizes(codes, ctx.where);
      await this.prepareAll(codes, ctx);
      return this.report(start, ctx);
    });
  }

  /**
   * The reference's `fit_resample`: learns the classes the sampling strategy oversamples and
   * returns the table with the new rows appended. Porting note: one random stream runs through
   * the classes in sorted order; the reference restarts its stream for every class.
   */
  async fitResample(data: Dataset, options: BaseFitOptions = {}): Promise<OversampleResult> {
    const start = performance.now();
    const ctx = this.begin(data, options, 'fitResample');
    const plan = await this.unfitOnError(async () => {
      this.validate(ctx.data, ctx.where);
      return resolveStrategy(this.common.samplingStrategy, this.classes, ctx.where);
    });
    const targets = [...plan].filter(([, n]) => n > 0).map(([code]) => code);
    await this.unfitOnError(async () => {
      this.checkSizes(targets, ctx.where);
      await this.prepareAll(targets, ctx);
    });
    const added = new Map<CategoryValue, number>();
    const parts = targets.map((code) => {
      const n = plan.get(code)!;
      added.set(this.valueOf(code), n);
      return this.constraintSet!.split(this.generate(new Int32Array(n).fill(code), this.rng, true));
    });
    return { data: data.concat(...parts), added, report: this.report(start, ctx) };
  }

  /**
   * n new rows. With `conditions: { [label]: value }` every row is of that class (or row i of
   * class value[i] for an array); without, each row's class is drawn in proportion to the
   * class sizes among the prepared classes (all of them after `fit`).
   */
  async sample(n: number, options: SampleOptions = {}): Promise<Dataset> {
    const where = `${this.method}.sample`;
    this.assertFitted(where);
    if (!Number.isInteger(n) || n < 0)
      throw new SmotenError(`${where}: n must be a whole number >= 0, got ${String(n)}.`);
    const rng = options.seed === undefined ? this.rng : new Rng(options.seed);
    const progress = new ProgressReporter('sample', 1, options.onProgress);
    const labels = sampleLabels(this.classView(), n, options.conditions, rng, where);
    const out = this.constraintSet!.split(this.generate(labels, rng, options.seed === undefined));
    progress.finish();
    return out;
  }

  /** The fitted model as plain data. A function samplingStrategy is saved as null ('auto' on load). */
  save(): SavedModel {
    this.assertFitted(`${this.method}.save`);
    const { state, tensors } = this.saveState();
    return {
      kind: this.name,
      formatVersion: FORMAT_VERSION,
      schema: this.constraintSet!.schema,
      state: {
        modelSchema: this.schema,
        constraints: this.constraintSet!.toJSON(),
        samplingStrategy: strategyToJson(this.common.samplingStrategy),
        seed: this.common.seed,
        classes: this.classes,
        prepared: [...this.prepared],
        keysIssued: this.keysIssued,
        ...state,
      },
      rng: this.rng.state(),
      tensors,
    };
  }

  /** Frees the fitted state; the model cannot be used afterwards. */
  dispose(): void {
    this.disposed = true;
    this.release();
  }

  /** Checks the table suits the method (column kinds, missing values) before any other work. */
  protected validate(_data: Dataset, _where: string): void {}
  /** Learns the given classes (codes of the label), raising notices through `ctx`. */
  protected abstract prepare(data: Dataset, codes: number[], ctx: FitContext): Promise<void>;
  /** Writes new row i of class `code` into `out` (every column but the label). */
  protected abstract fillRow(code: number, rng: Rng, out: OutputColumns, i: number): void;
  /** Rows a class needs to be prepared, and the sentence that explains it. */
  protected abstract need(): {
    rows: number;
    reason: (value: CategoryValue, count: number) => string;
  };
  /** The method's own fitted state and buffers. */
  protected abstract saveState(): {
    state: Record<string, unknown>;
    tensors: Record<string, SavedTensor>;
  };
  /** Drops the method's fitted state. */
  protected abstract release(): void;

  /** Restores what `save` wrote for every method. */
  protected restoreCommon(saved: SavedModel): void {
    if (saved.kind !== this.name) {
      throw new SmotenError(
        `${this.method}.load: the saved model is a '${saved.kind}', not a '${this.name}'; load it with its own class.`,
      );
    }
    if (saved.formatVersion !== FORMAT_VERSION) {
      throw new SmotenError(
        `${this.method}.load: saved format version ${saved.formatVersion} is not supported (expected ${FORMAT_VERSION}).`,
      );
    }
    this.schema = saved.state.modelSchema as Schema;
    this.constraintSet = ConstraintSet.fromJSON(saved.state.constraints as SavedConstraintSet);
    this.classes = saved.state.classes as ClassCount[];
    this.keysIssued = saved.state.keysIssued as number;
    for (const code of saved.state.prepared as number[]) this.prepared.add(code);
    this.rng = Rng.fromState(saved.rng);
  }

  private classView(): ClassView {
    return {
      method: this.method,
      schema: this.schema!,
      realSchema: this.constraintSet!.schema,
      classes: this.classes,
      prepared: this.prepared,
      valueOf: (code) => this.valueOf(code),
    };
  }

  protected valueOf(code: number): CategoryValue {
    const label = this.schema!.columns.find((c) => c.name === this.schema!.label)!;
    return isCoded(label) ? label.categories[code] : code;
  }

  protected assertFitted(where: string): void {
    if (this.disposed)
      throw new SmotenError(`${where}: this model was disposed; create and fit a new one.`);
    if (!this.schema)
      throw new SmotenError(
        `${where}: the model is not fitted yet; call fit() or fitResample() first.`,
      );
  }

  private begin(data: Dataset, options: BaseFitOptions, call: string): FitContext {
    const where = `${this.method}.${call}`;
    if (this.disposed)
      throw new SmotenError(`${where}: this model was disposed; create and fit a new one.`);
    if (data.label === null) {
      throw new SmotenError(
        `${where}: the table has no label column; ${this.method} oversamples by class, so give the Dataset a label.`,
      );
    }
    this.schema = null;
    this.prepared.clear();
    this.keysIssued = 0;
    this.release();
    const constrained = this.common.constraints.flatMap((c) => c.columns).includes(data.label);
    if (constrained) {
      throw new SmotenError(
        `${where}: the label '${data.label}' is in a fixed combination; ${this.method} samples by class, so constrain feature columns only.`,
      );
    }
    this.constraintSet = ConstraintSet.fit(this.common.constraints, data);
    this.classes = presentClasses(data);
    const merged = this.constraintSet.merge(data);
    this.schema = merged.schema;
    return { where, data: merged, options, notices: [], history: [] };
  }

  /** Prepares the classes on the merged table, with one final 'fit' progress event. */
  private async prepareAll(codes: number[], ctx: FitContext): Promise<void> {
    const progress = new ProgressReporter('fit', 1, ctx.options.onProgress);
    await this.prepare(ctx.data, codes, ctx);
    progress.finish({ classes: codes.length });
  }

  /** Runs a step of fitting; if it fails the model is left unfitted. */
  private async unfitOnError<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      this.schema = null;
      this.prepared.clear();
      this.release();
      throw error;
    }
  }

  private checkSizes(codes: number[], where: string): void {
    const { rows, reason } = this.need();
    for (const code of codes) {
      const c = this.classes.find((x) => x.code === code)!;
      if (c.count < rows) throw new SmotenError(`${where}: ${reason(c.value, c.count)}`);
    }
  }

  private report(start: number, ctx: FitContext): FitReport {
    return {
      steps: 0,
      epochs: 0,
      seconds: (performance.now() - start) / 1000,
      history: ctx.history,
      notices: ctx.notices,
    };
  }

  /**
   * New rows with the given class codes, in that order, as a Dataset with the fitted schema:
   * numeric columns enforced as {@link Oversampler.enforcement} says, id (key) columns filled
   * with new keys after the largest real one. Keys move on between calls that use the model's
   * own stream (`countKeys`), so successive samples never repeat a key.
   */
  protected generate(labels: Int32Array, rng: Rng, countKeys: boolean): Dataset {
    const schema = this.schema!;
    const n = labels.length;
    const out: OutputColumns = schema.columns.map((c) =>
      isCoded(c) ? new Int32Array(n) : new Float64Array(n),
    );
    const labelIndex = schema.columns.findIndex((c) => c.name === schema.label);
    out[labelIndex] = labels;
    for (let i = 0; i < n; i++) this.fillRow(labels[i], rng, out, i);
    const columns = Object.fromEntries(schema.columns.map((c, j) => [c.name, out[j]]));
    const keyOffset = countKeys ? this.keysIssued : 0;
    if (countKeys) this.keysIssued += n;
    return buildDataset(schema, columns, n, { ...this.enforcement(), keyOffset });
  }

  /** How generated numeric values are fitted to their columns (both on by default). */
  protected enforcement(): EnforceOptions {
    return { enforceBounds: true, enforceRounding: true };
  }
}
