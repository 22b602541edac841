export { type FitContext, type OutputColumns, type OversampleResult, Oversampler } from './base.js';
export { SmotenError } from './errors.js';
export { buildKdTree, type KdTree, searchRange } from './kdtree.js';
export { bruteForce, distance, type Space } from './metric.js';
export { bruteForceNeighbours, type NeighbourTable, smotenNeighbours } from './neighbours.js';
export type {
  NeighbourOptions,
  OversamplerOptions,
  PerClass,
  RandomOverSamplerOptions,
  SmotencOptions,
  SmotenOptions,
} from './options.js';
export { compareCategories } from './order.js';
export { RandomOverSampler } from './random-over-sampler.js';
export { Smoten } from './smoten.js';
export { Smotenc } from './smotenc.js';
export type { ClassTargets, SamplingStrategy, StrategyName } from './strategy.js';
export { ValueDifferenceMetric, type VdmOptions } from './vdm.js';
