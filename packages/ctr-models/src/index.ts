export { dropoutMask, fillDropoutMask } from './blocks/dropout.js';
export { addFeatureEmbedding, embed, type FeatureEmbedding } from './blocks/embedding.js';
export { firstOrder, fmPairwise } from './blocks/fm.js';
export type { ForwardContext } from './blocks/mlp.js';
export { CtrModel } from './ctr-model.js';
export { type EncodedTable, encodeDataset, type FieldInfo, toGlobalIds } from './data.js';
export { CtrDivergenceError, CtrModelError } from './errors.js';
export { initNetwork } from './models/index.js';
export type { CtrNetwork, NetworkSpec } from './models/network.js';
export {
  type CtrModelKind,
  type CtrModelOptions,
  type MaskNetType,
  type ResolvedCtrOptions,
  resolveCtrOptions,
} from './options.js';
export type { EpochFigures } from './train/loop.js';
export { bceWithLogits, l2Penalty } from './train/losses.js';
export { type CtrRunResult, type TrainCtrModelOptions, trainCtrModel } from './train-ctr-model.js';
export type {
  CtrEvaluation,
  CtrFitOptions,
  CtrFitReport,
  CtrModelSummary,
  SavedCtrModel,
} from './types.js';
