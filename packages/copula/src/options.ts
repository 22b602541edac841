import type { Constraint } from '@synthctr/tabular-schema';
import type { CategoryOrder } from './encoder.js';
import { CopulaError } from './errors.js';
import { MARGINAL_NAMES, type MarginalName } from './marginals/index.js';

/** How categorical columns enter the copula. */
export type CategoricalMarginal = 'fitted' | 'encoded';

/** Options of {@link GaussianCopula}. */
export interface GaussianCopulaOptions {
  /** Seed of the model's random stream (fit noise and sampling). @default 0 */
  seed?: number;
  /** Marginal family of every column not named in `numericalDistributions`. @default 'beta' */
  defaultDistribution?: MarginalName;
  /** Marginal family per column name (numeric or categorical). @default {} */
  numericalDistributions?: Record<string, MarginalName>;
  /**
   * Categorical columns: 'fitted' fits the column's family to the uniform-encoded floats (what
   * SDV does); 'encoded' uses the encoded score directly as its own U(0, 1) marginal. @default 'fitted'
   */
  categoricalMarginal?: CategoricalMarginal;
  /** Category layout on [0, 1]: order of first appearance in the data, or code order. @default 'appearance' */
  categoryOrder?: CategoryOrder;
  /** Clip numeric output to the training min and max. @default true */
  enforceMinMaxValues?: boolean;
  /** Round float output to the learned decimal digits (integers always stay whole). @default true */
  enforceRounding?: boolean;
  /** Constraints to honour, such as tabular-schema's FixedCombinations. @default [] */
  constraints?: readonly Constraint[];
}

/** {@link GaussianCopulaOptions} with every field resolved (constraints kept separately). */
export interface ResolvedCopulaOptions {
  seed: number;
  defaultDistribution: MarginalName;
  numericalDistributions: Record<string, MarginalName>;
  categoricalMarginal: CategoricalMarginal;
  categoryOrder: CategoryOrder;
  enforceMinMaxValues: boolean;
  enforceRounding: boolean;
}

export const DEFAULT_SEED = 0;
export const DEFAULT_DISTRIBUTION: MarginalName = 'beta';
export const DEFAULT_CATEGORICAL_MARGINAL: CategoricalMarginal = 'fitted';
export const DEFAULT_CATEGORY_ORDER: CategoryOrder = 'appearance';
export const DEFAULT_ENFORCE_MIN_MAX = true;
export const DEFAULT_ENFORCE_ROUNDING = true;

function checkName(name: unknown, where: string): MarginalName {
  if (!MARGINAL_NAMES.includes(name as MarginalName)) {
    throw new CopulaError(
      `GaussianCopula: ${where} is ${JSON.stringify(name)}, which is not a distribution; ` +
        `expected one of ${MARGINAL_NAMES.map((m) => `'${m}'`).join(', ')}.`,
    );
  }
  return name as MarginalName;
}

function checkChoice<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (!allowed.includes(value as T)) {
    throw new CopulaError(
      `GaussianCopula: ${where} is ${JSON.stringify(value)}; expected ${allowed.map((a) => `'${a}'`).join(' or ')}.`,
    );
  }
  return value as T;
}

/** Resolves and checks the options once, at construction. */
export function resolveOptions(options: GaussianCopulaOptions): ResolvedCopulaOptions {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(seed)) {
    throw new CopulaError(`GaussianCopula: the seed must be a finite number, got ${String(seed)}.`);
  }
  const perColumn: Record<string, MarginalName> = {};
  for (const [column, name] of Object.entries(options.numericalDistributions ?? {})) {
    perColumn[column] = checkName(name, `numericalDistributions['${column}']`);
  }
  return {
    seed,
    defaultDistribution: checkName(
      options.defaultDistribution ?? DEFAULT_DISTRIBUTION,
      'defaultDistribution',
    ),
    numericalDistributions: perColumn,
    categoricalMarginal: checkChoice(
      options.categoricalMarginal ?? DEFAULT_CATEGORICAL_MARGINAL,
      ['fitted', 'encoded'],
      'categoricalMarginal',
    ),
    categoryOrder: checkChoice(
      options.categoryOrder ?? DEFAULT_CATEGORY_ORDER,
      ['appearance', 'code'],
      'categoryOrder',
    ),
    enforceMinMaxValues: options.enforceMinMaxValues ?? DEFAULT_ENFORCE_MIN_MAX,
    enforceRounding: options.enforceRounding ?? DEFAULT_ENFORCE_ROUNDING,
  };
}
