/**
 * The parts of @synthctr/runtime that need no TensorFlow.js: the seeded Rng, the error base
 * classes, progress events and the scalar special functions (normal CDF and quantile,
 * log-gamma, log-beta, digamma, the regularised incomplete beta). Packages without tensors
 * (metrics, copula, smoten, tabular-schema) import from `@synthctr/runtime/light`, so loading
 * them does not load tfjs.
 */
export { RuntimeError, SynthctrError } from './errors.js';
export { normCdf, normPpf, normSf } from './normal.js';
export {
  type Notice,
  type NoticeCallback,
  type ProgressCallback,
  type ProgressEvent,
  ProgressReporter,
} from './progress.js';
export { Rng, type RngState, toRng } from './rng.js';
export { betaInc, digamma, logBeta, logGamma } from './special.js';
export type { SavedTensor } from './tensors.js';
