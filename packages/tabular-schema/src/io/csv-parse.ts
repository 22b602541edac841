import { DataSourceError } from '../errors.js';

/**
 * What to do with spaces and tabs around unquoted CSV cells, the reader's leading-space
 * policy. `trim` removes them on both sides of every unquoted cell and header name (so
 * `39, Male` reads as `39` and `Male`); `keep` leaves every cell exactly as written.
 * Spaces inside quotes are always kept. Under `trim` spaces around a quoted cell are
 * dropped; under `keep` a cell with spaces before its opening quote is unquoted text, and
 * spaces after a closing quote are an error.
 */
export type SpacePolicy = 'trim' | 'keep';

/** Options of {@link parseCsv}. */
export interface CsvParseOptions {
  /** The field separator, one character (`,`, `;`, `\t`, `|`). @default ',' */
  delimiter?: string;
  /** The quote character; a quote inside a quoted cell is written twice. @default '"' */
  quote?: string;
  /** The leading-space policy (see {@link SpacePolicy}). @default 'trim' */
  spaces?: SpacePolicy;
  /** Whether the first record holds the column names. @default true */
  header?: boolean;
}

/** One cell as read: its text and whether it was quoted. */
export interface CsvCell {
  text: string;
  quoted: boolean;
}

/** The records of a CSV text: the header (or generated names) and the data rows. */
export interface CsvRecords {
  /** Column names: the header, or `column1`, `column2`, ... without one. */
  header: string[];
  /** The data rows, each exactly `header.length` cells. */
  rows: CsvCell[][];
  /** The 1-based line on which each data row starts (for messages). */
  lines: number[];
}

interface ResolvedParseOptions {
  delimiter: string;
  quote: string;
  spaces: SpacePolicy;
  header: boolean;
}

const DEFAULT_DELIMITER = ',';
const DEFAULT_QUOTE = '"';
const DEFAULT_SPACES: SpacePolicy = 'trim';

function resolveParseOptions(options: CsvParseOptions): ResolvedParseOptions {
  const delimiter = options.delimiter ?? DEFAULT_DELIMITER;
  const quote = options.quote ?? DEFAULT_QUOTE;
  for (const [name, value] of [
    ['delimiter', delimiter],
    ['quote', quote],
  ] as const) {
    if (value.length !== 1 || value === '\n' || value === '\r') {
      throw new DataSourceError(
        `readCsv: the ${name} must be one character other than a line break, got ${JSON.stringify(value)}.`,
      );
    }
  }
  if (delimiter === quote) {
    throw new DataSourceError(
      `readCsv: the delimiter and the quote are both ${JSON.stringify(quote)}; pick two.`,
    );
  }
  const spaces = options.spaces ?? DEFAULT_SPACES;
  if (spaces !== 'trim' && spaces !== 'keep') {
    throw new DataSourceError(
      `readCsv: spaces must be 'trim' or 'keep', got ${JSON.stringify(spaces)}.`,
    );
  }
  return { delimiter, quote, spaces, header: options.header ?? true };
}

/**
 * Splits CSV text into records (RFC 4180 plus the usual deviations): CRLF, LF or CR line
 * ends; quoted cells with delimiters, doubled quotes and line breaks inside; blank and
 * whitespace-only lines skipped; one trailing delimiter per line ignored (and a header
 * ending in one loses that unnamed, empty column). Rows with another cell count, an
 * unclosed quote or text after a closing quote are errors naming the line.
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): CsvRecords {
  const o = resolveParseOptions(options);
  const raw = splitRecords(text, o);
  if (raw.records.length === 0) return { header: [], rows: [], lines: [] };
  const first = raw.records[0];
  const header = o.header ? first.map((c) => c.text) : first.map((_, i) => `column${i + 1}`);
  const dataStart = o.header ? 1 : 0;
  let width = header.length;
  const headerTrailing =
    o.header && width > 1 && header[width - 1] === '' && !first[width - 1].quoted;
  const rows: CsvCell[][] = [];
  const lines: number[] = [];
  for (let r = dataStart; r < raw.records.length; r++) {
    const rec = raw.records[r];
    if (rec.length === width + 1 && rec[width].text === '' && !rec[width].quoted) rec.pop();
    if (rec.length !== width) {
      throw new DataSourceError(
        `readCsv: line ${raw.lines[r]} has ${rec.length} cells, expected ${width} like the ` +
          `${o.header ? 'header' : 'first line'} (${header.join(o.delimiter)}). Check the delimiter ` +
          `(${JSON.stringify(o.delimiter)}) and the quoting on that line.`,
      );
    }
    rows.push(rec);
    lines.push(raw.lines[r]);
  }
  if (headerTrailing && rows.every((row) => row[width - 1].text === '')) {
    header.pop();
    for (const row of rows) row.pop();
    width -= 1;
  }
  return { header: nameColumns(header), rows, lines };
}

function nameColumns(header: string[]): string[] {
  const first = new Map<string, number>();
  return header.map((name, i) => {
    const named = name === '' ? `column${i + 1}` : name;
    const before = first.get(named);
    if (before !== undefined) {
      throw new DataSourceError(
        `readCsv: the header names column '${named}' twice (columns ${before + 1} and ${i + 1}); ` +
          'rename one of them.',
      );
    }
    first.set(named, i);
    return named;
  });
}

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 9;
}

/** What the cell readers share: the text, the separators and the current line number. */
interface Scanner {
  text: string;
  delimiter: number;
  quote: number;
  quoteChar: string;
  trim: boolean;
  line: number;
}

/** The state machine: one pass over the characters, records and their start lines. */
function splitRecords(
  text: string,
  o: ResolvedParseOptions,
): { records: CsvCell[][]; lines: number[] } {
  const s: Scanner = {
    text,
    delimiter: o.delimiter.charCodeAt(0),
    quote: o.quote.charCodeAt(0),
    quoteChar: o.quote,
    trim: o.spaces === 'trim',
    line: 1,
  };
  const records: CsvCell[][] = [];
  const lines: number[] = [];
  let record: CsvCell[] = [];
  let recordLine = 1;
  const endRecord = () => {
    const blank = record.length === 1 && !record[0].quoted && record[0].text.trim() === '';
    if (!blank) {
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
  };
  const n = text.length;
  let i = 0;
  for (;;) {
    let start = i;
    if (s.trim) while (start < n && isSpace(text.charCodeAt(start))) start++;
    const quoted = start < n && text.charCodeAt(start) === s.quote;
    const cell = quoted ? readQuoted(s, start) : readPlain(s, start);
    record.push(cell.cell);
    i = cell.end;
    // After a cell: a delimiter, a line end or the end of the text.
    if (i >= n) break;
    const ch = text.charCodeAt(i);
    if (ch === s.delimiter) {
      i++;
      continue;
    }
    i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    s.line++;
    endRecord();
    recordLine = s.line;
    if (i >= n) return { records, lines };
  }
  endRecord();
  return { records, lines };
}

/** A quoted cell opening at `start`: its text (doubled quotes undone) and where it ends. */
function readQuoted(s: Scanner, start: number): { cell: CsvCell; end: number } {
  const { text } = s;
  const n = text.length;
  const opened = s.line;
  let value = '';
  let chunk = start + 1;
  let j = chunk;
  for (;;) {
    if (j >= n) {
      throw new DataSourceError(
        `readCsv: the quoted cell that opens on line ${opened} is never closed; ` +
          `add the closing ${s.quoteChar} (a quote inside a cell is written twice).`,
      );
    }
    const ch = text.charCodeAt(j);
    if (ch === s.quote) {
      value += text.slice(chunk, j);
      if (text.charCodeAt(j + 1) !== s.quote) break;
      value += s.quoteChar;
      j += 2;
      chunk = j;
      continue;
    }
    if (ch === 10 || (ch === 13 && text.charCodeAt(j + 1) !== 10)) s.line++;
    j++;
  }
  j++;
  if (s.trim) while (j < n && isSpace(text.charCodeAt(j))) j++;
  const next = j < n ? text.charCodeAt(j) : -1;
  if (next !== s.delimiter && next !== 10 && next !== 13 && next !== -1) {
    throw new DataSourceError(
      `readCsv: line ${s.line} has text after the closing quote of a cell ` +
        `(${JSON.stringify(text.slice(start, Math.min(n, j + 10)))}); quote the whole cell.`,
    );
  }
  return { cell: { text: value, quoted: true }, end: j };
}

/** An unquoted cell starting at `start`: up to the next delimiter or line end. */
function readPlain(s: Scanner, start: number): { cell: CsvCell; end: number } {
  const { text } = s;
  let j = start;
  while (j < text.length) {
    const ch = text.charCodeAt(j);
    if (ch === s.delimiter || ch === 10 || ch === 13) break;
    j++;
  }
  let end = j;
  if (s.trim) while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return { cell: { text: text.slice(start, end), quoted: false }, end: j };
}
