export {
  alignTables,
  type CodedPair,
  type ColumnPair,
  canonicalKey,
  type NumericPair,
} from './align.js';
export { type AucOptions, type AucResult, auc, aucResult, type UndefinedMode } from './auc.js';
export {
  type CopyOptions,
  type DuplicateRowsResult,
  duplicateRows,
  type IdenticalRowsResult,
  identicalRows,
} from './copies.js';
export { type DcrOptions, type DcrResult, distanceToClosestRecord } from './dcr.js';
export { type DeLongResult, delongTest } from './delong.js';
export {
  erfc,
  incompleteBeta,
  normalSf,
  normalTwoSidedP,
  studentTCdf,
  studentTTwoSidedP,
} from './distributions.js';
export { MetricError, type MetricErrorCode } from './errors.js';
export { DEFAULT_LOGLOSS_EPS, type LogLossOptions, logLoss } from './logloss.js';
export {
  columnPairTrends,
  type PairTrend,
  type PairTrendOptions,
  type PairTrendsResult,
} from './pairs.js';
export {
  type FoldMean,
  type MeanOverFoldsOptions,
  type MeanSd,
  type MeanSdOptions,
  meanOverFolds,
  meanSd,
  type PairedTTestResult,
  pairedTTest,
  type UndefinedFoldPolicy,
} from './seeds.js';
export {
  type CategoryCoverageResult,
  type ColumnCoverage,
  type ColumnOptions,
  type ColumnShape,
  type ColumnShapesResult,
  categoryCoverage,
  columnShapes,
  ksStatistic,
  totalVariation,
} from './shapes.js';
export { findNonFinite, type NonFiniteReport } from './validate.js';
