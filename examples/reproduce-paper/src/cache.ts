import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SavedModel } from '@synthctr/tabular-schema';
import { Dataset, type Schema } from '@synthctr/tabular-schema';
import { writeAtomic } from './store.js';

/** A stable SHA-256 of JSON-able inputs (object keys sorted), for cache keys and cell keys. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 24);
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/**
 * Writes a Dataset as one binary file: a JSON header (schema, rows, column offsets) and the
 * typed arrays, so a cached synthetic set loads in milliseconds and exactly.
 */
export function writeDataset(path: string, data: Dataset): void {
  const arrays = data.arrays();
  const parts: Uint8Array[] = [];
  const columns: { name: string; type: 'i32' | 'f64'; offset: number; length: number }[] = [];
  let offset = 0;
  for (const col of data.schema.columns) {
    const a = arrays[col.name];
    // A view, not a copy: Buffer.concat below copies every part once.
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    columns.push({
      name: col.name,
      type: a instanceof Int32Array ? 'i32' : 'f64',
      offset,
      length: a.length,
    });
    parts.push(bytes);
    offset += bytes.byteLength;
  }
  const header = Buffer.from(JSON.stringify({ schema: data.schema, nRows: data.nRows, columns }));
  const head = Buffer.alloc(8);
  head.writeUInt32LE(header.length, 0);
  writeAtomic(path, Buffer.concat([head, header, ...parts]));
}

/** Reads a Dataset written by {@link writeDataset}. */
export function readDataset(path: string): Dataset {
  const buf = readFileSync(path);
  const headerLength = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(8, 8 + headerLength).toString('utf8')) as {
    schema: Schema;
    columns: { name: string; type: 'i32' | 'f64'; offset: number; length: number }[];
  };
  const base = 8 + headerLength;
  const arrays: Record<string, Int32Array | Float64Array> = {};
  for (const c of header.columns) {
    const start = base + c.offset;
    const copy = buf.buffer.slice(
      buf.byteOffset + start,
      buf.byteOffset + start + c.length * (c.type === 'i32' ? 4 : 8),
    );
    arrays[c.name] = c.type === 'i32' ? new Int32Array(copy) : new Float64Array(copy);
  }
  return Dataset.fromColumns(header.schema, arrays);
}

/** Saves a fitted synthesizer: JSON (with weight shapes) plus one binary file of weights. */
export function writeSavedModel(dir: string, saved: SavedModel): void {
  mkdirSync(dir, { recursive: true });
  const index: Record<string, { shape: number[]; offset: number; length: number }> = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(saved.tensors)) {
    index[name] = { shape: t.shape, offset, length: t.data.length };
    chunks.push(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    offset += t.data.byteLength;
  }
  writeAtomic(join(dir, 'weights.bin'), Buffer.concat(chunks));
  writeAtomic(join(dir, 'model.json'), JSON.stringify({ ...saved, tensors: index }));
}

/** Loads a model saved by {@link writeSavedModel}, or null when there is none. */
export function readSavedModel(dir: string): SavedModel | null {
  const jsonPath = join(dir, 'model.json');
  if (!existsSync(jsonPath)) return null;
  const meta = JSON.parse(readFileSync(jsonPath, 'utf8')) as SavedModel & {
    tensors: Record<string, { shape: number[]; offset: number; length: number }>;
  };
  const bin = readFileSync(join(dir, 'weights.bin'));
  const tensors: SavedModel['tensors'] = {};
  for (const [name, t] of Object.entries(meta.tensors)) {
    const copy = bin.buffer.slice(
      bin.byteOffset + t.offset,
      bin.byteOffset + t.offset + t.length * 4,
    );
    tensors[name] = { shape: t.shape, data: new Float32Array(copy) };
  }
  return { ...meta, tensors };
}

/** Writes a Float32Array (test predictions, for DeLong's test later). */
export function writeFloats(path: string, values: Float32Array): void {
  writeAtomic(path, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** Reads a Float32Array written by {@link writeFloats}, or null. */
export function readFloats(path: string): Float32Array | null {
  if (!existsSync(path)) return null;
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}
