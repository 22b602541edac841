import {
  fitMarginal,
  type Marginal,
  type MarginalName,
  type MarginalState,
  marginalFromState,
  normCdf,
  normPpf,
} from '@synthctr/copula';
import type { Notice } from '@synthctr/runtime';
import {
  type ColumnArrays,
  Dataset,
  isNumeric,
  type SavedModel,
  SynthesizerError,
} from '@synthctr/tabular-schema';
import { Ctgan, savedOptions } from './ctgan.js';
import type { CtganOptions } from './options.js';

/** Options of {@link CopulaGan}: CTGAN's, plus the marginal of each numeric column. */
export interface CopulaGanOptions extends CtganOptions {
  /** The marginal family of named numeric columns. @default {} */
  numericalDistributions?: Readonly<Record<string, MarginalName>>;
  /** The marginal family of every other numeric column. @default 'beta' */
  defaultDistribution?: MarginalName;
}

/** The default marginal family, as SDV's CopulaGAN. */
const DEFAULT_COPULAGAN_DISTRIBUTION: MarginalName = 'beta';
/** u is clipped to [ε, 1 − ε] before Φ⁻¹, with ε the float32 machine epsilon (the reference). */
const CLIP = 1.1920928955078125e-7;

interface ColumnMarginal {
  marginal: Marginal;
  /** Why the requested family fell back to a Gaussian, or null. */
  fallback: string | null;
}

/**
 * CopulaGAN (SDV): CTGAN on a table whose numeric columns were first Gaussianised through
 * their fitted marginals, z = Φ⁻¹(F(x)) (a Beta by default), and mapped back with
 * x = F⁻¹(Φ(z)) after sampling. There is no joint copula. Coded columns pass through, so on
 * an all-categorical table CopulaGAN is CTGAN exactly (same seed, same rows).
 */
export class CopulaGan extends Ctgan {
  override readonly name: string = 'copulagan';
  private readonly distributions: Readonly<Record<string, MarginalName>>;
  private readonly defaultDistribution: MarginalName;
  private marginals = new Map<string, ColumnMarginal>();

  constructor(options: CopulaGanOptions = {}) {
    super(options);
    this.distributions = { ...(options.numericalDistributions ?? {}) };
    this.defaultDistribution = options.defaultDistribution ?? DEFAULT_COPULAGAN_DISTRIBUTION;
  }

  /** The fitted marginal of each Gaussianised column and any fallback to a Gaussian. */
  get fittedMarginals(): Record<string, { state: MarginalState; fallback: string | null }> {
    return Object.fromEntries(
      [...this.marginals].map(([name, m]) => [
        name,
        { state: m.marginal.state, fallback: m.fallback },
      ]),
    );
  }

  /** A model from {@link CopulaGan.save}'s output. */
  static override load(saved: SavedModel): CopulaGan {
    const model = new CopulaGan(savedOptions(saved, 'copulagan') as CopulaGanOptions);
    model.restoreSaved(saved);
    return model;
  }

  protected override displayName(): string {
    return 'CopulaGAN';
  }

  protected override prepare(data: Dataset): Dataset {
    for (const name of Object.keys(this.distributions)) {
      const col = data.has(name) ? data.columnSchema(name) : null;
      if (!col || !isNumeric(col)) {
        throw new SynthesizerError(
          `CopulaGAN.fit: numericalDistributions names '${name}', which is not a numeric column; ` +
            `numeric columns: ${
              data.schema.columns
                .filter(isNumeric)
                .map((c) => c.name)
                .join(', ') || 'none'
            }.`,
        );
      }
    }
    this.marginals = new Map();
    const arrays: ColumnArrays = data.arrays();
    for (const col of data.schema.columns) {
      if (!isNumeric(col)) continue;
      const x = data.values(col.name);
      const finite = x.filter((v) => !Number.isNaN(v));
      if (finite.length === 0) continue;
      const family = this.distributions[col.name] ?? this.defaultDistribution;
      const fit = fitMarginal(family, Float64Array.from(finite));
      this.marginals.set(col.name, fit);
      arrays[col.name] = Float64Array.from(x, (v) =>
        Number.isNaN(v) ? v : gaussianise(fit.marginal, v),
      );
    }
    return Dataset.fromColumns(data.schema, arrays);
  }

  protected override prepareNotices(): Notice[] {
    return [...this.marginals]
      .filter(([, m]) => m.fallback !== null)
      .map(([column, m]) => ({
        code: 'marginal-fallback',
        column,
        message: `CopulaGAN: the marginal of '${column}' fell back to a Gaussian: ${m.fallback}`,
      }));
  }

  protected override restore(data: Dataset): Dataset {
    if (this.marginals.size === 0) return data;
    const arrays: ColumnArrays = data.arrays();
    for (const [name, { marginal }] of this.marginals) {
      const z = data.values(name);
      arrays[name] = Float64Array.from(z, (v) => (Number.isNaN(v) ? v : marginal.ppf(normCdf(v))));
    }
    return Dataset.fromColumns(data.schema, arrays);
  }

  protected override extraState(): Record<string, unknown> {
    return { marginals: this.fittedMarginals };
  }

  protected override loadExtraState(state: Record<string, unknown>): void {
    const saved = (state.marginals ?? {}) as Record<
      string,
      { state: MarginalState; fallback: string | null }
    >;
    this.marginals = new Map(
      Object.entries(saved).map(([name, m]) => [
        name,
        { marginal: marginalFromState(m.state), fallback: m.fallback },
      ]),
    );
  }
}

/** z = Φ⁻¹(clip(F(x), ε, 1 − ε)). */
function gaussianise(marginal: Marginal, x: number): number {
  const u = Math.min(1 - CLIP, Math.max(CLIP, marginal.cdf(x)));
  return normPpf(u);
}
