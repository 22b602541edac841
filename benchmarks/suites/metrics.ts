import { existsSync } from 'node:fs';
import {
  auc,
  delongTest,
  distanceToClosestRecord,
  identicalRows,
  logLoss,
} from '@synthctr/metrics';
import { frappeLikeTable, perturbedCopies } from '@synthctr/metrics/testing';
import { Rng } from '@synthctr/runtime';
import { loadFrappe } from '@synthctr/tabular-schema';
import {
  type BenchArgs,
  type BenchResult,
  cpuSeconds,
  median,
  num,
  opt,
  peakRssMb,
  round,
} from '../harness.js';

const DEFAULT_AUC_ROWS = 1_000_000;
const DEFAULT_RUNS = 5;
const DEFAULT_TABLE_ROWS = 60_000;
const DEFAULT_DATA_DIR = '../shared/data/frappe';
/** scikit-learn's roc_auc_score on 1,000,000 rows on this machine (peer-figures.md). */
const SKLEARN_AUC_SECONDS = 0.28;

/**
 * Wall seconds of each of `runs` calls of `fn` (after one warm-up call), the CPU seconds of
 * this process over them (less sensitive to a busy machine), and the last result.
 */
function timeRuns<T>(
  runs: number,
  fn: () => T,
): { seconds: number[]; cpuSeconds: number[]; result: T } {
  let result = fn();
  const seconds: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = cpuSeconds();
    const t0 = performance.now();
    result = fn();
    seconds.push((performance.now() - t0) / 1000);
    cpu.push(cpuSeconds() - c0);
  }
  return { seconds, cpuSeconds: cpu, result };
}

function benchAuc(rows: number, runs: number, seed: number, emit: (r: BenchResult) => void): void {
  const rng = new Rng(seed);
  const y = new Int32Array(rows);
  const s = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = rng.next() < 0.33 ? 1 : 0;
    s[i] = 1 / (1 + Math.exp(-(2 * y[i] - 1 + rng.normal())));
  }
  const a = timeRuns(runs, () => auc(y, s));
  emit({
    name: 'auc',
    rows,
    runs,
    seconds: round(median(a.seconds), 4),
    cpuSeconds: round(median(a.cpuSeconds), 4),
    runsSeconds: a.seconds.map((x) => round(x, 4)),
    reference: 'scikit-learn roc_auc_score',
    referenceSeconds: SKLEARN_AUC_SECONDS,
    ratioToReference: round(median(a.seconds) / SKLEARN_AUC_SECONDS, 2),
    auc: round(a.result, 6),
  });
  const l = timeRuns(runs, () => logLoss(y, s));
  emit({
    name: 'logloss',
    rows,
    runs,
    seconds: round(median(l.seconds), 4),
    cpuSeconds: round(median(l.cpuSeconds), 4),
    logloss: round(l.result, 6),
  });
  const other = Float32Array.from(s, (v) => Math.min(1, Math.max(0, v + 0.05 * rng.normal())));
  const d = timeRuns(1, () => delongTest(y, s, other));
  emit({
    name: 'delong',
    rows,
    seconds: round(d.seconds[0], 4),
    cpuSeconds: round(d.cpuSeconds[0], 4),
    z: round(d.result.z, 4),
    pValue: d.result.pValue,
  });
}

function benchTables(rows: number, seed: number, emit: (r: BenchResult) => void): void {
  const rng = new Rng(seed);
  const real = frappeLikeTable(rows, rng);
  const syn = perturbedCopies(real, rows, 5, rng).table;
  const shape = {
    realRows: real.nRows,
    syntheticRows: syn.nRows,
    columns: real.columnNames.length,
  };
  const ident = timeRuns(1, () => identicalRows(real, syn));
  emit({
    name: 'identical-rows/frappe-like',
    ...shape,
    seconds: round(ident.seconds[0], 4),
    cpuSeconds: round(ident.cpuSeconds[0], 4),
    identicalRows: ident.result.identicalRows,
    exactCopyRate: round(ident.result.exactCopyRate, 4),
  });
  const dcr = timeRuns(1, () => distanceToClosestRecord(real, syn, { maxSyntheticRows: rows }));
  emit({
    name: 'dcr/frappe-like',
    ...shape,
    seconds: round(dcr.seconds[0], 4),
    cpuSeconds: round(dcr.cpuSeconds[0], 4),
    median: round(dcr.result.median, 4),
    p5: round(dcr.result.p5, 4),
    method: dcr.result.method,
    subsampled: dcr.result.subsampled,
  });
}

async function benchFrappe(dataDir: string, emit: (r: BenchResult) => void): Promise<void> {
  if (!existsSync(`${dataDir}/frappe.validation.libfm`)) {
    process.stderr.write(
      `bench metrics: no Frappe files in ${dataDir}; skipping the frappe-pooled lines\n`,
    );
    return;
  }
  const data = await loadFrappe({ split: 'pooled', dataDir, download: false });
  const ident = timeRuns(1, () => identicalRows(data.train, data.valid));
  emit({
    name: 'identical-rows/valid-vs-train',
    protocol: data.protocol,
    realRows: data.train.nRows,
    syntheticRows: data.valid.nRows,
    seconds: round(ident.seconds[0], 4),
    cpuSeconds: round(ident.cpuSeconds[0], 4),
    identicalRows: ident.result.identicalRows,
  });
  const dcr = timeRuns(1, () => distanceToClosestRecord(data.train, data.test));
  emit({
    name: 'dcr/test-vs-train',
    protocol: data.protocol,
    realRows: data.train.nRows,
    syntheticRows: data.test.nRows,
    seconds: round(dcr.seconds[0], 4),
    cpuSeconds: round(dcr.cpuSeconds[0], 4),
    median: round(dcr.result.median, 4),
    p5: round(dcr.result.p5, 4),
    mean: round(dcr.result.mean, 4),
  });
}

/**
 * Metric timings: AUC, logloss and DeLong on --rows seeded predictions (default 1,000,000;
 * AUC and logloss are the median of --runs runs after a warm-up, default 5), with
 * scikit-learn's 0.28 s beside the AUC; identical rows and DCR on --table-rows x --table-rows
 * seeded Frappe-like tables (default 60,000); and, when ../shared/data/frappe exists, the same
 * two on the frappe-pooled splits.
 */
export default async function metrics(
  args: BenchArgs,
  emit: (r: BenchResult) => void,
): Promise<void> {
  const seed = num(args, 'seed', 0);
  benchAuc(num(args, 'rows', DEFAULT_AUC_ROWS), num(args, 'runs', DEFAULT_RUNS), seed, emit);
  benchTables(num(args, 'table-rows', DEFAULT_TABLE_ROWS), seed, emit);
  await benchFrappe(opt(args, 'data-dir', DEFAULT_DATA_DIR), emit);
  emit({ name: 'peak-rss', peakRssMb: Math.round(await peakRssMb()) });
}
