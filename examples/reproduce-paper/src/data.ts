import { Rng } from '@synthctr/runtime';
import { type Dataset, loadDataset, stratifiedSplit } from '@synthctr/tabular-schema';
import type { DataRef } from './jobs.js';
import { plantedCtrTable } from './planted.js';

/** The three parts a run uses and the protocol every figure is labelled with. */
export interface Splits {
  train: Dataset;
  valid: Dataset;
  test: Dataset;
  protocol: string;
}

const cache = new Map<string, Promise<Splits>>();
const PLANTED_ROWS = 8000;

/** The protocol name of a data reference (with `-subsample` for the smoke profile). */
export function protocolOf(ref: DataRef): string {
  const base =
    ref.dataset === 'frappe'
      ? `frappe-${ref.split}`
      : ref.dataset === 'movielens-100k'
        ? 'movielens-100k-modulo'
        : 'planted-synthetic';
  return ref.subsample ? `${base}-subsample` : base;
}

/**
 * Loads train / valid / test once per process: Frappe (pooled or official) or MovieLens-100k
 * through tabular-schema's loaders, or the planted table; the smoke profile keeps a seeded,
 * label-stratified subsample of each part.
 */
export function loadSplits(ref: DataRef): Promise<Splits> {
  const key = JSON.stringify(ref);
  let hit = cache.get(key);
  if (!hit) {
    hit = load(ref);
    cache.set(key, hit);
  }
  return hit;
}

async function load(ref: DataRef): Promise<Splits> {
  let parts: { train: Dataset; valid: Dataset; test: Dataset };
  if (ref.dataset === 'planted') {
    const all = plantedCtrTable(PLANTED_ROWS);
    const [train, valid, test] = stratifiedSplit(all, [0.7, 0.2, 0.1], new Rng(2021));
    parts = { train, valid, test };
  } else {
    const split = ref.dataset === 'frappe' ? ref.split : 'modulo';
    const loaded = await loadDataset(ref.dataset, { split, dataDir: ref.dataDir ?? undefined });
    parts = { train: loaded.parts.train, valid: loaded.parts.valid, test: loaded.parts.test };
  }
  if (ref.subsample) {
    const rng = new Rng(7);
    const take = (d: Dataset, n: number) =>
      n >= d.nRows ? d : stratifiedSplit(d, [n / d.nRows, 1 - n / d.nRows], rng)[0];
    // The subsample's category lists are cut to what it holds: generators size their one-hot
    // blocks (and width checks) by them. The CTR models map categories by value, so valid and
    // test need no matching cut.
    parts = {
      train: take(parts.train, ref.subsample.train).dropUnusedCategories(),
      valid: take(parts.valid, ref.subsample.valid),
      test: take(parts.test, ref.subsample.test),
    };
  }
  return { ...parts, protocol: protocolOf(ref) };
}
