import { type Notice, type NoticeCallback, ProgressReporter, Rng } from '@synthctr/runtime';
import {
  type BaseFitOptions,
  buildDataset,
  type Constraint,
  ConstraintSet,
  type Dataset,
  DataTransformer,
  type FitReport,
  type GeneratedColumns,
  modelledColumns,
  resolveConditions,
  type SampleOptions,
  type SavedModel,
  type Schema,
  type Synthesizer,
  SynthesizerError,
  sampleByGroups,
} from '@synthctr/tabular-schema';
import { type CtganCheckpoint, checkCheckpoint, fingerprintOf } from './checkpoint.js';
import { checkpointOf, releaseTraining, setupTraining, streams } from './fitting.js';
import type { Generator } from './generator.js';
import { createGenerator } from './model.js';
import { type CtganOptions, type ResolvedCtganOptions, resolveCtganOptions } from './options.js';
import { CondSampler, type CondSamplerState } from './sampler.js';
import { type SampleReport, type SamplingModel, sampleGroup } from './sampling.js';
import { trainEpochs } from './trainer.js';

/** Options of {@link Ctgan.fit}. */
export interface CtganFitOptions extends BaseFitOptions {
  /** Send a checkpoint to `onCheckpoint` after every this many epochs (0: never). @default 0 */
  checkpointEvery?: number;
  /** Receives checkpoints (plain data; the library never writes files). @default none */
  onCheckpoint?: (checkpoint: CtganCheckpoint) => void | Promise<void>;
  /** Continue from a checkpoint of the same model on the same table, up to `epochs`. @default none */
  resumeFrom?: CtganCheckpoint;
}

const FORMAT_VERSION = 1;

interface Fitted {
  schema: Schema;
  mergedSchema: Schema;
  constraints: ConstraintSet;
  transformer: DataTransformer;
  sampler: CondSampler | null;
  generator: Generator;
  epochs: number;
}

/**
 * CTGAN (Xu et al., 2019): a conditional Wasserstein GAN with gradient penalty on
 * mode-normalised, one-hot encoded rows, trained by sampling, as sdv-dev/CTGAN computes it,
 * without its conditioning offset bug, with batch norm at sampling an option, seeded end to
 * end, and with the wide one-hot layers computed as row sums (exactly).
 */
export class Ctgan implements Synthesizer {
  readonly name: string = 'ctgan';
  /** The resolved hyperparameters. */
  readonly options: ResolvedCtganOptions;
  private readonly constraintList: readonly Constraint[];
  private fittedState: Fitted | null = null;
  private sampleRng: Rng;
  private disposed = false;
  private report: SampleReport | null = null;

  constructor(options: CtganOptions = {}) {
    this.options = resolveCtganOptions(options, this.displayName());
    this.constraintList = options.constraints ?? [];
    this.sampleRng = streams(this.options.seed).sample;
  }

  /** True once `fit` has finished. */
  get fitted(): boolean {
    return this.fittedState !== null;
  }

  /** What the last `sample` call did with its conditions (raw compliance), or null. */
  get lastSampleReport(): SampleReport | null {
    return this.report;
  }

  /** Learns the table; with `resumeFrom`, continues a checkpointed fit. */
  async fit(data: Dataset, options: CtganFitOptions = {}): Promise<FitReport> {
    this.alive('fit');
    if (data.nRows === 0)
      throw new SynthesizerError(`${this.displayName()}.fit: the table has no rows.`);
    const started = Date.now();
    const notices: FitReport['notices'] = [];
    const notify: NoticeCallback = (n) => {
      notices.push(n);
      options.onNotice?.(n);
    };
    this.fittedState?.generator.dispose();
    this.fittedState = null;
    const o = this.options;
    const rngs = streams(o.seed);
    const resume = options.resumeFrom;
    if (resume) checkCheckpoint(resume, this.name, this.displayName(), data);
    const constraints = ConstraintSet.fit(this.constraintList, data);
    const merged = constraints.merge(data);
    const prepared = this.prepare(merged);
    for (const n of this.prepareNotices()) notify(n);
    const training = setupTraining(prepared, o, rngs, resume, notify);
    const history = resume ? resume.history.map((h) => ({ ...h })) : [];
    const fingerprint = fingerprintOf(data);
    let steps = resume ? resume.steps : 0;
    try {
      steps = await trainEpochs(training.ctx, resume ? resume.epoch : 0, o.epochs, history, steps, {
        onProgress: options.onProgress,
        checkpointEvery: options.checkpointEvery ?? 0,
        onCheckpoint: options.onCheckpoint,
        model: this.displayName(),
        checkpoint: (epoch, s, h) => checkpointOf(this.name, training, fingerprint, epoch, s, h),
      });
    } catch (error) {
      training.ctx.generator.dispose();
      throw error;
    } finally {
      releaseTraining(training);
    }
    const { transformer, sampler } = training;
    const generator = training.ctx.generator;
    this.fittedState = {
      schema: data.schema,
      mergedSchema: merged.schema,
      constraints,
      transformer,
      sampler,
      generator,
      epochs: o.epochs,
    };
    this.sampleRng = rngs.sample;
    return {
      steps,
      epochs: history.length,
      seconds: (Date.now() - started) / 1000,
      history,
      notices,
    };
  }

  /** Draws n rows; conditions are met exactly (see {@link Ctgan.sampleWithReport}). */
  async sample(n: number, options: SampleOptions = {}): Promise<Dataset> {
    return (await this.sampleWithReport(n, options)).data;
  }

  /**
   * Draws n rows with the fitted schema. A condition's first column goes into the
   * conditional vector, and every conditioned value is then set, so exactly n matching rows
   * come back; the report gives the share the generator got right on its own.
   */
  async sampleWithReport(
    n: number,
    options: SampleOptions = {},
  ): Promise<{ data: Dataset; report: SampleReport }> {
    const s = this.need('sample');
    if (!(Number.isInteger(n) && n >= 0)) {
      throw new SynthesizerError(
        `${this.displayName()}.sample: n must be a non-negative integer, got ${n}.`,
      );
    }
    const rng = options.seed !== undefined ? new Rng(options.seed) : this.sampleRng;
    const conditions = s.constraints.conditions(options.conditions, n, rng);
    const groups = resolveConditions(s.mergedSchema, n, conditions);
    const progress = new ProgressReporter('sample', groups.length, options.onProgress);
    const model = this.samplingModel(s);
    const matches: Record<string, number> = {};
    const vectorColumns: (string | null)[] = [];
    const rows = await sampleByGroups(groups, n, rng, (count, codes, r) => {
      const g = sampleGroup(model, count, codes, r);
      for (const [name, hits] of Object.entries(g.matches))
        matches[name] = (matches[name] ?? 0) + hits;
      vectorColumns.push(g.vectorColumn);
      progress.tick();
      return g.data;
    });
    progress.finish();
    const restored = this.restore(rows);
    const generated: GeneratedColumns = {};
    for (const name of modelledColumns(s.mergedSchema)) {
      const col = restored.column(name);
      generated[name] = 'codes' in col ? col.codes : col.values;
    }
    const built = buildDataset(s.mergedSchema, generated, n, {
      enforceBounds: this.options.enforceBounds,
      enforceRounding: this.options.enforceRounding,
    });
    const data = s.constraints.split(built);
    const compliance = Object.fromEntries(
      Object.entries(matches).map(([k, v]) => [k, n > 0 ? v / n : 1]),
    );
    this.report = { rows: n, compliance, vectorColumns };
    return { data, report: this.report };
  }

  /** The fitted model as plain data (the generator only; the critic is not needed to sample). */
  save(): SavedModel {
    const s = this.need('save');
    return {
      kind: this.name,
      formatVersion: FORMAT_VERSION,
      schema: s.schema,
      state: {
        options: this.options,
        mergedSchema: s.mergedSchema,
        transformer: s.transformer.toJSON(),
        sampler: s.sampler ? s.sampler.toJSON() : null,
        constraints: s.constraints.toJSON(),
        epochs: s.epochs,
        extra: this.extraState(),
      },
      rng: this.sampleRng.state(),
      tensors: s.generator.store.save(),
    };
  }

  /** A model from {@link Ctgan.save}'s output; it samples exactly as the saved one would. */
  static load(saved: SavedModel): Ctgan {
    const model = new Ctgan(savedOptions(saved, 'ctgan'));
    model.restoreSaved(saved);
    return model;
  }

  /** Frees the generator's tensors; the model cannot be used afterwards. */
  dispose(): void {
    this.fittedState?.generator.dispose();
    this.fittedState = null;
    this.disposed = true;
  }

  /** Transforms the (merged) training table before modelling; CTGAN models it as it is. */
  protected prepare(data: Dataset): Dataset {
    return data;
  }

  /** Notices about what {@link Ctgan.prepare} did (none for CTGAN). */
  protected prepareNotices(): Notice[] {
    return [];
  }

  /** Undoes {@link Ctgan.prepare} on sampled rows. */
  protected restore(data: Dataset): Dataset {
    return data;
  }

  /** State of {@link Ctgan.prepare} to save (JSON-safe). */
  protected extraState(): Record<string, unknown> {
    return {};
  }

  /** Restores {@link Ctgan.extraState}. */
  protected loadExtraState(_state: Record<string, unknown>): void {}

  /** The name used in messages. */
  protected displayName(): string {
    return 'CTGAN';
  }

  /** Restores a saved model into this (fresh) instance. */
  protected restoreSaved(saved: SavedModel): void {
    if (saved.kind !== this.name || saved.formatVersion !== FORMAT_VERSION) {
      throw new SynthesizerError(
        `${this.displayName()}.load: expected a saved '${this.name}' model of format ${FORMAT_VERSION}, ` +
          `got '${saved.kind}' format ${saved.formatVersion}.`,
      );
    }
    const st = saved.state as Record<string, unknown>;
    const transformer = DataTransformer.fromJSON(
      st.transformer as ReturnType<DataTransformer['toJSON']>,
    );
    const { layout } = transformer;
    const generator = createGenerator(layout, this.options, new Rng(0));
    generator.store.load(saved.tensors);
    const samplerState = st.sampler as CondSamplerState | null;
    this.loadExtraState((st.extra as Record<string, unknown>) ?? {});
    this.fittedState = {
      schema: saved.schema,
      mergedSchema: st.mergedSchema as Schema,
      constraints: ConstraintSet.fromJSON(
        st.constraints as Parameters<typeof ConstraintSet.fromJSON>[0],
      ),
      transformer,
      sampler: samplerState ? CondSampler.fromState(layout.discrete, samplerState) : null,
      generator,
      epochs: st.epochs as number,
    };
    this.sampleRng = Rng.fromState(saved.rng);
  }

  private samplingModel(s: Fitted): SamplingModel {
    return {
      generator: s.generator,
      transformer: s.transformer,
      sampler: s.sampler,
      batchSize: this.options.batchSize,
      embeddingDim: this.options.embeddingDim,
      batchNorm: this.options.sampleBatchNorm,
    };
  }

  private alive(method: string): void {
    if (this.disposed) {
      throw new SynthesizerError(
        `${this.displayName()}.${method}: the model was disposed; create a new one.`,
      );
    }
  }

  private need(method: string): Fitted {
    this.alive(method);
    if (!this.fittedState) {
      throw new SynthesizerError(
        `${this.displayName()}.${method}: the model is not fitted; call fit(data) first.`,
      );
    }
    return this.fittedState;
  }
}

/** The constructor options stored in a saved model (checked to be a model of `kind`). */
export function savedOptions(saved: SavedModel, kind: string): CtganOptions {
  if (saved.kind !== kind) {
    throw new SynthesizerError(`load: expected a saved '${kind}' model, got '${saved.kind}'.`);
  }
  return { ...(saved.state as { options: ResolvedCtganOptions }).options };
}
