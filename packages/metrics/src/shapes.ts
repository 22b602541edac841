import type { Dataset } from '@synthctr/tabular-schema';
import { alignTables, type CodedPair, type ColumnPair } from './align.js';

/** Options of {@link columnShapes} and {@link categoryCoverage}. */
export interface ColumnOptions {
  /** The columns compared. @default every real column */
  columns?: readonly string[];
}

/** One column's shape score. */
export interface ColumnShape {
  name: string;
  /** KSComplement for numeric columns, TVComplement for coded ones. */
  metric: 'KSComplement' | 'TVComplement';
  /** 1 - statistic, in [0, 1]; NaN when a numeric column has no values on one side. */
  score: number;
}

/** Column shapes: how well each column's distribution is kept. */
export interface ColumnShapesResult {
  columns: ColumnShape[];
  /** Mean of the defined scores (NaN when none is). */
  mean: number;
  /** Columns whose score is NaN (left out of the mean). */
  nUndefined: number;
}

const KS_DECIMALS = 14;
const MAX_SAFE = 2 ** 53;

function presentSorted(values: Float64Array): Float64Array {
  const f = 10 ** KS_DECIMALS;
  const out: number[] = [];
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    const s = v * f;
    out.push(Math.abs(s) < MAX_SAFE ? Math.round(s) / f : v);
  }
  return Float64Array.from(out).sort();
}

/** The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two ECDFs. */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === v) i += 1;
    while (j < b.length && b[j] === v) j += 1;
    const gap = Math.abs(i / a.length - j / b.length);
    if (gap > d) d = gap;
  }
  return d;
}

/** Total variation distance between the code frequencies of two arrays over `size` codes. */
export function totalVariation(a: ArrayLike<number>, b: ArrayLike<number>, size: number): number {
  const fa = new Float64Array(size);
  const fb = new Float64Array(size);
  for (let i = 0; i < a.length; i++) fa[a[i]] += 1;
  for (let i = 0; i < b.length; i++) fb[b[i]] += 1;
  let tv = 0;
  for (let k = 0; k < size; k++) tv += Math.abs(fa[k] / a.length - fb[k] / b.length);
  return tv / 2;
}

function shapeOf(pair: ColumnPair): ColumnShape {
  if (pair.kind === 'coded') {
    const empty = pair.real.length === 0 || pair.synthetic.length === 0;
    const tv = empty
      ? Number.NaN
      : totalVariation(pair.real, pair.synthetic, pair.categories.length);
    return { name: pair.name, metric: 'TVComplement', score: 1 - tv };
  }
  const a = presentSorted(pair.real);
  const b = presentSorted(pair.synthetic);
  const score = a.length === 0 || b.length === 0 ? Number.NaN : 1 - ksStatistic(a, b);
  return { name: pair.name, metric: 'KSComplement', score };
}

/** The mean of the finite numbers in a list and how many were left out. */
export function definedMean(scores: readonly number[]): { mean: number; nUndefined: number } {
  const ok = scores.filter((s) => Number.isFinite(s));
  const mean = ok.length === 0 ? Number.NaN : ok.reduce((s, v) => s + v, 0) / ok.length;
  return { mean, nUndefined: scores.length - ok.length };
}

/**
 * SDMetrics' column shapes: per numeric column 1 - the two-sample KS statistic (missing
 * values dropped, values rounded to 14 decimals as SDMetrics does), per coded column
 * 1 - the total variation distance of the category frequencies (missing is a category),
 * and their mean.
 */
export function columnShapes(
  real: Dataset,
  synthetic: Dataset,
  options: ColumnOptions = {},
): ColumnShapesResult {
  const columns = alignTables('columnShapes', real, synthetic, options.columns).map(shapeOf);
  return { columns, ...definedMean(columns.map((c) => c.score)) };
}

/** One coded column's coverage. */
export interface ColumnCoverage {
  name: string;
  /** Distinct non-missing categories in the real rows. */
  realCategories: number;
  /** How many of them occur in the synthetic rows. */
  covered: number;
  /** covered / realCategories (NaN when the real column has none). */
  coverage: number;
  /** Distinct non-missing synthetic categories never seen in the real rows. */
  unseenCategories: number;
}

/** Category coverage of every compared coded column and the mean. */
export interface CategoryCoverageResult {
  columns: ColumnCoverage[];
  /** Mean coverage of the defined columns. */
  mean: number;
  /** Columns whose coverage is NaN. */
  nUndefined: number;
}

function coverageOf(pair: CodedPair): ColumnCoverage {
  const k = pair.categories.length;
  const inReal = new Uint8Array(k);
  const inSyn = new Uint8Array(k);
  for (const c of pair.real) inReal[c] = 1;
  for (const c of pair.synthetic) inSyn[c] = 1;
  let realCategories = 0;
  let covered = 0;
  let unseen = 0;
  for (let c = 0; c < k; c++) {
    if (pair.categories[c] === null) continue;
    realCategories += inReal[c];
    covered += inReal[c] & inSyn[c];
    unseen += inSyn[c] & (1 - inReal[c]);
  }
  const coverage = realCategories === 0 ? Number.NaN : covered / realCategories;
  return { name: pair.name, realCategories, covered, coverage, unseenCategories: unseen };
}

/**
 * Category coverage (SDMetrics' CategoryCoverage): per coded column, the share of the
 * categories present in the real rows that the synthetic rows contain (the missing level is
 * not counted), plus how many synthetic categories the real rows never had. Numeric columns
 * are skipped.
 *
 * Porting note: SDMetrics drops missing values before counting categories; so do we, but a
 * category matched only after coercion (30 and '30') counts once.
 */
export function categoryCoverage(
  real: Dataset,
  synthetic: Dataset,
  options: ColumnOptions = {},
): CategoryCoverageResult {
  const pairs = alignTables('categoryCoverage', real, synthetic, options.columns);
  const columns = pairs.filter((p): p is CodedPair => p.kind === 'coded').map(coverageOf);
  return { columns, ...definedMean(columns.map((c) => c.coverage)) };
}
