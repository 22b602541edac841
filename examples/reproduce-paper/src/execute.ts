import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressCallback } from '@synthctr/runtime';
import type { Dataset, Synthesizer } from '@synthctr/tabular-schema';
import {
  readDataset,
  readSavedModel,
  writeDataset,
  writeFloats,
  writeSavedModel,
} from './cache.js';
import { loadSplits } from './data.js';
import type { CellJob, GenJob, GenResult } from './jobs.js';
import { createSynthesizer, loadSynthesizer } from './methods.js';
import { privacyFigures, trainCell } from './models.js';
import { buildScenario } from './scenarios.js';
import { type CellResult, writeAtomic } from './store.js';
import { VERSIONS } from './versions.js';

type Progress = (label: string) => ProgressCallback;

/** Where a generator job keeps its fitted model, pools and summary. */
export function genDir(cacheDir: string, key: string): string {
  return join(cacheDir, 'gen', key);
}

/** The summary of a finished generator job, or null when it has not run. */
export function readGenResult(cacheDir: string, key: string): GenResult | null {
  const path = join(genDir(cacheDir, key), 'meta.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as GenResult) : null;
}

/** The per-label synthetic pools of a finished generator job. */
export function readPools(cacheDir: string, key: string, labels: string[]): Map<string, Dataset> {
  const pools = new Map<string, Dataset>();
  for (const label of labels)
    pools.set(label, readDataset(join(genDir(cacheDir, key), `pool-${label}.bin`)));
  return pools;
}

/**
 * Fits the generator (or loads it from the cache), samples each label's pool, and computes
 * Table 1's figures against the real train split. Everything lands in the job's cache folder;
 * meta.json is written last, so its presence means the job finished.
 */
export async function runGenJob(job: GenJob, progress: Progress): Promise<GenResult> {
  const dir = genDir(job.cacheDir, job.key);
  const { train } = await loadSplits(job.data);
  const modelDir = join(dir, 'model');
  const started = Date.now();
  const saved = readSavedModel(modelDir);
  const synth = saved
    ? await loadSynthesizer(job.method, saved)
    : await createSynthesizer(job.method, job.methodOptions, job.seed);
  const notes: string[] = [];
  if (!saved) {
    const report = await synth.fit(train, {
      onProgress: progress('fit'),
      onNotice: (n) => notes.push(n.message),
    });
    notes.push(...report.notices.map((n) => n.message));
    try {
      writeSavedModel(modelDir, synth.save());
    } catch (error) {
      notes.push(`the fitted model was not cached: ${(error as Error).message}`);
    }
  }
  // A cached model keeps the seconds its fit took, so Table 1 reports the fit, not the load.
  const fitFile = join(modelDir, 'fit-seconds.json');
  if (!saved) writeAtomic(fitFile, JSON.stringify((Date.now() - started) / 1000));
  const fitSeconds = existsSync(fitFile)
    ? (JSON.parse(readFileSync(fitFile, 'utf8')) as number)
    : (Date.now() - started) / 1000;
  const sampleStart = Date.now();
  const labelName = train.label!;
  const pools: Dataset[] = [];
  const labels = Object.keys(job.counts).sort();
  if (job.mode === 'native') {
    for (const label of labels) {
      const value = categoryOf(train, label);
      const pool = await synth.sample(job.counts[label], {
        conditions: { [labelName]: value },
        seed: job.seed * 1000 + labels.indexOf(label),
        onProgress: progress(`sample label ${label}`),
      });
      writeDataset(join(dir, `pool-${label}.bin`), pool);
      pools.push(pool);
    }
  } else {
    const picked = await sampleHybrid(synth, train, job, progress);
    for (const label of labels) {
      writeDataset(join(dir, `pool-${label}.bin`), picked.get(label)!);
      pools.push(picked.get(label)!);
    }
  }
  synth.dispose();
  const sampleSeconds = (Date.now() - sampleStart) / 1000;
  const all = pools.length > 0 ? pools[0].concat(...pools.slice(1)) : train.slice(0, 0);
  const privacy = privacyFigures(train, all, job.seed);
  const result: GenResult = {
    key: job.key,
    method: job.method,
    seed: job.seed,
    fitSeconds,
    sampleSeconds,
    counts: job.counts,
    ...privacy,
    notes,
  };
  writeAtomic(join(dir, 'meta.json'), JSON.stringify(result, null, 2));
  return result;
}

function categoryOf(train: Dataset, label: string): string | number | boolean | null {
  const schema = train.columnSchema(train.label!);
  const categories = 'categories' in schema ? schema.categories : [];
  const found = categories.find((c) => String(c) === label);
  if (found === undefined)
    throw new Error(`label value '${label}' not in ${categories.join(', ')}`);
  return found;
}

/**
 * The paper's way: draw unconditional rows in rounds of the train size and keep the rows of each
 * wanted label until every pool is full (at most 20 rounds, then a clear error).
 */
async function sampleHybrid(
  synth: Synthesizer,
  train: Dataset,
  job: GenJob,
  progress: Progress,
): Promise<Map<string, Dataset>> {
  const labels = Object.keys(job.counts).sort();
  const got = new Map<string, Dataset[]>(labels.map((l) => [l, []]));
  const have = new Map<string, number>(labels.map((l) => [l, 0]));
  for (let round = 0; round < 20; round++) {
    if (labels.every((l) => have.get(l)! >= job.counts[l])) break;
    const batch = await synth.sample(train.nRows, {
      seed: job.seed * 1000 + round,
      onProgress: progress(`hybrid round ${round + 1}`),
    });
    const codes = batch.labelCodes();
    const schema = batch.columnSchema(batch.label!);
    const categories = 'categories' in schema ? schema.categories : [];
    for (const l of labels) {
      const need = job.counts[l] - have.get(l)!;
      if (need <= 0) continue;
      const rows: number[] = [];
      for (let i = 0; i < codes.length && rows.length < need; i++)
        if (String(categories[codes[i]]) === l) rows.push(i);
      got.get(l)!.push(batch.select(rows));
      have.set(l, have.get(l)! + rows.length);
    }
  }
  const out = new Map<string, Dataset>();
  for (const l of labels) {
    if (have.get(l)! < job.counts[l]) {
      throw new Error(
        `hybrid sampling: ${job.method} gave ${have.get(l)} rows with label ${l} in 20 rounds, ${job.counts[l]} needed`,
      );
    }
    const parts = got.get(l)!;
    out.set(l, parts[0].concat(...parts.slice(1)));
  }
  return out;
}

/** Builds the cell's training set, trains the CTR model, and saves the test predictions. */
export async function runCellJob(
  job: CellJob,
  progress: Progress,
  backend: string,
): Promise<CellResult> {
  const { train, valid, test, protocol } = await loadSplits(job.data);
  let trainSet = train;
  let syntheticRows = 0;
  if (job.genKey) {
    const labels = Object.keys(job.scenario.ratios);
    const pools = readPools(job.cacheDir, job.genKey, labels);
    trainSet = buildScenario(train, job.scenario, pools);
    syntheticRows = job.scenario.replace ? trainSet.nRows : trainSet.nRows - train.nRows;
  }
  const started = Date.now();
  const out = await trainCell(
    job.model,
    job.modelOptions,
    { train: trainSet, valid, test },
    job.seed,
    progress('train'),
  );
  writeFloats(join(job.cacheDir, 'pred', `${job.key}.f32`), out.testPredictions);
  return {
    key: job.key,
    method: job.method,
    scenario: job.scenario.name,
    model: job.model,
    seed: job.seed,
    validAuc: out.validAuc,
    testAuc: out.testAuc,
    validLogloss: out.validLogloss,
    testLogloss: out.testLogloss,
    epochs: out.epochs,
    seconds: (Date.now() - started) / 1000,
    trainRows: trainSet.nRows,
    syntheticRows,
    backend,
    protocol,
    profile: job.profile,
    dataset: job.data.dataset,
    versions: VERSIONS,
    finishedAt: new Date().toISOString(),
  };
}
