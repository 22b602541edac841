import { readFileSync } from 'node:fs';
import { type ColumnArrays, Dataset } from '../dataset.js';
import { DataSourceError, SchemaError } from '../errors.js';
import { datasetFromRows, type InferOptions, numericSchema } from '../infer.js';
import type { ColumnKind, ColumnSchema } from '../types.js';
import { type CsvCell, type CsvParseOptions, parseCsv } from './csv-parse.js';
import { decodeText, type TextEncoding, type TextInput } from './text.js';

/** Options of {@link readCsv}: parsing, decoding, cell typing and schema inference. */
export interface CsvReadOptions extends CsvParseOptions, InferOptions {
  /** The encoding of byte input; a byte-order mark overrides it. @default 'utf-8' */
  encoding?: TextEncoding;
  /** Cell texts that mean missing, compared after the space policy. @default [''] */
  missingValues?: readonly string[];
  /** Read quoted cells as text even when they look like numbers. @default false */
  quotedAsText?: boolean;
}

const DEFAULT_ENCODING: TextEncoding = 'utf-8';
const DEFAULT_MISSING: readonly string[] = [''];
const DEFAULT_QUOTED_AS_TEXT = false;
/** A decimal number as CSV files write it; a leading zero before a digit (`007`) is text. */
const NUMBER = /^[+-]?(?:(?:0|[1-9]\d*)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN_WORDS: Record<string, boolean> = { true: true, false: false };

/**
 * Reads CSV text or bytes into a Dataset. Decoding: BOM-aware, strict UTF-8 by default.
 * Parsing: see {@link parseCsv}. Typing, per column: a cell in `missingValues` is missing
 * (one level of its own in a coded column, never one level per cell); a column whose every
 * other cell is a plain decimal number holds numbers, one of only `true`/`false` (any case)
 * holds booleans, anything else holds text. Kinds are then inferred as `datasetFromRows`
 * does (few non-negative integers are categorical, all-distinct strings are ids) unless
 * `kinds` names them. Under `spaces: 'keep'` text keeps its spaces but `' 39'` is still
 * the number 39.
 */
export function readCsv(input: TextInput, options: CsvReadOptions = {}): Dataset {
  const o = resolveReadOptions(options);
  const records = parseCsv(decodeText(input, o.encoding, 'readCsv'), options);
  const columns = records.header.map((name, j) =>
    typeColumn(
      name,
      records.rows.map((r) => r[j]),
      records.lines,
      { kind: options.kinds?.[name], missing: o.missing, quotedAsText: o.quotedAsText },
    ),
  );
  if (records.rows.length === 0) return emptyDataset(records.header, options);
  const rows = records.rows.map((_, i) => {
    const row: Record<string, unknown> = {};
    records.header.forEach((name, j) => {
      row[name] = columns[j][i];
    });
    return row;
  });
  return datasetFromRows(rows, options);
}

/** Reads a CSV file (see {@link readCsv}); a missing file is a {@link DataSourceError}. */
export function readCsvFile(path: string, options: CsvReadOptions = {}): Dataset {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataSourceError(`readCsvFile: cannot read '${path}': ${(error as Error).message}.`, {
      cause: error,
    });
  }
  return readCsv(bytes, options);
}

/** The options readCsv itself reads (parsing and inference resolve their own). */
interface ResolvedReadOptions {
  encoding: TextEncoding;
  missing: Set<string>;
  quotedAsText: boolean;
}

function resolveReadOptions(options: CsvReadOptions): ResolvedReadOptions {
  return {
    encoding: options.encoding ?? DEFAULT_ENCODING,
    missing: new Set(options.missingValues ?? DEFAULT_MISSING),
    quotedAsText: options.quotedAsText ?? DEFAULT_QUOTED_AS_TEXT,
  };
}

interface TypingOptions {
  kind: ColumnKind | undefined;
  missing: Set<string>;
  quotedAsText: boolean;
}

/** A cell's text as a number when it is a plain decimal literal that survives as a double. */
function asNumber(cell: CsvCell, quotedAsText: boolean): number | undefined {
  if (quotedAsText && cell.quoted) return undefined;
  const t = cell.text.trim();
  if (!NUMBER.test(t)) return undefined;
  const v = Number(t);
  if (!Number.isFinite(v)) return undefined;
  if (/^[+-]?\d+$/.test(t) && !Number.isSafeInteger(v)) return undefined;
  return v;
}

function typeColumn(name: string, cells: CsvCell[], lines: number[], o: TypingOptions): unknown[] {
  // A quoted cell is missing only when empty: a quoted "NA" is the text NA.
  const present = cells.map((c) => !(o.missing.has(c.text) && (!c.quoted || c.text === '')));
  const out: unknown[] = cells.map(() => null);
  const kind = o.kind;
  if (kind === 'integer' || kind === 'float' || kind === 'datetime') {
    cells.forEach((c, i) => {
      if (!present[i]) return;
      const v = asNumber(c, false) ?? (kind === 'datetime' ? Date.parse(c.text) : Number.NaN);
      if (Number.isNaN(v)) {
        throw new SchemaError(
          `readCsv: column '${name}' is declared ${kind} but line ${lines[i]} holds ` +
            `${JSON.stringify(c.text)}; clean the value, add it to missingValues, or declare the column categorical.`,
        );
      }
      out[i] = kind === 'datetime' ? new Date(v) : v;
    });
    return out;
  }
  const numbers = cells.map((c, i) => (present[i] ? asNumber(c, o.quotedAsText) : undefined));
  if (kind !== 'boolean' && cells.every((_, i) => !present[i] || numbers[i] !== undefined)) {
    numbers.forEach((v, i) => {
      if (present[i]) out[i] = v;
    });
    return out;
  }
  const words = cells.map((c) => BOOLEAN_WORDS[c.text.trim().toLowerCase()]);
  if (cells.every((_, i) => !present[i] || words[i] !== undefined)) {
    words.forEach((v, i) => {
      if (present[i]) out[i] = v;
    });
    return out;
  }
  if (kind === 'boolean') {
    const bad = cells.findIndex((_, i) => present[i] && words[i] === undefined);
    throw new SchemaError(
      `readCsv: column '${name}' is declared boolean but line ${lines[bad]} holds ` +
        `${JSON.stringify(cells[bad].text)}; expected true or false.`,
    );
  }
  cells.forEach((c, i) => {
    if (present[i]) out[i] = c.text;
  });
  return out;
}

/** A table with the header's columns and no rows (kinds as declared, categorical otherwise). */
function emptyDataset(header: string[], options: CsvReadOptions): Dataset {
  const columns: ColumnSchema[] = [];
  const arrays: ColumnArrays = {};
  for (const name of header) {
    const kind = options.kinds?.[name] ?? 'categorical';
    if (kind === 'integer' || kind === 'float' || kind === 'datetime') {
      columns.push(numericSchema(name, kind, new Float64Array(0)));
      arrays[name] = new Float64Array(0);
    } else {
      columns.push({ name, kind, categories: [] });
      arrays[name] = new Int32Array(0);
    }
  }
  return Dataset.fromColumns({ columns, label: options.label ?? null }, arrays);
}
