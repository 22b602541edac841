import { hashOf } from './cache.js';
import type { ScenarioSpec } from './scenarios.js';

/** Which data a job reads: dataset, split and folder, plus the smoke profile's subsample. */
export interface DataRef {
  dataset: 'frappe' | 'movielens-100k' | 'planted';
  split: 'pooled' | 'official';
  dataDir: string | null;
  /** Keep only this many train/valid/test rows (seeded, stratified), for the smoke profile. */
  subsample: { train: number; valid: number; test: number } | null;
}

/** Fit one generator on the real train split and sample its per-label pools. */
export interface GenJob {
  type: 'gen';
  key: string;
  data: DataRef;
  method: string;
  methodOptions: Record<string, unknown>;
  seed: number;
  /** Synthetic rows to draw per label value (String(value) -> count). */
  counts: Record<string, number>;
  /** `native`: sample each label by condition; `hybrid`: the paper's way (sample, then pick). */
  mode: 'native' | 'hybrid';
  cacheDir: string;
}

/** Train one CTR model on one scenario's training set and evaluate it. */
export interface CellJob {
  type: 'cell';
  key: string;
  data: DataRef;
  method: string;
  scenario: ScenarioSpec;
  model: string;
  modelOptions: Record<string, unknown>;
  seed: number;
  /** The generator job whose pools this cell takes rows from (null for `original`). */
  genKey: string | null;
  cacheDir: string;
  profile: string;
}

export type Job = GenJob | CellJob;

/** Bumped when the meaning of cached results changes, so old caches are not reused. */
export const ENGINE_VERSION = 1;

/** The cache key of a generator job: everything that changes its output. */
export function genKey(job: Omit<GenJob, 'key' | 'type' | 'cacheDir'>): string {
  return `gen-${job.method}-${job.seed}-${hashOf({ v: ENGINE_VERSION, ...job })}`;
}

/** The key of a cell: its inputs and settings, so a cell can run anywhere and be recognised. */
export function cellKey(job: Omit<CellJob, 'key' | 'type' | 'cacheDir'>): string {
  const { scenario, ...rest } = job;
  return `cell-${job.method}-${scenario.name}-${job.model}-${job.seed}-${hashOf({ v: ENGINE_VERSION, scenario, ...rest })}`;
}

/** What a finished generator job reports (also written to its meta.json). */
export interface GenResult {
  key: string;
  method: string;
  seed: number;
  fitSeconds: number;
  sampleSeconds: number;
  /** Synthetic rows drawn, per label. */
  counts: Record<string, number>;
  /** Table 1: synthetic rows identical to some real training row, over all pools. */
  identicalRows: number;
  syntheticRows: number;
  identicalRate: number;
  /** Distance to closest record (normalised Hamming): median and 5th percentile. */
  dcrMedian: number;
  dcrP5: number;
  /** Mean column-shape similarity (TV complement / KS complement). */
  columnShapes: number;
  /** The fit's notices, and a note when the fitted model could not be cached. */
  notes: string[];
}
