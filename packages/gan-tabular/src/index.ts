export type { CtganCheckpoint } from './checkpoint.js';
export { CopulaGan, type CopulaGanOptions, DEFAULT_COPULAGAN_DISTRIBUTION } from './copulagan.js';
export { Ctgan, type CtganFitOptions } from './ctgan.js';
export {
  type CtganOptions,
  DEFAULT_BATCH_SIZE,
  DEFAULT_EMBEDDING_DIM,
  DEFAULT_EPOCHS,
  DEFAULT_PAC,
  type ResolvedCtganOptions,
  resolveCtganOptions,
  type SampleBatchNorm,
} from './options.js';
export type { SampleReport } from './sampling.js';
