import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { SynthctrError } from '@synthctr/runtime';
import { ALL_METHODS, ALL_MODELS, ALL_SCENARIOS, getProfile, type ProfileName } from './config.js';
import type { RunOptions } from './engine.js';
import type { DataRef } from './jobs.js';
import { parseScenario } from './scenarios.js';

/** A bad command-line argument. */
export class UsageError extends SynthctrError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `usage: pnpm reproduce -- [options]
  --profile smoke|quick|paper   run size (default quick)
  --dataset frappe|movielens-100k|planted   (default frappe)
  --split pooled|official       frappe split (default pooled: the frappe-pooled protocol)
  --data-dir DIR                folder with the data files (frappe: frappe.*.libfm; movielens: u.data ...)
  --seeds N | a,b,c             seeds 1..N, or a list (default 1)
  --methods a,b                 of ${ALL_METHODS.join(', ')} (default all)
  --models a,b                  of ${ALL_MODELS.join(', ')} (default all)
  --scenarios a,b               of ${ALL_SCENARIOS.join(', ')} or custom like neg+10% (default all)
  --mode native|hybrid          synthetic rows per label by condition (default) or the paper's way
  --workers N                   worker processes (default: the number of cores)
  --out DIR                     output folder (default out/<dataset>-<split>-<profile>)
  --cache DIR                   cache of fitted generators and synthetic sets (default <out>/cache)
  --report-only                 write the tables and report from the cells finished so far; run nothing`;

function list(value: string | undefined, all: string[], name: string): string[] {
  if (!value) return all;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!all.includes(item))
      throw new UsageError(`--${name}: '${item}' is not one of ${all.join(', ')}.`);
  }
  return items;
}

function seedsOf(value: string | undefined): number[] {
  if (!value) return [1];
  if (/^\d+$/.test(value)) return Array.from({ length: Number(value) }, (_, i) => i + 1);
  const seeds = value.split(',').map(Number);
  if (seeds.some((s) => !Number.isInteger(s)))
    throw new UsageError(`--seeds: expected N or a list of integers, got '${value}'.`);
  return seeds;
}

/**
 * Parses `--key value` pairs into run options, the data subsample taken from the profile;
 * unknown keys are an error.
 */
export function parseRunArgs(argv: string[]): RunOptions {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument '${a}'.\n${USAGE}`);
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const value =
      eq > 0 ? a.slice(eq + 1) : argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
    raw[key] = value;
  }
  const allowed = [
    'profile',
    'dataset',
    'split',
    'data-dir',
    'seeds',
    'methods',
    'models',
    'scenarios',
    'mode',
    'workers',
    'out',
    'cache',
    'report-only',
  ];
  for (const key of Object.keys(raw))
    if (!allowed.includes(key)) throw new UsageError(`unknown option --${key}.\n${USAGE}`);
  const profile = (raw.profile ?? 'quick') as ProfileName;
  if (!['smoke', 'quick', 'paper'].includes(profile))
    throw new UsageError(`--profile: expected smoke, quick or paper, got '${profile}'.`);
  const dataset = (raw.dataset ?? 'frappe') as DataRef['dataset'];
  if (!['frappe', 'movielens-100k', 'planted'].includes(dataset)) {
    throw new UsageError(
      `--dataset: expected frappe, movielens-100k or planted, got '${dataset}'.`,
    );
  }
  const split = (raw.split ?? 'pooled') as DataRef['split'];
  if (!['pooled', 'official'].includes(split))
    throw new UsageError(`--split: expected pooled or official, got '${split}'.`);
  const scenarios = raw.scenarios ? raw.scenarios.split(',').map((s) => s.trim()) : ALL_SCENARIOS;
  for (const s of scenarios) parseScenario(s);
  const mode = (raw.mode ?? 'native') as RunOptions['mode'];
  if (!['native', 'hybrid'].includes(mode))
    throw new UsageError(`--mode: expected native or hybrid, got '${mode}'.`);
  const workers = raw.workers ? Number(raw.workers) : cpus().length;
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new UsageError(`--workers: expected a positive integer, got '${raw.workers}'.`);
  const out = resolve(raw.out ?? join('out', `${dataset}-${split}-${profile}`));
  return {
    profile,
    data: {
      dataset,
      split,
      dataDir: raw['data-dir'] ? resolve(raw['data-dir']) : null,
      subsample: getProfile(profile).subsample,
    },
    seeds: seedsOf(raw.seeds),
    methods: list(raw.methods, ALL_METHODS, 'methods'),
    models: list(raw.models, ALL_MODELS, 'models'),
    scenarios,
    workers,
    out,
    cacheDir: resolve(raw.cache ?? join(out, 'cache')),
    mode,
    reportOnly: raw['report-only'] === 'true',
  };
}
