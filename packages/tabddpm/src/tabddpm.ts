import { initBackend, ProgressReporter, Rng } from '@synthctr/runtime';
import {
  type BaseFitOptions,
  buildDataset,
  ConditionError,
  ConstraintSet,
  type Dataset,
  type FitReport,
  formatCategory,
  oneHotLayout,
  resolveConditions,
  type SampleOptions,
  type SavedConstraintSet,
  type SavedModel,
  type Schema,
  type Synthesizer,
  SynthesizerError,
  sampleByGroups,
} from '@synthctr/tabular-schema';
import { Denoiser } from './denoiser.js';
import { type LayoutState, TableLayout } from './layout.js';
import { type ResolvedTabddpmOptions, resolveOptions, type TabddpmOptions } from './options.js';
import { sampleChain } from './sample.js';
import { type DiffusionSchedule, makeSchedule } from './schedule.js';
import { trainLoop } from './train.js';

/** The saved format's version. */
export const TABDDPM_FORMAT_VERSION = 2;

interface Fitted {
  schema: Schema;
  constraints: ConstraintSet;
  layout: TableLayout;
  schedule: DiffusionSchedule;
  net: Denoiser;
  ema: Denoiser;
}

/** The JSON part of a saved TabDDPM. */
interface SavedState {
  options: Omit<ResolvedTabddpmOptions, 'constraints'>;
  layout: LayoutState;
  constraints: SavedConstraintSet;
  /** The schema the diffusion model sees (constraints merged). */
  modelSchema: Schema;
}

/**
 * TabDDPM (Kotelnikov et al. 2023): Gaussian diffusion for numeric columns (quantile-normal
 * scores, noise prediction, 'mse' loss) and multinomial diffusion in log space for categorical
 * ones, with one label-conditioned MLP denoiser. The label is the denoiser's class, so
 * `sample(n, { conditions: { label } })` is native: exactly n rows of that class.
 */
export class Tabddpm implements Synthesizer {
  readonly name = 'tabddpm';
  readonly options: ResolvedTabddpmOptions;
  private rng: Rng;
  private state: Fitted | null = null;

  constructor(options: TabddpmOptions = {}) {
    this.options = resolveOptions(options);
    this.rng = new Rng(this.options.seed);
  }

  /** True once fitted (or loaded). */
  get fitted(): boolean {
    return this.state !== null;
  }

  /** Number of scalar weights of the denoiser (0 before fit). */
  get parameterCount(): number {
    return this.state?.net.parameterCount() ?? 0;
  }

  /** Learns the table: constraints, layout (quantile transforms), then the diffusion model. */
  async fit(data: Dataset, options: BaseFitOptions = {}): Promise<FitReport> {
    await initBackend();
    const started = Date.now();
    if (data.nRows === 0)
      throw new SynthesizerError('tabddpm.fit: the table has no rows; fit on at least one row.');
    const constraints = ConstraintSet.fit(this.options.constraints, data);
    const merged = constraints.merge(data);
    const layout = this.fitLayout(merged);
    const notices: FitReport['notices'] = [];
    if (this.options.batchSize > data.nRows) {
      const notice = {
        code: 'batch-shrunk',
        message: `tabddpm.fit: batchSize ${this.options.batchSize} is more than the ${data.nRows} rows; each step uses all rows.`,
      };
      notices.push(notice);
      options.onNotice?.(notice);
    }
    this.dispose();
    const schedule = makeSchedule(this.options.scheduler, this.options.numTimesteps);
    const net = this.makeDenoiser(layout, this.rng.fork('weights'));
    const ema = this.makeDenoiser(layout, new Rng(0));
    ema.store.copyFrom(net.store);
    this.state = { schema: data.schema, constraints, layout, schedule, net, ema };
    const progress = new ProgressReporter('fit', this.options.steps, options.onProgress);
    const history = trainLoop({
      net,
      ema,
      layout,
      data: layout.encode(merged),
      schedule,
      options: this.options,
      rng: this.rng.fork('train'),
      progress,
    });
    progress.finish(history[history.length - 1]);
    const epochs = (this.options.steps * Math.min(this.options.batchSize, data.nRows)) / data.nRows;
    return {
      steps: this.options.steps,
      epochs,
      seconds: (Date.now() - started) / 1000,
      history,
      notices,
    };
  }

  /**
   * Draws n rows with the fitted schema. Conditions may only fix the label (one value, or one
   * per row); unconditional rows draw the label from the training class frequencies.
   */
  async sample(n: number, options: SampleOptions = {}): Promise<Dataset> {
    const fitted = this.need('sample');
    if (!Number.isInteger(n) || n < 0) {
      throw new SynthesizerError(`tabddpm.sample: n must be a non-negative integer, got ${n}.`);
    }
    await initBackend();
    const rng = options.seed === undefined ? this.rng : new Rng(options.seed);
    const labelOnly = this.checkConditions(fitted, n, options);
    const modelSchema = fitted.constraints.mergedSchema();
    const groups = resolveConditions(modelSchema, n, labelOnly);
    const chunks = groups.reduce(
      (s, g) => s + Math.ceil(g.rows.length / this.options.sampleBatchSize),
      0,
    );
    const progress = new ProgressReporter(
      'sample',
      Math.max(chunks, 1) * fitted.schedule.steps,
      options.onProgress,
    );
    const merged = await sampleByGroups(groups, n, rng, (count, codes, r) =>
      this.sampleGroup(fitted, modelSchema, count, codes, r, progress),
    );
    progress.finish();
    return fitted.constraints.split(merged);
  }

  /** The fitted model as plain data (both the trained and the EMA weights). */
  save(): SavedModel {
    const fitted = this.need('save');
    const { constraints: _c, ...options } = this.options;
    const state: SavedState = {
      options,
      layout: fitted.layout.state,
      constraints: fitted.constraints.toJSON(),
      modelSchema: fitted.constraints.mergedSchema(),
    };
    const tensors: SavedModel['tensors'] = {};
    for (const [k, v] of Object.entries(fitted.net.store.save())) tensors[`model/${k}`] = v;
    for (const [k, v] of Object.entries(fitted.ema.store.save())) tensors[`ema/${k}`] = v;
    return {
      kind: this.name,
      formatVersion: TABDDPM_FORMAT_VERSION,
      schema: fitted.schema,
      state: JSON.parse(JSON.stringify(state)),
      rng: this.rng.state(),
      tensors,
    };
  }

  /** A model from {@link Tabddpm.save}'s output; sampling continues exactly where it was saved. */
  static load(saved: SavedModel): Tabddpm {
    if (saved.kind !== 'tabddpm' || saved.formatVersion !== TABDDPM_FORMAT_VERSION) {
      throw new SynthesizerError(
        `Tabddpm.load: expected a saved 'tabddpm' model of format ${TABDDPM_FORMAT_VERSION}, got ` +
          `'${saved.kind}' format ${saved.formatVersion}; load it with the synthesizer that saved it.`,
      );
    }
    const s = saved.state as unknown as SavedState;
    const constraints = ConstraintSet.fromJSON(s.constraints);
    const model = new Tabddpm({ ...s.options, constraints: constraints.constraints });
    const layout = new TableLayout(s.layout);
    const net = model.makeDenoiser(layout, new Rng(0));
    const ema = model.makeDenoiser(layout, new Rng(0));
    net.store.load(prefixed(saved.tensors, 'model/'));
    ema.store.load(prefixed(saved.tensors, 'ema/'));
    const schedule = makeSchedule(model.options.scheduler, model.options.numTimesteps);
    model.state = { schema: saved.schema, constraints, layout, schedule, net, ema };
    model.rng = Rng.fromState(saved.rng);
    return model;
  }

  /** Frees the weights; the model must be fitted again before use. */
  dispose(): void {
    if (!this.state) return;
    this.state.net.dispose();
    this.state.ema.dispose();
    this.state = null;
  }

  private fitLayout(merged: Dataset): TableLayout {
    const coded = merged.schema.columns
      .filter((c) => (c.kind === 'categorical' || c.kind === 'boolean') && c.name !== merged.label)
      .map((c) => c.name);
    // The one-hot caps (B06): refuse an id-like or too-wide column before any allocation.
    oneHotLayout(merged.schema, coded, { rows: merged.nRows });
    return TableLayout.fit(merged, this.options.snapDiscrete);
  }

  private makeDenoiser(layout: TableLayout, rng: Rng): Denoiser {
    return new Denoiser(
      {
        numericCount: layout.numericCount,
        spanWidths: layout.spans.map((span) => span.width),
        classCount: layout.classCount,
        dims: this.options.denoiserDims,
        embeddingDim: this.options.embeddingDim,
        steps: this.options.numTimesteps,
      },
      rng,
    );
  }

  /** Conditions translated to the model schema; only the label may be fixed. */
  private checkConditions(
    fitted: Fitted,
    n: number,
    options: SampleOptions,
  ): SampleOptions['conditions'] {
    const translated = fitted.constraints.conditions(options.conditions, n, new Rng(0));
    if (!translated) return undefined;
    const label = fitted.schema.label;
    const others = Object.keys(translated).filter((k) => k !== label);
    if (others.length > 0) {
      throw new ConditionError(
        `tabddpm.sample: tabddpm conditions only on the label${label ? ` ('${label}')` : ' (this table has none)'}; ` +
          `got conditions on ${others.map((o) => `'${o}'`).join(', ')}. Sample unconditionally and filter, or ` +
          'use a synthesizer that conditions on any column.',
      );
    }
    return translated;
  }

  private async sampleGroup(
    fitted: Fitted,
    modelSchema: Schema,
    count: number,
    codes: Record<string, number>,
    rng: Rng,
    progress: ProgressReporter,
  ): Promise<Dataset> {
    const { layout } = fitted;
    const labelPlan = layout.state.label;
    const fixed = labelPlan ? codes[labelPlan.column] : undefined;
    if (labelPlan && fixed !== undefined && labelPlan.classCounts[fixed] === 0) {
      const col = modelSchema.columns.find((c) => c.name === labelPlan.column)!;
      const value = 'categories' in col ? col.categories[fixed] : null;
      throw new ConditionError(
        `tabddpm.sample: label '${labelPlan.column}' = ${formatCategory(value)} had no training rows, so the ` +
          'model never learned it; condition on a class seen in training.',
      );
    }
    const net = this.options.sampleWeights === 'ema' ? fitted.ema : fitted.net;
    const ctx = { net, layout, schedule: fitted.schedule, progress };
    const num = new Float32Array(count * layout.numericCount);
    const cat = layout.spans.map(() => new Int32Array(count));
    const labels = labelPlan ? new Int32Array(count) : null;
    for (let s = 0; s < count; s += this.options.sampleBatchSize) {
      const e = Math.min(s + this.options.sampleBatchSize, count);
      const classes = labels ? drawClasses(labelPlan!.classCounts, e - s, fixed, rng) : null;
      if (labels && classes) labels.set(classes, s);
      const raw = sampleChain(ctx, e - s, classes, rng);
      num.set(raw.num, s * layout.numericCount);
      raw.cat.forEach((c, j) => {
        cat[j].set(c, s);
      });
      await Promise.resolve();
    }
    const columns = layout.decode(num, cat, labels, count);
    return buildDataset(modelSchema, columns, count, {
      enforceBounds: this.options.enforceBounds,
      enforceRounding: this.options.enforceRounding,
    });
  }

  private need(method: string): Fitted {
    if (!this.state) {
      throw new SynthesizerError(
        `tabddpm.${method}: the model is not fitted; call fit(data) or Tabddpm.load(saved) first.`,
      );
    }
    return this.state;
  }
}

/** Classes for a chunk: all `fixed`, or drawn from the training class counts. */
function drawClasses(counts: number[], n: number, fixed: number | undefined, rng: Rng): Int32Array {
  if (fixed !== undefined) return new Int32Array(n).fill(fixed);
  return Int32Array.from({ length: n }, () => rng.categorical(counts));
}

function prefixed(tensors: SavedModel['tensors'], prefix: string): SavedModel['tensors'] {
  const out: SavedModel['tensors'] = {};
  for (const [k, v] of Object.entries(tensors))
    if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
