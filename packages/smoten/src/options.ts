import { availableParallelism } from 'node:os';
import type { CategoryValue, Constraint } from '@synthctr/tabular-schema';
import { SmotenError } from './errors.js';
import type { SamplingStrategy } from './strategy.js';
import { DEFAULT_VDM_K, DEFAULT_VDM_R } from './vdm.js';

/** A number per class: keyed by the class written as a string, or by the value in a Map. */
export type PerClass = Readonly<Record<string, number>> | ReadonlyMap<CategoryValue, number>;

/** Options every oversampler takes. */
export interface OversamplerOptions {
  /** How many rows `fitResample` adds per class (see {@link SamplingStrategy}). @default 'auto' */
  samplingStrategy?: SamplingStrategy;
  /** Seed of the model's random stream. @default 0 */
  seed?: number;
  /**
   * Fixed combinations (FixedCombinations from tabular-schema): their columns are merged into
   * one joint column before fitting and split after sampling, so every new row has a value
   * tuple seen in the real table. @default none
   */
  constraints?: readonly Constraint[];
}

/** Options of the neighbour search shared by SMOTEN and SMOTE-NC. */
export interface NeighbourOptions {
  /** Neighbours per row besides the row itself (the reference's k_neighbors). @default 5 */
  kNeighbors?: number;
  /** Worker threads for the search; 'auto' uses the available cores (at most 8). @default 'auto' */
  threads?: number | 'auto';
  /** A class with fewer distinct rows than this is searched without workers. @default 20000 */
  parallelMinPoints?: number;
  /**
   * Workers take over a class's search only when, timed on its first chunk of rows, the rest
   * would take at least this many seconds in one thread. @default 1.5
   */
  parallelMinSeconds?: number;
  /** Distinct rows per kd-tree leaf. @default 16 */
  leafSize?: number;
}

/** Options of {@link Smoten}. */
export interface SmotenOptions extends OversamplerOptions, NeighbourOptions {
  /** Minkowski exponent of the per-feature VDM distance (the reference's `k`). @default 1 */
  vdmK?: number;
  /** Exponent of each per-feature distance in the row distance (the reference's `r`). @default 2 */
  vdmR?: number;
}

/** Options of {@link Smotenc}. */
export interface SmotencOptions extends OversamplerOptions, NeighbourOptions {
  /** Round integer, datetime and float columns of new rows to the precision seen in training. @default true */
  enforceSchema?: boolean;
}

/** Options of {@link RandomOverSampler}. */
export interface RandomOverSamplerOptions extends OversamplerOptions {
  /**
   * Smoothed bootstrap: the noise scale as a factor for every class, or per class; null copies
   * rows exactly. Needs numeric feature columns only. @default null
   */
  shrinkage?: number | PerClass | null;
  /** Clip smoothed values to the fitted range and round them to its precision. @default true */
  enforceSchema?: boolean;
}

export const DEFAULT_STRATEGY: SamplingStrategy = 'auto';
export const DEFAULT_SEED = 0;
export const DEFAULT_K_NEIGHBORS = 5;
export const DEFAULT_PARALLEL_MIN_POINTS = 20_000;
export const DEFAULT_PARALLEL_MIN_SECONDS = 1.5;
export const DEFAULT_LEAF_SIZE = 16;
export const DEFAULT_ENFORCE_SCHEMA = true;
const MAX_AUTO_THREADS = 8;
/** Query points per worker task. */
export const CHUNK_SIZE = 4096;

/** Resolved common options. */
export interface ResolvedOversampler {
  samplingStrategy: SamplingStrategy;
  seed: number;
  constraints: readonly Constraint[];
}

/** Resolved neighbour-search options. */
export interface ResolvedNeighbours {
  kNeighbors: number;
  threads: number;
  parallelMinPoints: number;
  parallelMinSeconds: number;
  leafSize: number;
}

function positiveInteger(where: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SmotenError(`${where}: ${name} must be a whole number >= 1, got ${String(value)}.`);
  }
  return value;
}

function positiveNumber(where: string, name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new SmotenError(`${where}: ${name} must be a finite number > 0, got ${String(value)}.`);
  }
  return value;
}

function nonNegative(where: string, name: string, value: number): number {
  if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
    throw new SmotenError(`${where}: ${name} must be a finite number >= 0, got ${String(value)}.`);
  }
  return value;
}

/** Resolves the options every oversampler shares. */
export function resolveOversampler(where: string, o: OversamplerOptions): ResolvedOversampler {
  const seed = o.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(seed))
    throw new SmotenError(`${where}: seed must be a finite number, got ${String(seed)}.`);
  return {
    samplingStrategy: o.samplingStrategy ?? DEFAULT_STRATEGY,
    seed,
    constraints: o.constraints ?? [],
  };
}

/** Resolves the neighbour-search options. */
export function resolveNeighbours(where: string, o: NeighbourOptions): ResolvedNeighbours {
  const threads = o.threads ?? 'auto';
  return {
    kNeighbors: positiveInteger(where, 'kNeighbors', o.kNeighbors ?? DEFAULT_K_NEIGHBORS),
    threads:
      threads === 'auto'
        ? Math.min(MAX_AUTO_THREADS, availableParallelism())
        : positiveInteger(where, 'threads', threads),
    parallelMinPoints: positiveInteger(
      where,
      'parallelMinPoints',
      o.parallelMinPoints ?? DEFAULT_PARALLEL_MIN_POINTS,
    ),
    parallelMinSeconds: nonNegative(
      where,
      'parallelMinSeconds',
      o.parallelMinSeconds ?? DEFAULT_PARALLEL_MIN_SECONDS,
    ),
    leafSize: positiveInteger(where, 'leafSize', o.leafSize ?? DEFAULT_LEAF_SIZE),
  };
}

/** Resolves the VDM exponents. */
export function resolveVdm(where: string, o: SmotenOptions): { vdmK: number; vdmR: number } {
  return {
    vdmK: positiveNumber(where, 'vdmK', o.vdmK ?? DEFAULT_VDM_K),
    vdmR: positiveNumber(where, 'vdmR', o.vdmR ?? DEFAULT_VDM_R),
  };
}
