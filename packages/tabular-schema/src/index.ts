export * from './constraints/index.js';
export { type ColumnArrays, type ColumnData, Dataset } from './dataset.js';
export * from './datasets/index.js';
export {
  CategoryEncoder,
  type CategoryEncoderJSON,
  type CategoryEncoderOptions,
  type EncodeOptions,
  EncodingError,
  MISSING_SLOT,
  type MissingPolicy,
  OOV_SLOT,
  type UnknownPolicy,
} from './encoding/category-encoder.js';
export * from './encoding/coerce.js';
export * from './encoding/onehot.js';
export { ConditionError, DataSourceError, SchemaError, SynthesizerError } from './errors.js';
export {
  datasetFromRows,
  encodeCategories,
  type InferOptions,
  inferKind,
  inferSchema,
  isMissingCell,
  learnDigits,
  numericSchema,
} from './infer.js';
export * from './io/index.js';
export * from './output.js';
export { moduloSplit, pooledSplit, stratifiedSplit } from './split.js';
export {
  type BaseFitOptions,
  type ConditionGroup,
  type Conditions,
  type FitReport,
  resolveConditions,
  type SampleOptions,
  type SavedModel,
  type Synthesizer,
  sampleByGroups,
} from './synthesizer.js';
export * from './transform/index.js';
export {
  type CategoryValue,
  type CellValue,
  type CodedColumnSchema,
  type ColumnKind,
  type ColumnSchema,
  categoryKey,
  formatCategory,
  isCoded,
  isNumeric,
  MISSING_LABEL,
  type NumericColumnSchema,
  type Row,
  type Schema,
} from './types.js';
