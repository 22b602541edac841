import { writeFileSync } from 'node:fs';
import { identicalRows } from '@synthctr/metrics';
import { Rng } from '@synthctr/runtime';
import { bruteForceNeighbours, Smoten, smotenNeighbours } from '@synthctr/smoten';
import {
  type CategoryValue,
  Dataset,
  FRAPPE_FIELDS,
  loadFrappe,
  type Schema,
} from '@synthctr/tabular-schema';
import {
  type BenchArgs,
  type BenchResult,
  cpuSeconds,
  num,
  opt,
  peakRssMb,
  round,
} from '../harness.js';

const DEFAULT_DATA_DIR = '../shared/data/frappe';
const DEFAULT_K = 2;
const DEFAULT_SCALE_ROWS = 200_000;
const DEFAULT_CHECK_QUERIES = 300;
/** Frappe's ten fields and their cardinalities, from the loader's field blocks. */
const FRAPPE_CARDINALITIES: [string, number][] = FRAPPE_FIELDS.map((f) => [
  f.name,
  f.last - f.first + 1,
]);

/**
 * SMOTEN as the paper ran it (k_neighbors = 2) on the whole table, not in chunks: seconds and
 * peak RSS for +25% positives and +25% negatives on Frappe's train part, a check of the
 * neighbour lists of --check-queries random positive rows against a brute-force scan, and a
 * scale run (fit every class, then sample +25% of each) on a --scale-rows seeded synthetic
 * table with Frappe's cardinalities. Peak RSS is reset before each run (Linux clear_refs).
 * Reference (imbalanced-learn 0.10 on this machine, frappe-pooled): +25% positives 108 s,
 * 6.3 GB, 2,272 new rows identical to a real row; +25% negatives fails (12.3 GB matrix).
 * `pnpm bench smoten -- --dataset frappe --split pooled --data-dir ../shared/data/frappe`
 */
export default async function smoten(
  args: BenchArgs,
  emit: (r: BenchResult) => void,
): Promise<void> {
  const dataset = opt(args, 'dataset', 'frappe');
  if (dataset !== 'frappe')
    throw new Error(`bench smoten: only --dataset frappe is supported, got '${dataset}'.`);
  const split = opt(args, 'split', 'pooled');
  if (split !== 'pooled' && split !== 'official') {
    throw new Error(`bench smoten: --split must be pooled or official, got '${split}'.`);
  }
  const k = num(args, 'k', DEFAULT_K);
  const seed = num(args, 'seed', 0);
  const threads = args.options.threads === undefined ? ('auto' as const) : num(args, 'threads', 2);
  const which = opt(args, 'runs', 'frappe,check,scale').split(',');
  if (which.includes('frappe') || which.includes('check')) {
    const data = await loadFrappe({
      split,
      dataDir: opt(args, 'data-dir', DEFAULT_DATA_DIR),
      download: false,
    });
    const train = data.train;
    if (which.includes('frappe')) {
      for (const cls of [1, 0]) {
        const result = await plusQuarter(train, cls, k, seed, threads);
        emit({
          name: `smoten/${dataset}/+25%-${cls === 1 ? 'positives' : 'negatives'}`,
          protocol: data.protocol,
          ...result,
        });
      }
    }
    if (which.includes('check')) {
      const queries = num(args, 'check-queries', DEFAULT_CHECK_QUERIES);
      emit({
        name: `smoten/${dataset}/neighbour-check`,
        protocol: data.protocol,
        ...(await check(train, 1, k, queries, seed)),
      });
    }
  }
  if (which.includes('scale')) {
    const rows = num(args, 'scale-rows', DEFAULT_SCALE_ROWS);
    emit({
      name: `smoten/synthetic-${rows}/fit+sample-25%`,
      protocol: 'synthetic',
      ...(await scale(rows, k, seed, threads)),
    });
  }
}

/** Resets the kernel's peak-RSS mark so the next reading is this run's own peak (Linux). */
function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux, or not allowed: the reading stays the process peak so far.
  }
}

function countOf(data: Dataset, value: CategoryValue): number {
  const code = data.codeOf(data.label!, value);
  return data.labelCodes().filter((c) => c === code).length;
}

async function plusQuarter(
  train: Dataset,
  cls: number,
  k: number,
  seed: number,
  threads: number | 'auto',
) {
  resetPeak();
  const have = countOf(train, cls);
  const target = Math.round(1.25 * have);
  const cpu = cpuSeconds();
  const t = performance.now();
  const model = new Smoten({
    kNeighbors: k,
    seed,
    threads,
    samplingStrategy: new Map([[cls, target]]),
  });
  const { data, report } = await model.fitResample(train);
  const seconds = (performance.now() - t) / 1000;
  const added = data.slice(train.nRows);
  return {
    classRows: have,
    newRows: added.nRows,
    distinctPoints: report.history[0]?.points ?? 0,
    seconds: round(seconds, 2),
    cpuSeconds: round(cpuSeconds() - cpu, 2),
    neighbourSeconds: round(report.history[0]?.seconds ?? 0, 2),
    peakRssMb: Math.round(await peakRssMb()),
    identicalToReal: identicalRows(train, added).identicalRows,
  };
}

/** Neighbour lists of random rows of class `cls` against a brute-force scan of the class. */
async function check(train: Dataset, cls: number, k: number, queries: number, seed: number) {
  const found = await smotenNeighbours(train, cls, { kNeighbors: k });
  const rng = new Rng(seed);
  const picks = Array.from(rng.permutation(found.rows.length).subarray(0, queries)).sort(
    (a, b) => a - b,
  );
  const brute = bruteForceNeighbours(train, cls, {
    kNeighbors: k,
    queries: picks.map((i) => found.rows[i]),
  });
  const kk = found.k;
  let sameLists = 0;
  let sameDistances = 0;
  picks.forEach((i, q) => {
    const a = Array.from(found.neighbours.subarray(i * kk, i * kk + kk));
    const b = Array.from(brute.neighbours.subarray(q * kk, q * kk + kk));
    const da = Array.from(found.distances.subarray(i * kk, i * kk + kk));
    const db = Array.from(brute.distances.subarray(q * kk, q * kk + kk));
    if (a.every((v, j) => v === b[j])) sameLists++;
    if (da.every((v, j) => v === db[j])) sameDistances++;
  });
  return {
    classRows: found.rows.length,
    distinctPoints: found.points,
    queries: picks.length,
    sameLists,
    sameDistances,
  };
}

/** A seeded table with Frappe's cardinalities: Zipf-weighted categories, a logistic label. */
function frappeLike(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const codes = FRAPPE_CARDINALITIES.map(() => new Int32Array(n));
  const effects = FRAPPE_CARDINALITIES.map(([, c]) =>
    Float64Array.from({ length: c }, () => rng.normal(0, 0.8)),
  );
  const cumulative = FRAPPE_CARDINALITIES.map(([, c]) => {
    const w = Float64Array.from({ length: c }, (_, i) => 1 / (i + 1));
    for (let i = 1; i < c; i++) w[i] += w[i - 1];
    return w;
  });
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let logit = -0.9;
    cumulative.forEach((cum, f) => {
      const u = rng.next() * cum[cum.length - 1];
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      codes[f][i] = lo;
      logit += effects[f][lo];
    });
    label[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  const columns = FRAPPE_CARDINALITIES.map(([name, c]) => ({
    name,
    kind: 'categorical' as const,
    categories: Array.from({ length: c }, (_, v): CategoryValue => v),
  }));
  const schema: Schema = {
    columns: [...columns, { name: 'label', kind: 'categorical', categories: [0, 1] }],
    label: 'label',
  };
  return Dataset.fromColumns(
    schema,
    Object.fromEntries([...columns.map((c, f) => [c.name, codes[f]]), ['label', label]]),
  );
}

async function scale(rows: number, k: number, seed: number, threads: number | 'auto') {
  const table = frappeLike(rows, seed);
  resetPeak();
  const cpu = cpuSeconds();
  const t = performance.now();
  const model = new Smoten({ kNeighbors: k, seed, threads });
  const report = await model.fit(table);
  const fitSeconds = (performance.now() - t) / 1000;
  const t2 = performance.now();
  const parts = await Promise.all(
    [0, 1].map((v) =>
      model.sample(Math.round(0.25 * countOf(table, v)), { conditions: { label: v } }),
    ),
  );
  const sampleSeconds = (performance.now() - t2) / 1000;
  return {
    rows,
    positives: countOf(table, 1),
    distinctPoints: report.history.reduce((s, h) => s + (h.points ?? 0), 0),
    newRows: parts[0].nRows + parts[1].nRows,
    fitSeconds: round(fitSeconds, 2),
    sampleSeconds: round(sampleSeconds, 2),
    seconds: round(fitSeconds + sampleSeconds, 2),
    cpuSeconds: round(cpuSeconds() - cpu, 2),
    peakRssMb: Math.round(await peakRssMb()),
  };
}
