import type { Constraint } from '../constraints/constraint-set.js';
import type { SavedModel, Synthesizer } from '../synthesizer.js';
import { type ConformanceTableKind, type ConformanceTables, conformanceTables } from './tables.js';

/** What the suite passes to the factory. */
export interface ConformanceFactoryOptions {
  /** The synthesizer's seed (its constructor's `seed`). */
  seed: number;
  /**
   * Unfitted constraints the synthesizer must honour; given only by the constraint check.
   * Contract: the synthesizer takes them in its constructor options as `constraints`, calls
   * `ConstraintSet.fit(constraints, data)` in `fit`, models `set.merge(data)`, translates
   * conditions with `set.conditions(...)` and returns `set.split(rows)` from `sample`.
   */
  constraints?: readonly Constraint[];
}

/** The checks the suite runs; each can be skipped with a reason. */
export type ConformanceCheck =
  | 'interface'
  | 'conditions'
  | 'seeds'
  | 'persistence'
  | 'smallData'
  | 'resources'
  | 'constraint';

/** The odd tables of the small-data check. */
export type SmallDataCase = 'tiny' | 'constant' | 'once' | 'missing';

/** The odd tables of the small-data check, in order. */
export const SMALL_DATA_CASES: readonly SmallDataCase[] = ['tiny', 'constant', 'once', 'missing'];

/** Options of the conformance checks and of `describeSynthesizerConformance`. */
export interface ConformanceOptions {
  /** A fresh, unfitted synthesizer (keep its budget small: a few epochs, small networks). */
  create: (options: ConformanceFactoryOptions) => Synthesizer;
  /** The synthesizer's static `load`. */
  load: (saved: SavedModel) => Synthesizer | Promise<Synthesizer>;
  /** Rows drawn per sample call. @default 40 */
  sampleRows?: number;
  /** The seed given to `create`. @default 7 */
  seed?: number;
  /** `mixed` tables (categorical, integer, float) or `categorical` only (for SMOTEN-like methods). @default 'mixed' */
  tables?: ConformanceTableKind;
  /** Add a numeric key column (kind `id`) to the tables; its keys must come out distinct. @default false */
  keyColumn?: boolean;
  /** The synthesizer's default output clips to the learned bounds and rounds to the learned digits. @default true */
  bounds?: boolean;
  /** `fit` runs optimiser steps, so a fit with 0 steps and no notice is a failure. @default true */
  iterative?: boolean;
  /** Checks to skip, each with the reason shown in the test title. @default none */
  skip?: Partial<Record<ConformanceCheck, string>>;
  /** Per-test timeout in milliseconds. @default 60000 */
  timeoutMs?: number;
}

/** The options with every default applied (internal). */
export interface Resolved {
  create: (options: ConformanceFactoryOptions) => Synthesizer;
  load: (saved: SavedModel) => Synthesizer | Promise<Synthesizer>;
  n: number;
  seed: number;
  bounds: boolean;
  iterative: boolean;
  tables: ConformanceTables;
}

const DEFAULT_SAMPLE_ROWS = 40;
const DEFAULT_SEED = 7;
const DEFAULT_TABLES: ConformanceTableKind = 'mixed';
const DEFAULT_KEY_COLUMN = false;
const DEFAULT_BOUNDS = true;
const DEFAULT_ITERATIVE = true;
/** The seed of the third model in the seed check, which must sample other rows. */
export const OTHER_SEED = 4242;
const tableCache = new Map<string, ConformanceTables>();

/** Applies the defaults once; the tables are generated once per kind and cached. */
export function resolve(options: ConformanceOptions): Resolved {
  const kind = options.tables ?? DEFAULT_TABLES;
  const keyColumn = options.keyColumn ?? DEFAULT_KEY_COLUMN;
  const cacheKey = `${kind}:${keyColumn}`;
  let tables = tableCache.get(cacheKey);
  if (!tables) {
    tables = conformanceTables({ kind, keyColumn });
    tableCache.set(cacheKey, tables);
  }
  return {
    create: options.create,
    load: options.load,
    n: options.sampleRows ?? DEFAULT_SAMPLE_ROWS,
    seed: options.seed ?? DEFAULT_SEED,
    bounds: options.bounds ?? DEFAULT_BOUNDS,
    iterative: options.iterative ?? DEFAULT_ITERATIVE,
    tables,
  };
}

/** Runs `work`, then disposes every model, whether it threw or not. */
export async function using<T>(models: Synthesizer[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    for (const m of models) m.dispose();
  }
}
