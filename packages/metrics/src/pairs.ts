import { Rng } from '@synthctr/runtime/light';
import type { Dataset } from '@synthctr/tabular-schema';
import { sampleCorrelation } from 'simple-statistics';
import { alignTables, type ColumnPair } from './align.js';
import { MetricError } from './errors.js';
import { definedMean } from './shapes.js';

/** Options of {@link columnPairTrends}. */
export interface PairTrendOptions {
  /** The columns compared. @default every real column */
  columns?: readonly string[];
  /** At most this many column pairs are scored; more are subsampled with `seed`. @default 500 */
  maxPairs?: number;
  /** Seed of the pair subsampling. @default 0 */
  seed?: number;
  /** Equal-width bins (over the real range) for numeric columns in mixed pairs. @default 10 */
  bins?: number;
  /** Correlation of numeric pairs. @default 'pearson' */
  correlation?: 'pearson' | 'spearman';
}

/** One column pair's trend score. */
export interface PairTrend {
  columns: [string, string];
  /** CorrelationSimilarity for two numeric columns, ContingencySimilarity otherwise. */
  metric: 'CorrelationSimilarity' | 'ContingencySimilarity';
  /** In [0, 1]; NaN when a correlation is undefined (a constant column). */
  score: number;
  /** The real correlation (numeric pairs only). */
  realCorrelation?: number;
  /** The synthetic correlation (numeric pairs only). */
  syntheticCorrelation?: number;
}

/** Column pair trends and their mean. */
export interface PairTrendsResult {
  pairs: PairTrend[];
  /** Mean of the defined scores. */
  mean: number;
  /** Pairs whose score is NaN (left out of the mean). */
  nUndefined: number;
  /** Column pairs in the table. */
  totalPairs: number;
  /** True when fewer than `totalPairs` were scored. */
  subsampled: boolean;
}

interface ResolvedPairOptions {
  maxPairs: number;
  seed: number;
  bins: number;
  correlation: 'pearson' | 'spearman';
}

const DEFAULT_MAX_PAIRS = 500;
const DEFAULT_BINS = 10;
const FN = 'columnPairTrends';

function ranks(values: number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j += 1;
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function correlation(x: Float64Array, y: Float64Array, kind: 'pearson' | 'spearman'): number {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) {
      a.push(x[i]);
      b.push(y[i]);
    }
  }
  if (a.length < 2) return Number.NaN;
  const r = kind === 'spearman' ? sampleCorrelation(ranks(a), ranks(b)) : sampleCorrelation(a, b);
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : Number.NaN;
}

/** Codes of a column for contingency tables: categories, or numeric bins (missing last). */
function discretize(
  pair: ColumnPair,
  bins: number,
): { real: Int32Array; synthetic: Int32Array; size: number } {
  if (pair.kind === 'coded') {
    return {
      real: pair.real,
      synthetic: pair.synthetic,
      size: Math.max(pair.categories.length, 1),
    };
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of pair.real) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const width = max > min ? (max - min) / bins : 0;
  const bin = (v: number) => {
    if (Number.isNaN(v)) return bins;
    if (width === 0) return 0;
    return Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)));
  };
  return {
    real: Int32Array.from(pair.real, bin),
    synthetic: Int32Array.from(pair.synthetic, bin),
    size: bins + 1,
  };
}

function contingencySimilarity(
  a: ReturnType<typeof discretize>,
  b: ReturnType<typeof discretize>,
): number {
  const table = (x: Int32Array, y: Int32Array) => {
    const counts = new Map<number, number>();
    for (let i = 0; i < x.length; i++) {
      const k = x[i] * b.size + y[i];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  };
  const nr = a.real.length;
  const ns = a.synthetic.length;
  if (nr === 0 || ns === 0) return Number.NaN;
  const real = table(a.real, b.real);
  const syn = table(a.synthetic, b.synthetic);
  let tv = 0;
  for (const [k, c] of real) tv += Math.abs(c / nr - (syn.get(k) ?? 0) / ns);
  for (const [k, c] of syn) if (!real.has(k)) tv += c / ns;
  return 1 - tv / 2;
}

function scorePair(p: ColumnPair, q: ColumnPair, opts: ResolvedPairOptions): PairTrend {
  const columns: [string, string] = [p.name, q.name];
  if (p.kind === 'numeric' && q.kind === 'numeric') {
    const rr = correlation(p.real, q.real, opts.correlation);
    const rs = correlation(p.synthetic, q.synthetic, opts.correlation);
    const score = 1 - Math.abs(rr - rs) / 2;
    return {
      columns,
      metric: 'CorrelationSimilarity',
      score,
      realCorrelation: rr,
      syntheticCorrelation: rs,
    };
  }
  const score = contingencySimilarity(discretize(p, opts.bins), discretize(q, opts.bins));
  return { columns, metric: 'ContingencySimilarity', score };
}

function resolve(options: PairTrendOptions): ResolvedPairOptions {
  const out: ResolvedPairOptions = {
    maxPairs: options.maxPairs ?? DEFAULT_MAX_PAIRS,
    seed: options.seed ?? 0,
    bins: options.bins ?? DEFAULT_BINS,
    correlation: options.correlation ?? 'pearson',
  };
  for (const key of ['maxPairs', 'bins'] as const) {
    if (!(Number.isInteger(out[key]) && out[key] >= 1)) {
      throw new MetricError(
        'bad-option',
        `${FN}: ${key} must be a positive integer, got ${String(out[key])}.`,
      );
    }
  }
  if (out.correlation !== 'pearson' && out.correlation !== 'spearman') {
    throw new MetricError(
      'bad-option',
      `${FN}: correlation must be 'pearson' or 'spearman', got '${String(out.correlation)}'.`,
    );
  }
  return out;
}

/**
 * SDMetrics' column pair trends: for two numeric columns 1 - |rho_real - rho_synthetic| / 2
 * (rows where both are present); for coded or mixed pairs 1 - the total variation distance
 * of the joint frequencies over the union of observed cells, numeric columns cut into
 * `bins` equal-width bins over the real range (values outside go to the end bins, missing
 * to a bin of its own). Beyond `maxPairs` pairs a seeded subset is scored.
 */
export function columnPairTrends(
  real: Dataset,
  synthetic: Dataset,
  options: PairTrendOptions = {},
): PairTrendsResult {
  const opts = resolve(options);
  const cols = alignTables(FN, real, synthetic, options.columns);
  let combos: [number, number][] = [];
  for (let i = 0; i < cols.length; i++)
    for (let j = i + 1; j < cols.length; j++) combos.push([i, j]);
  const totalPairs = combos.length;
  if (totalPairs > opts.maxPairs) {
    const pick = new Rng(opts.seed).permutation(totalPairs).subarray(0, opts.maxPairs).sort();
    combos = Array.from(pick, (k) => combos[k]);
  }
  const pairs = combos.map(([i, j]) => scorePair(cols[i], cols[j], opts));
  return {
    pairs,
    ...definedMean(pairs.map((p) => p.score)),
    totalPairs,
    subsampled: pairs.length < totalPairs,
  };
}
