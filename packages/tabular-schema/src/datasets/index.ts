export {
  CACHE_ENV,
  defaultCacheDir,
  type FetchOptions,
  fetchKnownFile,
  gitBlobId,
  hashMismatch,
  type KnownFile,
  sha256,
} from './download.js';
export {
  FRAPPE_FIELDS,
  FRAPPE_FILES,
  FRAPPE_LABEL,
  FRAPPE_SOURCE_URL,
  FRAPPE_URL_ENV,
  type FrappeData,
  type FrappeFile,
  type FrappeOptions,
  type FrappeSplit,
  loadFrappe,
} from './frappe.js';
export {
  loadMovielens100k,
  MOVIELENS_100K_URL,
  MOVIELENS_COLUMNS,
  type MovielensOptions,
} from './movielens.js';
export {
  DATASET_SPLITS,
  type DatasetName,
  type LoadDatasetOptions,
  type LoadedDataset,
  loadDataset,
} from './registry.js';
export {
  AVAZU_SAMPLE_FILE,
  CRITEO_SAMPLE_FILE,
  loadAvazuSample,
  loadCriteoSample,
  type SampleDataOptions,
} from './samples.js';
