import { type Notice, ProgressReporter, Rng } from '@synthctr/runtime/light';
import {
  type BaseFitOptions,
  buildDataset,
  type Constraint,
  ConstraintSet,
  checkKeyColumn,
  Dataset,
  type FitReport,
  modelledColumns,
  resolveConditions,
  type SampleOptions,
  type SavedConstraintSet,
  type SavedModel,
  type Schema,
  type Synthesizer,
  sampleByGroups,
} from '@synthctr/tabular-schema';
import { checkObserved, refineGroups, splitNumericConditions } from './conditions.js';
import { CopulaError } from './errors.js';
import { FittedCopula, type FittedCopulaState } from './fitted.js';
import type { MarginalState } from './marginals/index.js';
import {
  type GaussianCopulaOptions,
  type ResolvedCopulaOptions,
  resolveOptions,
} from './options.js';

/** The `kind` of a saved Gaussian Copula. */
export const COPULA_KIND = 'copula';
/** The version of the saved format this code writes and reads. */
export const COPULA_FORMAT_VERSION = 1;

/** What a fitted model holds besides the copula. */
interface Fitted {
  copula: FittedCopula;
  constraints: ConstraintSet;
  /** The real table's schema (what sample returns). */
  schema: Schema;
  /** The schema after constraints merged their columns (what the copula sees, plus keys). */
  merged: Schema;
  /** The merged schema without key columns. */
  modelled: Schema;
  /** Keys handed out so far by unseeded sample calls (the next ones continue after them). */
  keysIssued: number;
}

/** The saved state of a {@link GaussianCopula}. */
interface SavedCopulaState {
  options: ResolvedCopulaOptions;
  copula: FittedCopulaState;
  constraints: SavedConstraintSet;
  keysIssued: number;
}

/** One column's learned marginal, as {@link GaussianCopula.learnedDistributions} reports it. */
export interface LearnedDistribution {
  /** The family that was asked for ('encoded' for a categorical score used directly). */
  distribution: string;
  /** The fitted family and parameters ('point' for a constant column). */
  parameters: MarginalState;
  /** Why the asked family was replaced by a Gaussian, or null. */
  fallback: string | null;
}

/**
 * The Gaussian Copula synthesizer (SDV's GaussianCopulaSynthesizer): categorical columns are
 * uniform-encoded, every column gets a fitted marginal (Beta by default), and the dependence
 * is the correlation of the normal scores. Conditions on categorical columns are exact: the
 * conditioned score is drawn inside its category's interval and the rest from the Gaussian
 * conditional, so every requested row comes back without a reject loop.
 */
export class GaussianCopula implements Synthesizer {
  readonly name = COPULA_KIND;
  private readonly options: ResolvedCopulaOptions;
  private readonly declared: readonly Constraint[];
  private rng: Rng;
  private model: Fitted | null = null;
  private disposed = false;

  constructor(options: GaussianCopulaOptions = {}) {
    this.options = resolveOptions(options);
    this.declared = options.constraints ?? [];
    this.rng = new Rng(this.options.seed);
  }

  /** True once `fit` has finished. */
  get fitted(): boolean {
    return this.model !== null;
  }

  /** The fitted correlation matrix of the normal scores (a copy), in modelled-column order. */
  get correlation(): number[][] {
    return this.need('correlation').copula.correlation.to2DArray();
  }

  /** The modelled columns' names, in the order of {@link correlation}. */
  get modelledColumns(): string[] {
    return this.need('modelledColumns').modelled.columns.map((c) => c.name);
  }

  /** Each modelled column's marginal: asked family, fitted parameters, fallback reason. */
  learnedDistributions(): Record<string, LearnedDistribution> {
    const m = this.need('learnedDistributions');
    const out: Record<string, LearnedDistribution> = {};
    for (const col of m.copula.state.columns) {
      out[col.name] = {
        distribution: col.distribution,
        parameters: col.marginal,
        fallback: col.fallback,
      };
    }
    return out;
  }

  /** Learns marginals and correlation; resolves with what was done and any notices. */
  async fit(data: Dataset, options: BaseFitOptions = {}): Promise<FitReport> {
    this.alive('fit');
    const started = performance.now();
    if (data.nRows === 0) {
      throw new CopulaError(
        'GaussianCopula.fit: the table has no rows; fit on a table with at least one row.',
      );
    }
    for (const col of data.schema.columns) {
      if (col.kind === 'id') {
        const codes = data.codes(col.name);
        checkKeyColumn(
          col.name,
          Array.from(codes, (c) => col.categories[c]),
        );
      }
    }
    const constraints = ConstraintSet.fit(this.declared, data);
    const merged = constraints.merge(data);
    const modelled = merged.selectColumns(modelledColumns(merged.schema));
    this.checkDistributionNames(modelled.schema);
    const notices: Notice[] = [];
    const notify = (notice: Notice): void => {
      notices.push(notice);
      options.onNotice?.(notice);
    };
    const progress = new ProgressReporter(
      'fit',
      modelled.schema.columns.length + 1,
      options.onProgress,
    );
    const copula = FittedCopula.fit(modelled, this.options, this.rng.fork('fit'), notify, progress);
    progress.finish();
    this.model = {
      copula,
      constraints,
      schema: data.schema,
      merged: merged.schema,
      modelled: modelled.schema,
      keysIssued: 0,
    };
    const seconds = (performance.now() - started) / 1000;
    const fallbacks = copula.state.columns.filter((c) => c.fallback !== null).length;
    const history = [
      {
        columns: modelled.schema.columns.length,
        fallbacks,
        repaired: copula.state.repaired ? 1 : 0,
      },
    ];
    return { steps: 0, epochs: 0, seconds, history, notices };
  }

  /**
   * Draws n rows with the fitted schema. Conditions on categorical columns (one value, or
   * one per row) and on numeric columns (inside the training range) are met exactly; an
   * unknown column or a value never seen is a ConditionError before any draw.
   */
  async sample(n: number, options: SampleOptions = {}): Promise<Dataset> {
    const m = this.need('sample');
    if (!Number.isInteger(n) || n < 0) {
      throw new CopulaError(
        `GaussianCopula.sample: n must be a non-negative integer, got ${String(n)}.`,
      );
    }
    const seeded = options.seed !== undefined;
    const rng = seeded ? new Rng(options.seed) : this.rng;
    const { coded, numeric } = splitNumericConditions(m.schema, n, options.conditions);
    checkObserved(m.copula, m.schema, n, coded);
    const mergedConditions = m.constraints.conditions(coded, n, rng);
    const groups = refineGroups(resolveConditions(m.merged, n, mergedConditions), numeric);
    const valuesOf = new Map(groups.map((g) => [g.codes, g.values]));
    const progress = new ProgressReporter('sample', groups.length, options.onProgress);
    const raw = await sampleByGroups(groups, n, rng, (count, codes, r) => {
      const arrays = m.copula.sample(count, codes, valuesOf.get(codes) ?? {}, r);
      progress.tick();
      return Dataset.fromColumns(m.modelled, arrays);
    });
    progress.finish();
    const keyOffset = seeded ? 0 : m.keysIssued;
    if (!seeded) m.keysIssued += n;
    const out = buildDataset(m.merged, raw.arrays(), n, {
      enforceBounds: this.options.enforceMinMaxValues,
      enforceRounding: this.options.enforceRounding,
      keyOffset,
    });
    return m.constraints.split(out);
  }

  /** The fitted model as plain data (no training rows are stored). */
  save(): SavedModel {
    const m = this.need('save');
    const state: SavedCopulaState = {
      options: this.options,
      copula: m.copula.state,
      constraints: m.constraints.toJSON(),
      keysIssued: m.keysIssued,
    };
    return {
      kind: COPULA_KIND,
      formatVersion: COPULA_FORMAT_VERSION,
      schema: m.schema,
      state: state as unknown as Record<string, unknown>,
      rng: this.rng.state(),
      tensors: {},
    };
  }

  /** A model from {@link GaussianCopula.save}'s output; it samples exactly as the saved one would. */
  static load(saved: SavedModel): GaussianCopula {
    if (saved.kind !== COPULA_KIND || saved.formatVersion !== COPULA_FORMAT_VERSION) {
      throw new CopulaError(
        `GaussianCopula.load: expected a saved '${COPULA_KIND}' model of format ${COPULA_FORMAT_VERSION}, ` +
          `got '${saved.kind}' format ${saved.formatVersion}; load it with the synthesizer that saved it.`,
      );
    }
    const state = saved.state as unknown as SavedCopulaState;
    const model = new GaussianCopula(state.options);
    const constraints = ConstraintSet.fromJSON(state.constraints);
    const merged = constraints.mergedSchema();
    const modelledNames = new Set(modelledColumns(merged));
    model.model = {
      copula: FittedCopula.fromState(state.copula),
      constraints,
      schema: saved.schema,
      merged,
      modelled: {
        columns: merged.columns.filter((c) => modelledNames.has(c.name)),
        label: merged.label,
      },
      keysIssued: state.keysIssued,
    };
    model.rng = Rng.fromState(saved.rng);
    return model;
  }

  /** Frees the fitted state; the model cannot be used afterwards. */
  dispose(): void {
    this.model = null;
    this.disposed = true;
  }

  private alive(method: string): void {
    if (this.disposed) {
      throw new CopulaError(
        `GaussianCopula.${method}: the model was disposed; create a new GaussianCopula.`,
      );
    }
  }

  private need(method: string): Fitted {
    this.alive(method);
    if (!this.model) {
      throw new CopulaError(
        `GaussianCopula.${method}: the model is not fitted; call fit(dataset) first.`,
      );
    }
    return this.model;
  }

  private checkDistributionNames(schema: Schema): void {
    const names = schema.columns.map((c) => c.name);
    for (const column of Object.keys(this.options.numericalDistributions)) {
      if (!names.includes(column)) {
        throw new CopulaError(
          `GaussianCopula.fit: numericalDistributions names column '${column}', which is not modelled; ` +
            `modelled columns: ${names.join(', ')}.`,
        );
      }
    }
  }
}
