import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressEvent } from '@synthctr/runtime';
import { readFloats } from './cache.js';
import { getProfile, type ProfileName } from './config.js';
import { loadSplits, protocolOf } from './data.js';
import { readGenResult } from './execute.js';
import {
  type CellJob,
  cellKey,
  type DataRef,
  type GenJob,
  type GenResult,
  genKey,
  type Job,
} from './jobs.js';
import { reportHtml } from './report.js';
import { maxSyntheticCounts, parseScenario, type ScenarioSpec } from './scenarios.js';
import { runJobs, type ScheduledJob } from './scheduler.js';
import { type CellResult, ResultStore, writeAtomic } from './store.js';
import { summarise, summarisePrivacy } from './summary.js';
import { type RunDescription, table1Markdown, table2Markdown } from './tables.js';

/** Everything one run needs; the CLI and the sweep both fill it in. */
export interface RunOptions {
  profile: ProfileName;
  data: DataRef;
  seeds: number[];
  methods: string[];
  models: string[];
  scenarios: string[];
  workers: number;
  out: string;
  cacheDir: string;
  mode: 'native' | 'hybrid';
  /** Write the outputs from finished cells only; run nothing. @default false */
  reportOnly?: boolean;
  /** Extra generator / CTR options over the profile's (the sweep's overrides). */
  methodOverrides?: Record<string, Record<string, unknown>>;
  modelOverrides?: Record<string, Record<string, unknown>>;
}

/** The planned jobs of a run, before skipping finished ones. */
export interface RunPlan {
  gens: GenJob[];
  cells: CellJob[];
  description: RunDescription;
}

/** Builds every generator job and cell of the run, each with its hashed key. */
export async function planRun(options: RunOptions): Promise<RunPlan> {
  const profile = getProfile(options.profile);
  const { train } = await loadSplits(options.data);
  const specs: ScenarioSpec[] = options.scenarios.map(parseScenario);
  const synthetic = specs.filter((s) => s.name !== 'original' && Object.keys(s.ratios).length > 0);
  const counts = Object.fromEntries(maxSyntheticCounts(train, synthetic));
  const gens: GenJob[] = [];
  const cells: CellJob[] = [];
  for (const seed of options.seeds) {
    const genBySeed = new Map<string, string>();
    if (synthetic.length > 0) {
      for (const method of options.methods) {
        const methodOptions = {
          ...profile.methods[method],
          ...(options.methodOverrides?.[method] ?? {}),
        };
        const base = {
          data: options.data,
          method,
          methodOptions,
          seed,
          counts,
          mode: options.mode,
        };
        const job: GenJob = { type: 'gen', key: genKey(base), cacheDir: options.cacheDir, ...base };
        gens.push(job);
        genBySeed.set(method, job.key);
      }
    }
    for (const model of options.models) {
      const modelOptions = { ...profile.models[model], ...(options.modelOverrides?.[model] ?? {}) };
      for (const scenario of specs) {
        const methods = scenario.name === 'original' ? ['original'] : options.methods;
        for (const method of methods) {
          const base = {
            data: options.data,
            method,
            scenario,
            model,
            modelOptions,
            seed,
            genKey: method === 'original' ? null : genBySeed.get(method)!,
            profile: options.profile,
          };
          cells.push({ type: 'cell', key: cellKey(base), cacheDir: options.cacheDir, ...base });
        }
      }
    }
  }
  const description: RunDescription = {
    profile: options.profile,
    protocol: protocolOf(options.data),
    dataset: options.data.dataset,
    seeds: options.seeds,
    backend: 'pending',
    mode:
      options.mode === 'native'
        ? 'generated per label (native conditioning)'
        : "the paper's way (hybrid set, then picked by label)",
    reductions: profile.reductions.filter((r) => {
      const m = r.match(/^(generator|CTR) (\S+):/);
      return !m || (m[1] === 'generator' ? options.methods : options.models).includes(m[2]);
    }),
  };
  return { gens, cells, description };
}

/** What the run tells the CLI as it goes. */
export interface RunEvents {
  onPlan?(todo: { gens: number; cells: number; skippedCells: number; skippedGens: number }): void;
  onStart?(job: Job, worker: number): void;
  onProgress?(job: Job, worker: number, label: string, event: ProgressEvent): void;
  onDone?(job: Job, worker: number, seconds: number, result: unknown): void;
  onFailed?(job: Job, worker: number, message: string): void;
}

/**
 * Runs what is not finished yet (finished cells come from results.jsonl, finished generator jobs
 * from the cache), appends each finished cell as it arrives, then writes the four outputs.
 */
export async function executeRun(
  options: RunOptions,
  events: RunEvents = {},
): Promise<{ results: CellResult[]; failures: string[] }> {
  mkdirSync(options.out, { recursive: true });
  const plan = await planRun(options);
  const store = new ResultStore(join(options.out, 'results.jsonl'));
  const finished = store.load();
  const cellsTodo = plan.cells.filter((c) => !finished.has(c.key));
  // Every generator job runs unless cached: Table 1 needs each method's figures even when all
  // of its cells are finished.
  const gensTodo = plan.gens.filter((g) => readGenResult(options.cacheDir, g.key) === null);
  events.onPlan?.({
    gens: gensTodo.length,
    cells: cellsTodo.length,
    skippedCells: plan.cells.length - cellsTodo.length,
    skippedGens: plan.gens.length - gensTodo.length,
  });
  writeAtomic(
    join(options.out, 'run.json'),
    JSON.stringify({ options, description: plan.description }, null, 2),
  );
  const failures: string[] = [];
  const scheduled: ScheduledJob[] = [
    ...gensTodo.map((job) => ({ job, deps: [] })),
    ...cellsTodo.map((job) => ({ job, deps: job.genKey ? [job.genKey] : [] })),
  ];
  await runJobs(scheduled, options.workers, {
    onStart: events.onStart,
    onProgress: events.onProgress,
    onDone: (job, worker, result, seconds) => {
      if (job.type === 'cell') store.append(result as CellResult);
      events.onDone?.(job, worker, seconds, result);
    },
    onFailed: (job, worker, message) => {
      failures.push(`${job.key}: ${message}`);
      events.onFailed?.(job, worker, message);
    },
  });
  const all = store.load();
  const results = plan.cells
    .map((c) => all.get(c.key))
    .filter((r): r is CellResult => r !== undefined);
  await writeOutputs(options, plan, results);
  return { results, failures };
}

/**
 * Writes the outputs from what is finished so far, running nothing (a long run can be
 * reported while it goes on, or after it was stopped).
 */
export async function reportRun(options: RunOptions): Promise<CellResult[]> {
  const plan = await planRun(options);
  const finished = new ResultStore(join(options.out, 'results.jsonl')).load();
  const results = plan.cells
    .map((c) => finished.get(c.key))
    .filter((r): r is CellResult => r !== undefined);
  await writeOutputs(options, plan, results);
  return results;
}

/** Writes table1.md, table2.md and report.html from the finished cells and generator jobs. */
export async function writeOutputs(
  options: RunOptions,
  plan: RunPlan,
  results: CellResult[],
): Promise<void> {
  const { test } = await loadSplits(options.data);
  const labels = test.labelCodes();
  const description = {
    ...plan.description,
    backend: [...new Set(results.map((r) => r.backend))].join(', ') || 'none',
  };
  const gens = plan.gens
    .map((g) => readGenResult(options.cacheDir, g.key))
    .filter((g): g is GenResult => g !== null);
  const cells = summarise(
    results,
    (key) => readFloats(join(options.cacheDir, 'pred', `${key}.f32`)),
    labels,
  );
  const privacy = summarisePrivacy(gens);
  const t1 = table1Markdown(privacy, description);
  const t2 = table2Markdown(cells, description);
  writeAtomic(
    join(options.out, 'run.json'),
    JSON.stringify({ options, description, finishedCells: results.length }, null, 2),
  );
  writeAtomic(join(options.out, 'table1.md'), t1);
  writeAtomic(join(options.out, 'table2.md'), t2);
  writeAtomic(join(options.out, 'report.html'), reportHtml(description, t1, t2, cells, privacy));
}
