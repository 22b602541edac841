import { Dataset } from '../dataset.js';
import { DataSourceError } from '../errors.js';
import type { CategoryValue, ColumnSchema } from '../types.js';
import { decodeText, type TextEncoding, type TextInput } from './text.js';

/** One field of a libFM file: a name and the block of global feature indices it owns. */
export interface LibfmField {
  /** The column name, for example `user`. */
  name: string;
  /** The first feature index of the field's block. */
  first: number;
  /** The last feature index of the block (inclusive). */
  last: number;
}

/** Options of {@link readLibfm}. */
export interface LibfmReadOptions {
  /** The field map: which block of feature indices is which column. Required. */
  fields: readonly LibfmField[];
  /** The name of the label column. @default 'label' */
  label?: string;
  /** The encoding of byte input. @default 'utf-8' */
  encoding?: TextEncoding;
}

/** A parsed libFM file: labels as 0/1 and, per field, the feature index of every row. */
export interface LibfmColumns {
  nRows: number;
  /** 1 for a positive label (`1`, `+1`), 0 for a negative one (`-1`, `0`). */
  labels: Int32Array;
  /** Per field (in field-map order), the global feature index each row holds. */
  indices: Int32Array[];
}

const DEFAULT_LABEL = 'label';

/** Checks a field map and builds the index-to-field lookup. */
function fieldLookup(fields: readonly LibfmField[]): Int32Array {
  if (fields.length === 0)
    throw new DataSourceError('readLibfm: the field map is empty; give one block per field.');
  const max = Math.max(...fields.map((f) => f.last));
  const lookup = new Int32Array(max + 1).fill(-1);
  fields.forEach((f, k) => {
    if (
      !(Number.isInteger(f.first) && Number.isInteger(f.last) && f.first >= 0 && f.last >= f.first)
    ) {
      throw new DataSourceError(
        `readLibfm: field '${f.name}' has the block ${f.first}..${f.last}; expected integers 0 <= first <= last.`,
      );
    }
    for (let i = f.first; i <= f.last; i++) {
      if (lookup[i] >= 0) {
        throw new DataSourceError(
          `readLibfm: feature index ${i} is in both '${fields[lookup[i]].name}' and '${f.name}'; the blocks must not overlap.`,
        );
      }
      lookup[i] = k;
    }
  });
  return lookup;
}

/** What one line's parser reads and writes. */
interface LineState {
  text: string;
  fields: readonly LibfmField[];
  lookup: Int32Array;
  seen: Uint8Array;
  labels: Int32Array;
  indices: Int32Array[];
  context: string;
  line: number;
}

/**
 * Parses libFM text (`LABEL IDX:VAL IDX:VAL ...` per line, LF or CRLF, blank lines skipped)
 * in one pass over the characters. Every row must hold exactly one feature of each field,
 * with value 1 (one-hot); anything else is a {@link DataSourceError} naming the line.
 */
export function parseLibfm(
  text: string,
  fields: readonly LibfmField[],
  context = 'readLibfm',
): LibfmColumns {
  let capacity = 1;
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) capacity++;
  const state: LineState = {
    text,
    fields,
    lookup: fieldLookup(fields),
    seen: new Uint8Array(fields.length),
    labels: new Int32Array(capacity),
    indices: fields.map(() => new Int32Array(capacity)),
    context,
    line: 0,
  };
  let row = 0;
  for (let pos = 0; pos < text.length; ) {
    state.line++;
    const nl = text.indexOf('\n', pos);
    let end = nl < 0 ? text.length : nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    if (parseLine(state, pos, end, row)) row++;
    pos = nl < 0 ? text.length : nl + 1;
  }
  return {
    nRows: row,
    labels: state.labels.slice(0, row),
    indices: state.indices.map((a) => a.slice(0, row)),
  };
}

/** Parses the line text[start, end) into row `row`; false for a blank line. */
function parseLine(s: LineState, start: number, end: number, row: number): boolean {
  const { text, fields, lookup, seen } = s;
  const fail = (problem: string): never => {
    const excerpt = JSON.stringify(text.slice(start, Math.min(end, start + 80)));
    throw new DataSourceError(`${s.context}: line ${s.line} ${problem} (${excerpt}).`);
  };
  let i = skipSpaces(text, start, end);
  if (i >= end) return false;
  let j = tokenEnd(text, i, end);
  const label = Number(text.slice(i, j));
  if (label === 1) s.labels[row] = 1;
  else if (label === -1 || label === 0) s.labels[row] = 0;
  else fail(`starts with the label ${JSON.stringify(text.slice(i, j))}; expected 1, +1, 0 or -1`);
  seen.fill(0);
  for (i = skipSpaces(text, j, end); i < end; i = skipSpaces(text, j, end)) {
    j = tokenEnd(text, i, end);
    let index = 0;
    let k = i;
    for (; k < j; k++) {
      const c = text.charCodeAt(k);
      if (c === 58) break;
      if (c < 48 || c > 57) break;
      index = index * 10 + (c - 48);
    }
    if (k === i || k >= j - 1 || text.charCodeAt(k) !== 58) {
      fail(`has the feature ${JSON.stringify(text.slice(i, j))}; expected INDEX:VALUE`);
    }
    const value = text.slice(k + 1, j);
    if (value !== '1' && Number(value) !== 1) {
      fail(
        `gives feature ${index} the value ${value}; only one-hot features (value 1) are supported`,
      );
    }
    const field = index < lookup.length ? lookup[index] : -1;
    if (field < 0) fail(`has feature index ${index}, which is in no field of the field map`);
    if (seen[field]) fail(`has two features of field '${fields[field].name}'`);
    seen[field] = 1;
    s.indices[field][row] = index;
  }
  const absent = fields.findIndex((_, f) => !seen[f]);
  if (absent >= 0)
    fail(`has no feature of field '${fields[absent].name}'; every row needs one per field`);
  return true;
}

function skipSpaces(text: string, i: number, end: number): number {
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

function tokenEnd(text: string, i: number, end: number): number {
  while (i < end && text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9) i++;
  return i;
}

/**
 * Datasets from parsed libFM files that share one schema: the label first (categories 0
 * and 1), then one categorical column per field whose categories are the feature indices
 * (numbers) seen in any of the parts, ascending. Sharing the schema keeps the codes of a
 * train, validation and test file comparable.
 */
export function libfmToDatasets(
  parts: readonly LibfmColumns[],
  fields: readonly LibfmField[],
  label = DEFAULT_LABEL,
): Dataset[] {
  const columns: ColumnSchema[] = [{ name: label, kind: 'categorical', categories: [0, 1] }];
  const codeMaps: Int32Array[] = [];
  fields.forEach((f, k) => {
    const present = new Uint8Array(f.last - f.first + 1);
    for (const part of parts) for (const idx of part.indices[k]) present[idx - f.first] = 1;
    const categories: CategoryValue[] = [];
    const map = new Int32Array(present.length).fill(-1);
    present.forEach((p, off) => {
      if (p) {
        map[off] = categories.length;
        categories.push(f.first + off);
      }
    });
    columns.push({ name: f.name, kind: 'categorical', categories });
    codeMaps.push(map);
  });
  const schema = { columns, label };
  return parts.map((part) => {
    const arrays: Record<string, Int32Array> = { [label]: part.labels };
    fields.forEach((f, k) => {
      const src = part.indices[k];
      const codes = new Int32Array(part.nRows);
      const map = codeMaps[k];
      for (let i = 0; i < codes.length; i++) codes[i] = map[src[i] - f.first];
      arrays[f.name] = codes;
    });
    return Dataset.fromColumns(schema, arrays);
  });
}

/** Reads one libFM file into a Dataset (see {@link parseLibfm} and {@link libfmToDatasets}). */
export function readLibfm(input: TextInput, options: LibfmReadOptions): Dataset {
  const label = options.label ?? DEFAULT_LABEL;
  if (options.fields.some((f) => f.name === label)) {
    throw new DataSourceError(
      `readLibfm: a field is named '${label}' like the label; rename one of them.`,
    );
  }
  const text = decodeText(input, options.encoding ?? 'utf-8', 'readLibfm');
  return libfmToDatasets([parseLibfm(text, options.fields)], options.fields, label)[0];
}
