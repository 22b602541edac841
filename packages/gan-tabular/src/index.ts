export type { CtganCheckpoint } from './checkpoint.js';
export { CopulaGan, type CopulaGanOptions } from './copulagan.js';
export { Ctgan, type CtganFitOptions } from './ctgan.js';
export type { CtganOptions, ResolvedCtganOptions, SampleBatchNorm } from './options.js';
export type { SampleReport } from './sampling.js';
