import { type ProgressEvent, SynthctrError } from '@synthctr/runtime';
import type { Dataset } from '../dataset.js';
import type { SavedModel } from '../synthesizer.js';
import {
  type CodedColumnSchema,
  categoryKey,
  formatCategory,
  isCoded,
  isNumeric,
  type NumericColumnSchema,
  type Schema,
} from '../types.js';

/** A conformance check failed; the message says which check, what was expected and what came. */
export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

/** Throws a {@link ConformanceError} with `message` unless `ok`. */
export function ensure(ok: boolean, message: () => string): asserts ok {
  if (!ok) throw new ConformanceError(message());
}

/** Options of {@link assertConforms}. */
export interface ConformsOptions {
  /** Expect values inside the learned [min, max] and rounded to the learned digits. */
  bounds: boolean;
}

/**
 * Checks a sampled table against the real schema: exactly `n` rows, the same columns in the
 * same order with the same kinds and category lists, integers integral, no NaN in a column
 * that had no missing values, values inside the bounds (when on), at most the learned
 * digits, and distinct keys in id columns.
 */
export function assertConforms(
  what: string,
  out: Dataset,
  schema: Schema,
  n: number,
  opts: ConformsOptions,
): void {
  ensure(out.nRows === n, () => `${what}: expected exactly ${n} rows, got ${out.nRows}.`);
  const got = out.schema.columns.map((c) => `${c.name}:${c.kind}`).join(', ');
  const want = schema.columns.map((c) => `${c.name}:${c.kind}`).join(', ');
  ensure(
    got === want,
    () => `${what}: expected the columns [${want}] in this order, got [${got}].`,
  );
  ensure(
    out.label === schema.label,
    () => `${what}: expected label '${schema.label}', got '${out.label}'.`,
  );
  schema.columns.forEach((real, j) => {
    const col = out.schema.columns[j];
    if (real.kind === 'id') assertDistinctKeys(what, out, real.name);
    else if (isCoded(real) && isCoded(col)) assertSameCategories(what, real, col);
    else if (isNumeric(real)) assertNumeric(what, real, out.values(real.name), opts);
  });
}

function assertSameCategories(what: string, real: CodedColumnSchema, col: CodedColumnSchema): void {
  const a = real.categories.map(categoryKey).join('|');
  const b = col.categories.map(categoryKey).join('|');
  ensure(
    a === b,
    () =>
      `${what}: column '${real.name}' must keep the real categories ` +
      `[${real.categories.map(formatCategory).join(', ')}], got [${col.categories.map(formatCategory).join(', ')}].`,
  );
}

function assertNumeric(
  what: string,
  real: NumericColumnSchema,
  values: Float64Array,
  opts: ConformsOptions,
): void {
  const at = (i: number) => `${what}: column '${real.name}' row ${i} is ${values[i]}`;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      ensure(real.missingCount > 0, () => `${at(i)}, but the real column has no missing values.`);
      continue;
    }
    ensure(Number.isFinite(v), () => `${at(i)}.`);
    if (real.kind !== 'float') {
      ensure(Number.isInteger(v), () => `${at(i)}, not a whole number (${real.kind}).`);
    }
    if (!opts.bounds) continue;
    ensure(
      v >= real.min && v <= real.max,
      () => `${at(i)}, outside the learned bounds [${real.min}, ${real.max}].`,
    );
    if (real.digits !== null) {
      const f = 10 ** real.digits;
      ensure(
        Math.abs(Math.round(v * f) / f - v) <= 1e-9 * Math.max(1, Math.abs(v)),
        () => `${at(i)}, more than the learned ${real.digits} decimals.`,
      );
    }
  }
}

function assertDistinctKeys(what: string, out: Dataset, name: string): void {
  const seen = new Set<string>();
  for (let i = 0; i < out.nRows; i++) {
    const key = categoryKey(out.value(i, name));
    ensure(
      !seen.has(key),
      () =>
        `${what}: key column '${name}' repeats ${formatCategory(out.value(i, name))} (row ${i}); keys must be generated distinct.`,
    );
    seen.add(key);
  }
}

/** The first cell where two tables differ, or null when they hold the same rows. */
export function firstDifference(a: Dataset, b: Dataset): string | null {
  if (a.nRows !== b.nRows) return `${a.nRows} rows vs ${b.nRows} rows`;
  const names = a.columnNames.join(',');
  if (names !== b.columnNames.join(','))
    return `columns [${names}] vs [${b.columnNames.join(', ')}]`;
  for (let i = 0; i < a.nRows; i++) {
    for (const name of a.columnNames) {
      const x = a.value(i, name);
      const y = b.value(i, name);
      if (!Object.is(x, y))
        return `row ${i} column '${name}': ${formatCategory(x)} vs ${formatCategory(y)}`;
    }
  }
  return null;
}

/** Resolves to the error a promise rejects with, or null when it resolves. */
export async function rejection(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
    return null;
  } catch (error) {
    return error;
  }
}

/** Checks that `error` is a synthctr domain error whose message names `needle`. */
export function assertDomainError(what: string, error: unknown, needle: string): void {
  ensure(
    error !== null,
    () => `${what}: expected a domain error naming ${needle}, but the call succeeded.`,
  );
  ensure(
    error instanceof SynthctrError,
    () =>
      `${what}: expected a synthctr domain error (SynthctrError subclass), got ${describe(error)}.`,
  );
  ensure(
    (error as Error).message.includes(needle),
    () => `${what}: the error must name ${needle}; got "${(error as Error).message}".`,
  );
}

/** A short description of a thrown value. */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Checks progress events: per phase, steps never go back within a run, step <= total, a run
 * ends with exactly one `done` event, the last event of every phase is `done`, and the very
 * last event is `done`.
 */
export function assertProgress(what: string, events: readonly ProgressEvent[]): void {
  ensure(
    events.length > 0,
    () => `${what}: expected progress events ending with a final one (done: true), got none.`,
  );
  const last = new Map<string, ProgressEvent>();
  events.forEach((e, k) => {
    const prev = last.get(e.phase);
    ensure(
      Number.isFinite(e.step) && Number.isFinite(e.total) && e.step <= e.total,
      () => `${what}: event ${k} (${e.phase}) has step ${e.step} of total ${e.total}.`,
    );
    if (prev && !prev.done) {
      ensure(
        e.step >= prev.step,
        () =>
          `${what}: phase '${e.phase}' went back from step ${prev.step} to ${e.step} (event ${k}) without a final event in between.`,
      );
      ensure(
        e.elapsedMs >= prev.elapsedMs,
        () => `${what}: phase '${e.phase}' elapsedMs went back at event ${k}.`,
      );
    }
    if (e.metrics) {
      for (const [name, v] of Object.entries(e.metrics)) {
        ensure(
          Number.isFinite(v),
          () => `${what}: event ${k} (${e.phase}) reports ${name} = ${v}.`,
        );
      }
    }
    last.set(e.phase, e);
  });
  for (const [phase, e] of last) {
    ensure(
      e.done,
      () =>
        `${what}: phase '${phase}' never sent its final event (done: true); its last event was step ${e.step} of ${e.total}.`,
    );
  }
  ensure(
    events[events.length - 1].done,
    () => `${what}: the last progress event must be a final one (done: true).`,
  );
}

/** Checks that a saved model is plain data: JSON-safe fields plus float32 weight buffers. */
export function assertPlainSaved(what: string, saved: SavedModel): void {
  ensure(
    typeof saved.kind === 'string' && saved.kind.length > 0,
    () => `${what}: saved.kind must be the synthesizer's name, got ${String(saved.kind)}.`,
  );
  ensure(
    Number.isInteger(saved.formatVersion),
    () => `${what}: saved.formatVersion must be an integer, got ${String(saved.formatVersion)}.`,
  );
  const { tensors, ...plain } = saved;
  const problem = jsonProblem(plain, 'saved');
  ensure(
    problem === null,
    () => `${what}: the saved model must be plain JSON data besides its tensors; ${problem}.`,
  );
  for (const [name, t] of Object.entries(tensors ?? {})) {
    ensure(
      t.data instanceof Float32Array,
      () => `${what}: saved tensor '${name}' must hold a Float32Array.`,
    );
    const size = t.shape.reduce((p, d) => p * d, 1);
    ensure(
      size === t.data.length,
      () =>
        `${what}: saved tensor '${name}' has shape [${t.shape}] (${size} values) but ${t.data.length} values.`,
    );
  }
}

/** The first value in `x` that JSON would not round-trip, or null. */
function jsonProblem(x: unknown, path: string): string | null {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return null;
  if (typeof x === 'number')
    return Number.isFinite(x) ? null : `${path} is ${x} (JSON turns it into null)`;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const p = jsonProblem(x[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
      if (v === undefined) continue; // JSON drops the key, which reads back the same.
      const p = jsonProblem(v, `${path}.${k}`);
      if (p) return p;
    }
    return null;
  }
  const kind = typeof x === 'object' ? ((x as object).constructor?.name ?? 'object') : typeof x;
  return `${path} is a ${kind}, which JSON does not round-trip`;
}

/** A deep copy of a saved model through JSON (tensor buffers copied), to prove it is plain data. */
export function copySaved(saved: SavedModel): SavedModel {
  const { tensors, ...plain } = saved;
  const copy = JSON.parse(JSON.stringify(plain)) as Omit<SavedModel, 'tensors'>;
  const buffers: SavedModel['tensors'] = {};
  for (const [name, t] of Object.entries(tensors ?? {}))
    buffers[name] = { shape: [...t.shape], data: t.data.slice() };
  return { ...copy, tensors: buffers };
}
