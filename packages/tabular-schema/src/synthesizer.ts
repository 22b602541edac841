import type {
  NoticeCallback,
  ProgressCallback,
  Rng,
  RngState,
  SavedTensor,
} from '@synthctr/runtime/light';
import type { Dataset } from './dataset.js';
import { ConditionError } from './errors.js';
import { type CategoryValue, categoryKey, formatCategory, isCoded, type Schema } from './types.js';

/**
 * Conditions for sampling: column name to one value (every row gets it) or to an array of
 * length n (row i gets element i). Only coded columns can be conditioned on.
 */
export type Conditions = Record<string, CategoryValue | readonly CategoryValue[]>;

/** Options of `sample`. */
export interface SampleOptions {
  /** Values the sampled rows must have. @default none */
  conditions?: Conditions;
  /** A seed for this call alone; without it the model's own stream moves on. @default none */
  seed?: number;
  /** Receives sampling progress events. */
  onProgress?: ProgressCallback;
}

/** Options every synthesizer's `fit` takes besides its own hyperparameters. */
export interface BaseFitOptions {
  /** Receives progress events (per epoch or step, then a final one). */
  onProgress?: ProgressCallback;
  /** Receives notices (a shrunk batch, a column that looks continuous). */
  onNotice?: NoticeCallback;
}

/** What `fit` returns: the work done and its figures. */
export interface FitReport {
  /** Optimiser steps (or, for non-iterative methods, 0). */
  steps: number;
  /** Epochs run (0 when not iterative). */
  epochs: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** One entry per epoch (or logged step), with its losses. */
  history: Record<string, number>[];
  /** Notices raised during the fit. */
  notices: { code: string; message: string; column?: string }[];
}

/** A fitted model as plain data: JSON-safe fields plus named float32 weight buffers. */
export interface SavedModel {
  /** The synthesizer's name, for example `copula`. */
  kind: string;
  /** The saved format's version. */
  formatVersion: number;
  /** The schema the model was fitted on. */
  schema: Schema;
  /** Resolved options and fitted state (JSON-safe). */
  state: Record<string, unknown>;
  /** The model's random stream, so an unseeded sample continues exactly. */
  rng: RngState;
  /** Weight buffers by name (empty for models without tensors). */
  tensors: Record<string, SavedTensor>;
}

/**
 * The interface every synthctr generator implements (SMOTEN, Gaussian Copula, CTGAN,
 * CopulaGAN, TVAE, TabDDPM). `sample` returns exactly n new rows with the fitted schema.
 */
export interface Synthesizer {
  /** The method's name, for example `ctgan`. */
  readonly name: string;
  /** True once `fit` has finished. */
  readonly fitted: boolean;
  /** Learns the table; resolves when done. */
  fit(data: Dataset, options?: BaseFitOptions): Promise<FitReport>;
  /** Draws n new rows (conditions and seed optional). */
  sample(n: number, options?: SampleOptions): Promise<Dataset>;
  /** The fitted model as plain data. */
  save(): SavedModel;
  /** Frees tensors; the model cannot be used afterwards. */
  dispose(): void;
}

/** One group of rows that share the same condition values. */
export interface ConditionGroup {
  /** Column name to code, the same for every row of the group. */
  codes: Record<string, number>;
  /** The output positions of the group's rows, in order. */
  rows: number[];
}

/**
 * Checks conditions against a schema before any work and groups the n output rows by their
 * condition values. An unknown column, a numeric column, a value never seen or an array of
 * the wrong length is a {@link ConditionError} that names it and lists the known values.
 */
export function resolveConditions(
  schema: Schema,
  n: number,
  conditions: Conditions | undefined,
): ConditionGroup[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (!conditions || Object.keys(conditions).length === 0) return [{ codes: {}, rows: all }];
  const perColumn: [string, Int32Array][] = [];
  let perRow = false;
  for (const [name, spec] of Object.entries(conditions)) {
    const col = schema.columns.find((c) => c.name === name);
    if (!col) {
      const near = nearestName(
        name,
        schema.columns.map((c) => c.name),
      );
      throw new ConditionError(
        `sample: the condition names column '${name}', which the model was not fitted on; ` +
          `columns: ${schema.columns.map((c) => c.name).join(', ')}${near ? ` (did you mean '${near}'?)` : ''}.`,
      );
    }
    if (!isCoded(col) || col.kind === 'id') {
      throw new ConditionError(
        `sample: column '${name}' is ${col.kind}; only categorical and boolean columns can be conditioned on.`,
      );
    }
    const lookup = new Map(col.categories.map((c, i) => [categoryKey(c), i]));
    const values = Array.isArray(spec) ? (spec as readonly CategoryValue[]) : null;
    if (values) perRow = true;
    if (values && values.length !== n) {
      throw new ConditionError(
        `sample: the condition on '${name}' has ${values.length} values for ${n} rows; give one value or n.`,
      );
    }
    const codeOf = (v: CategoryValue): number => {
      const code = lookup.get(categoryKey(v));
      if (code !== undefined) return code;
      const near = col.categories.find(
        (c) =>
          typeof c === 'string' &&
          typeof v === 'string' &&
          c.trim().toLowerCase() === v.trim().toLowerCase(),
      );
      throw new ConditionError(
        `sample: column '${name}' never took the value ${formatCategory(v)} in training; ` +
          `known values: ${col.categories.map(formatCategory).join(', ')}` +
          `${near !== undefined ? ` (did you mean ${formatCategory(near)}?)` : ''}.`,
      );
    };
    const codes = new Int32Array(n);
    if (values) for (let i = 0; i < n; i++) codes[i] = codeOf(values[i]);
    else codes.fill(codeOf(spec as CategoryValue));
    perColumn.push([name, codes]);
  }
  // One value per column: every row is in the one group, without a key built per row.
  if (!perRow && n > 0) {
    return [{ codes: Object.fromEntries(perColumn.map(([name, c]) => [name, c[0]])), rows: all }];
  }
  const groups = new Map<string, ConditionGroup>();
  for (let i = 0; i < n; i++) {
    const key = perColumn.map(([, c]) => c[i]).join(',');
    let g = groups.get(key);
    if (!g) {
      g = { codes: Object.fromEntries(perColumn.map(([name, c]) => [name, c[i]])), rows: [] };
      groups.set(key, g);
    }
    g.rows.push(i);
  }
  return [...groups.values()];
}

/**
 * Samples each condition group with `sampleGroup(count, codes, rng)` and puts the rows back in
 * output order, so per-row conditions work for any synthesizer that can sample one fixed
 * condition set. The caller's rng is used in group order, so results are deterministic.
 */
export async function sampleByGroups(
  groups: ConditionGroup[],
  n: number,
  rng: Rng,
  sampleGroup: (
    count: number,
    codes: Record<string, number>,
    rng: Rng,
  ) => Promise<Dataset> | Dataset,
): Promise<Dataset> {
  if (groups.length === 1 && groups[0].rows.length === n)
    return sampleGroup(n, groups[0].codes, rng);
  const parts: Dataset[] = [];
  const order = new Int32Array(n);
  let offset = 0;
  for (const g of groups) {
    const part = await sampleGroup(g.rows.length, g.codes, rng);
    for (let i = 0; i < g.rows.length; i++) order[g.rows[i]] = offset + i;
    offset += g.rows.length;
    parts.push(part);
  }
  const joined = parts[0].concat(...parts.slice(1));
  return joined.select(order);
}

/** Levenshtein distance (small strings: column names). */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The known name closest to a misspelt one, if it is within a third of its length. */
function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}
