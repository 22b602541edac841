import { writeFileSync } from 'node:fs';
import type { Dataset } from '../dataset.js';
import { DataSourceError } from '../errors.js';
import type { CellValue } from '../types.js';

/** Options of {@link writeCsv}. */
export interface CsvWriteOptions {
  /** The field separator, one character. @default ',' */
  delimiter?: string;
  /** The quote character. @default '"' */
  quote?: string;
  /** Write the column names as the first line. @default true */
  header?: boolean;
  /** The line end, written after every line including the last. @default '\n' */
  lineEnding?: '\n' | '\r\n';
  /** What a missing cell is written as. @default '' */
  missing?: string;
  /** Start the file with a UTF-8 byte-order mark (for spreadsheet programs). @default false */
  bom?: boolean;
}

interface ResolvedWriteOptions {
  delimiter: string;
  quote: string;
  header: boolean;
  lineEnding: string;
  missing: string;
  bom: boolean;
}

const DEFAULT_WRITE: ResolvedWriteOptions = {
  delimiter: ',',
  quote: '"',
  header: true,
  lineEnding: '\n',
  missing: '',
  bom: false,
};

/** Text that would read back as something else unless quoted: numbers, booleans, padding. */
const LOOKS_TYPED = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|true|false)$/i;

function resolveWriteOptions(options: CsvWriteOptions): ResolvedWriteOptions {
  const o = { ...DEFAULT_WRITE, ...options };
  if (o.delimiter.length !== 1 || o.quote.length !== 1 || o.delimiter === o.quote) {
    throw new DataSourceError(
      `writeCsv: the delimiter and quote must be two different single characters, got ` +
        `${JSON.stringify(o.delimiter)} and ${JSON.stringify(o.quote)}.`,
    );
  }
  return o;
}

/**
 * Writes a Dataset as CSV text that {@link readCsv} reads back to the same table: cells are
 * quoted when they hold the delimiter, a quote, a line break or outer spaces, and text cells
 * that look like numbers or booleans are quoted too (read them back with
 * `quotedAsText: true` to keep them text). Numbers are written in JavaScript's shortest
 * round-trip form, datetimes as ISO 8601 (UTC), missing cells as `missing`.
 */
export function writeCsv(data: Dataset, options: CsvWriteOptions = {}): string {
  const o = resolveWriteOptions(options);
  const lines: string[] = [];
  const names = data.columnNames;
  if (o.header) lines.push(names.map((n) => quoteText(n, o, false)).join(o.delimiter));
  const cells = new Array<string>(names.length);
  const dates = data.schema.columns.map((c) => c.kind === 'datetime');
  for (let i = 0; i < data.nRows; i++) {
    for (let j = 0; j < names.length; j++) {
      const v = data.value(i, names[j]);
      cells[j] = dates[j] && v !== null ? new Date(v as number).toISOString() : formatCell(v, o);
    }
    lines.push(cells.join(o.delimiter));
  }
  const body = lines.length > 0 ? lines.join(o.lineEnding) + o.lineEnding : '';
  return o.bom ? `\ufeff${body}` : body;
}

/** Writes a Dataset to a CSV file (see {@link writeCsv}). */
export function writeCsvFile(path: string, data: Dataset, options: CsvWriteOptions = {}): void {
  writeFileSync(path, writeCsv(data, options), 'utf8');
}

function formatCell(value: CellValue, o: ResolvedWriteOptions): string {
  if (value === null) return o.missing;
  if (typeof value === 'number') return Number.isNaN(value) ? o.missing : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quoteText(value, o, true);
}

function quoteText(text: string, o: ResolvedWriteOptions, typed: boolean): string {
  const needs =
    text.includes(o.delimiter) ||
    text.includes(o.quote) ||
    text.includes('\n') ||
    text.includes('\r') ||
    text !== text.trim() ||
    text === '' ||
    text === o.missing ||
    (typed && LOOKS_TYPED.test(text));
  if (!needs) return text;
  return o.quote + text.split(o.quote).join(o.quote + o.quote) + o.quote;
}
