export * as tf from '@tensorflow/tfjs';
export {
  BACKEND_ENV,
  type BackendChoice,
  type BackendInfo,
  backendInfo,
  findNativeBinding,
  type InitBackendOptions,
  initBackend,
  liveTensorCount,
} from './backend.js';
export { RuntimeError, SynthctrError } from './errors.js';
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
  gatherRows,
  globalNorm,
  init,
  layerNorm,
  logSumExpRows,
  ParamStore,
} from './nn.js';
export {
  type Notice,
  type NoticeCallback,
  type ProgressCallback,
  type ProgressEvent,
  ProgressReporter,
} from './progress.js';
export { Rng, type RngState, toRng } from './rng.js';
export { loadTensors, type SavedTensor, saveTensors } from './tensors.js';
export {
  applyCpuFixes,
  applyWasmFixes,
  registerComparisonGradients,
  type WasmFixStatus,
  wasmFixStatus,
} from './wasm-fixes.js';
