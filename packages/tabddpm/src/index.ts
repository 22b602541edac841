export { normCdf, normPpf, normSf } from '@synthctr/runtime/light';
export { Denoiser, type DenoiserConfig } from './denoiser.js';
export { TabddpmError } from './errors.js';
export { type CategoricalPlan, type LayoutState, type NumericPlan, TableLayout } from './layout.js';
export {
  LOG_ZERO,
  logAddExp,
  logOneHot,
  logOneHotRuns,
  runIndices,
  type Span,
  type SpanRun,
  sliceLogSoftmax,
  sliceLogSumExp,
  spanRuns,
} from './logspace.js';
export { multinomialLoss, posteriorCoefs, qPosterior, qPred } from './multinomial.js';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_DENOISER_DIMS,
  DEFAULT_LEARNING_RATE,
  DEFAULT_NUM_TIMESTEPS,
  DEFAULT_STEPS,
  type ResolvedTabddpmOptions,
  type SampleWeights,
  type TabddpmOptions,
} from './options.js';
export {
  QUANTILE_CLIP_MAX,
  QUANTILE_CLIP_MIN,
  type QuantileState,
  QuantileTransformer,
  tabddpmQuantileCount,
} from './quantile.js';
export { type DiffusionSchedule, makeSchedule, namedBetas, type Scheduler } from './schedule.js';
export { TABDDPM_FORMAT_VERSION, Tabddpm } from './tabddpm.js';
export { annealedLearningRate } from './train.js';
