import type { Notice, ProgressReporter, Rng } from '@synthctr/runtime/light';
import { type ColumnArrays, type Dataset, isCoded } from '@synthctr/tabular-schema';
import { Matrix } from 'ml-matrix';
import {
  type ConditionalPlan,
  conditionalPlan,
  drawScores,
  type ScoreCondition,
} from './conditional.js';
import { ensureCorrelation, pearson } from './correlation.js';
import { UniformEncoder, type UniformEncoderState } from './encoder.js';
import {
  FLOAT32_EPS,
  fitMarginal,
  type Marginal,
  type MarginalName,
  type MarginalState,
  marginalFromState,
  PointMass,
  Uniform,
} from './marginals/index.js';
import { normCdf, normPpf } from './math/normal.js';
import type { ResolvedCopulaOptions } from './options.js';

/** One modelled column as plain data. */
export type CopulaColumnState =
  | {
      name: string;
      type: 'coded';
      /** The family asked for; 'encoded' when the encoded score is used directly. */
      distribution: MarginalName | 'encoded';
      encoder: UniformEncoderState;
      marginal: MarginalState;
      /** Why the asked family was replaced by a Gaussian, or null. */
      fallback: string | null;
    }
  | {
      name: string;
      type: 'numeric';
      distribution: MarginalName;
      marginal: MarginalState;
      fallback: string | null;
      /** Share of missing cells in training, re-created at random on output. */
      missingRate: number;
    };

/** A fitted copula as plain data. */
export interface FittedCopulaState {
  columns: CopulaColumnState[];
  /** The correlation of the normal scores (rows of the d × d matrix). */
  correlation: number[][];
  /** True when the estimate had to be repaired to a valid correlation matrix. */
  repaired: boolean;
}

interface Column {
  state: CopulaColumnState;
  marginal: Marginal;
  encoder: UniformEncoder | null;
}

const MAX_CACHED_PLANS = 256;
/** The value a coded column with a single observed category is encoded as. */
const CONSTANT_SCORE = 0.5;

/** The normal score of x under a marginal: Φ⁻¹ of the CDF clipped to [ε, 1 − ε]. */
function score(marginal: Marginal, x: number): number {
  const u = marginal.cdf(x);
  return normPpf(Math.min(1 - FLOAT32_EPS, Math.max(FLOAT32_EPS, u)));
}

/**
 * The fitted Gaussian copula over the modelled columns (categorical and numeric, no keys):
 * per-column marginals and encoders, and the correlation of the normal scores.
 */
export class FittedCopula {
  readonly correlation: Matrix;
  private readonly columns: Column[];
  private readonly index: Map<string, number>;
  private readonly plans = new Map<string, ConditionalPlan>();

  private constructor(readonly state: FittedCopulaState) {
    this.columns = state.columns.map((s) => ({
      state: s,
      marginal: marginalFromState(s.marginal),
      encoder: s.type === 'coded' ? new UniformEncoder(s.encoder) : null,
    }));
    this.index = new Map(state.columns.map((c, i) => [c.name, i]));
    this.correlation = new Matrix(state.correlation);
  }

  /** Rebuilds a fitted copula from its plain-data state. */
  static fromState(state: FittedCopulaState): FittedCopula {
    return new FittedCopula(state);
  }

  /**
   * Fits marginals (with the reference's Gaussian fallback, reported as a notice), encodes
   * categorical columns with seeded uniform noise, and estimates the correlation of the
   * clipped normal scores, repaired when it is not a valid correlation matrix.
   */
  static fit(
    data: Dataset,
    options: ResolvedCopulaOptions,
    rng: Rng,
    notify: (notice: Notice) => void,
    progress: ProgressReporter,
  ): FittedCopula {
    const columns: CopulaColumnState[] = [];
    const scores: Float64Array[] = [];
    for (const col of data.schema.columns) {
      const { state, values, marginal } = isCoded(col)
        ? fitCoded(data.codes(col.name), col.categories.length, col.name, options, rng)
        : fitNumeric(data.values(col.name), col.name, options);
      if (state.fallback !== null) {
        notify({
          code: 'marginal-fallback',
          column: col.name,
          message: `Column '${col.name}': ${state.fallback}; it was given a Gaussian marginal instead.`,
        });
      }
      columns.push(state);
      scores.push(Float64Array.from(values, (x) => score(marginal, x)));
      progress.tick();
    }
    const { matrix, repaired } = ensureCorrelation(pearson(scores));
    if (repaired) {
      notify({
        code: 'correlation-repaired',
        message:
          'The correlation of the normal scores was not positive definite; it was replaced by the nearest valid correlation matrix.',
      });
    }
    progress.tick();
    return new FittedCopula({ columns, correlation: matrix.to2DArray(), repaired });
  }

  /** The column's index in the copula. */
  position(name: string): number {
    return this.index.get(name) ?? -1;
  }

  /** The fitted state of one column. */
  column(name: string): CopulaColumnState {
    return this.columns[this.position(name)].state;
  }

  /** True when a coded column saw this code in training. */
  observed(name: string, code: number): boolean {
    return this.columns[this.position(name)].encoder?.isObserved(code) ?? false;
  }

  /**
   * Draws n rows (codes for coded columns, raw values for numeric ones) given fixed codes of
   * coded columns and fixed values of numeric columns. Numeric conditions are exact points;
   * a coded condition truncates the column's score to the normal image of its category's
   * interval; conditioned columns come out exactly as given.
   */
  sample(
    n: number,
    codes: Record<string, number>,
    values: Record<string, number>,
    rng: Rng,
  ): ColumnArrays {
    const conditions: ScoreCondition[] = [];
    for (const [name, v] of Object.entries(values)) {
      const j = this.position(name);
      conditions.push({ index: j, kind: 'point', z: score(this.columns[j].marginal, v) });
    }
    for (const [name, code] of Object.entries(codes)) conditions.push(this.interval(name, code));
    const d = this.columns.length;
    const z = drawScores(this.plan(conditions.map((c) => c.index)), conditions, d, n, rng);
    const out: ColumnArrays = {};
    this.columns.forEach((col, j) => {
      const { name } = col.state;
      if (name in codes) out[name] = new Int32Array(n).fill(codes[name]);
      else if (name in values) out[name] = new Float64Array(n).fill(values[name]);
      else out[name] = this.decode(col, z[j], rng);
    });
    return out;
  }

  private decode(col: Column, z: Float64Array, rng: Rng): Int32Array | Float64Array {
    const n = z.length;
    if (col.encoder) {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = col.encoder.decode(col.marginal.ppf(normCdf(z[i])));
      return codes;
    }
    const values = Float64Array.from(z, (zi) => col.marginal.ppf(normCdf(zi)));
    if (col.state.type === 'numeric' && col.state.missingRate > 0) {
      const rate = col.state.missingRate;
      for (let i = 0; i < n; i++) if (rng.next() < rate) values[i] = Number.NaN;
    }
    return values;
  }

  private interval(name: string, code: number): ScoreCondition {
    const j = this.position(name);
    const { encoder, marginal } = this.columns[j];
    const lo = encoder!.lo[code];
    const hi = encoder!.hi[code];
    const zlo = normPpf(marginal.cdf(lo));
    const zhi = normPpf(marginal.cdf(hi));
    if (zhi > zlo) return { index: j, kind: 'interval', lo: zlo, hi: zhi };
    return { index: j, kind: 'point', z: score(marginal, 0.5 * (lo + hi)) };
  }

  private plan(cond: number[]): ConditionalPlan {
    const key = cond.join(',');
    let plan = this.plans.get(key);
    if (!plan) {
      if (this.plans.size >= MAX_CACHED_PLANS) this.plans.clear();
      plan = conditionalPlan(this.correlation, cond);
      this.plans.set(key, plan);
    }
    return plan;
  }
}

interface ColumnFit {
  state: CopulaColumnState;
  values: Float64Array;
  marginal: Marginal;
}

function familyOf(name: string, options: ResolvedCopulaOptions): MarginalName {
  return options.numericalDistributions[name] ?? options.defaultDistribution;
}

function fitCoded(
  codes: Int32Array,
  k: number,
  name: string,
  options: ResolvedCopulaOptions,
  rng: Rng,
): ColumnFit {
  const encoder = UniformEncoder.fit(codes, k, options.categoryOrder);
  const asked: MarginalName | 'encoded' =
    options.categoricalMarginal === 'encoded' ? 'encoded' : familyOf(name, options);
  const base = { name, type: 'coded' as const, distribution: asked, encoder: encoder.state };
  if (encoder.observed <= 1) {
    const marginal = new PointMass(CONSTANT_SCORE);
    const values = new Float64Array(codes.length).fill(CONSTANT_SCORE);
    return { state: { ...base, marginal: marginal.state, fallback: null }, values, marginal };
  }
  const values = encoder.encode(codes, rng);
  const fit =
    asked === 'encoded'
      ? { marginal: new Uniform(0, 1), fallback: null }
      : fitMarginal(asked, values);
  return {
    state: { ...base, marginal: fit.marginal.state, fallback: fit.fallback },
    values,
    marginal: fit.marginal,
  };
}

function fitNumeric(raw: Float64Array, name: string, options: ResolvedCopulaOptions): ColumnFit {
  const observed = raw.filter((v) => !Number.isNaN(v));
  const asked = familyOf(name, options);
  const missingRate = raw.length > 0 ? (raw.length - observed.length) / raw.length : 0;
  const fit =
    observed.length > 0
      ? fitMarginal(asked, observed)
      : { marginal: new PointMass(0), fallback: null };
  let mean = 0;
  for (const v of observed) mean += v / observed.length;
  // Porting note: the reference fits the marginal to the mean-imputed column (a spike at the
  // mean); here it is fitted to the observed values, and a missing cell's score is the mean's.
  const values = Float64Array.from(raw, (v) => (Number.isNaN(v) ? mean : v));
  return {
    state: {
      name,
      type: 'numeric',
      distribution: asked,
      marginal: fit.marginal.state,
      fallback: fit.fallback,
      missingRate,
    },
    values,
    marginal: fit.marginal,
  };
}
