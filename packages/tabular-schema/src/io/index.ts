export { fromArquero, toArquero } from './arquero.js';
export { type CsvReadOptions, readCsv, readCsvFile } from './csv.js';
export {
  type CsvCell,
  type CsvParseOptions,
  type CsvRecords,
  parseCsv,
  type SpacePolicy,
} from './csv-parse.js';
export { type CsvWriteOptions, writeCsv, writeCsvFile } from './csv-write.js';
export {
  type LibfmColumns,
  type LibfmField,
  type LibfmReadOptions,
  libfmToDatasets,
  parseLibfm,
  readLibfm,
} from './libfm.js';
export { decodeText, firstInvalidUtf8, type TextEncoding, type TextInput } from './text.js';
