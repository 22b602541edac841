export {
  COPULA_FORMAT_VERSION,
  COPULA_KIND,
  GaussianCopula,
  type LearnedDistribution,
} from './copula.js';
export { nearestCorrelation } from './correlation.js';
export { type CategoryOrder, UniformEncoder, type UniformEncoderState } from './encoder.js';
export { CopulaError } from './errors.js';
export {
  fitMarginal,
  MARGINAL_NAMES,
  type Marginal,
  type MarginalFit,
  type MarginalName,
  type MarginalState,
  marginalFromState,
} from './marginals/index.js';
export { normCdf, normPpf, truncatedNormal } from './math/normal.js';
export {
  type CategoricalMarginal,
  DEFAULT_CATEGORICAL_MARGINAL,
  DEFAULT_CATEGORY_ORDER,
  DEFAULT_DISTRIBUTION,
  DEFAULT_ENFORCE_MIN_MAX,
  DEFAULT_ENFORCE_ROUNDING,
  DEFAULT_SEED,
  type GaussianCopulaOptions,
} from './options.js';
