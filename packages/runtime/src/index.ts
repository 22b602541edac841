export * as tf from '@tensorflow/tfjs';
export {
  BACKEND_ENV,
  backendInfo,
  findNativeBinding,
  initBackend,
  liveTensorCount,
  type BackendChoice,
  type BackendInfo,
  type InitBackendOptions,
} from './backend.js';
export { RuntimeError, SynthctrError } from './errors.js';
export {
  ProgressReporter,
  type Notice,
  type NoticeCallback,
  type ProgressCallback,
  type ProgressEvent,
} from './progress.js';
export { Rng, toRng, type RngState } from './rng.js';
export { applyCpuFixes, applyWasmFixes, registerComparisonGradients } from './wasm-fixes.js';
export { saveTensors, loadTensors, type SavedTensor } from './tensors.js';
export {
  Adam,
  type AdamOptions,
  addBatchNorm,
  addDense,
  type BatchNormParams,
  batchNorm,
  clipByGlobalNorm,
  type DenseParams,
  dense,
  globalNorm,
  init,
  layerNorm,
  ParamStore,
} from './nn.js';
