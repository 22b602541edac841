import { type ProgressCallback, ProgressReporter, Rng } from '@synthctr/runtime/light';
import type { Dataset } from '@synthctr/tabular-schema';
import { quantileSorted } from 'simple-statistics';
import { alignTables, type ColumnPair } from './align.js';
import { type CodeMatrices, minHamming } from './dcr-hamming.js';
import { type MixedMatrices, minMixedDistance } from './dcr-mixed.js';
import { MetricError } from './errors.js';

/** Options of {@link distanceToClosestRecord}. */
export interface DcrOptions {
  /** The columns compared. @default every real column */
  columns?: readonly string[];
  /** Real rows used; more are subsampled (seeded) down to this. @default 100_000 */
  maxRealRows?: number;
  /**
   * Synthetic rows used; more are subsampled (seeded) down to this.
   * @default 100_000 on all-categorical tables, 5_000 with numeric columns (a full scan)
   */
  maxSyntheticRows?: number;
  /** Seed of the subsampling. @default 0 */
  seed?: number;
  /** Receives progress of the full scans (phase `dcr`). @default none */
  onProgress?: ProgressCallback;
}

/** Distance from synthetic rows to their closest real row. */
export interface DcrResult {
  /** Median over the synthetic rows used. */
  median: number;
  /** 5th percentile (linear interpolation, numpy's default). */
  p5: number;
  /** Mean distance. */
  mean: number;
  /** Share of synthetic rows at distance 0 (copies on the compared columns). */
  zeroShare: number;
  /** Per synthetic row used, its distance, in the order of `syntheticIndices`. */
  distances: Float64Array;
  /** The synthetic rows used (all of them, in order, unless subsampled). */
  syntheticIndices: Int32Array;
  /** Real rows searched. */
  realRowsUsed: number;
  /** True when either side was subsampled (the result then estimates the full figure). */
  subsampled: boolean;
  /** `hamming-index` (all columns coded, exact and fast) or `scan` (with numeric columns). */
  method: 'hamming-index' | 'scan';
  /** The compared columns. */
  columns: string[];
}

const DEFAULT_MAX_REAL_ROWS = 100_000;
const DEFAULT_MAX_SYNTHETIC_ROWS = 100_000;
/** Tables with numeric columns are scanned pair by pair, so fewer rows by default. */
const DEFAULT_MAX_SYNTHETIC_ROWS_SCAN = 5_000;
const FN = 'distanceToClosestRecord';

interface ResolvedDcrOptions {
  maxRealRows: number;
  maxSyntheticRows: number;
  seed: number;
  onProgress: ProgressCallback | undefined;
}

function resolve(options: DcrOptions, allCoded: boolean): ResolvedDcrOptions {
  const defaultSynthetic = allCoded ? DEFAULT_MAX_SYNTHETIC_ROWS : DEFAULT_MAX_SYNTHETIC_ROWS_SCAN;
  const out = {
    maxRealRows: options.maxRealRows ?? DEFAULT_MAX_REAL_ROWS,
    maxSyntheticRows: options.maxSyntheticRows ?? defaultSynthetic,
    seed: options.seed ?? 0,
    onProgress: options.onProgress,
  };
  for (const key of ['maxRealRows', 'maxSyntheticRows'] as const) {
    if (!(Number.isInteger(out[key]) && out[key] >= 1)) {
      throw new MetricError(
        'bad-option',
        `${FN}: ${key} must be a positive integer, got ${String(out[key])}.`,
      );
    }
  }
  return out;
}

/** All rows, or a seeded sample of `max` of them in row order. */
function pickRows(n: number, max: number, rng: Rng): Int32Array {
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  return rng.permutation(n).subarray(0, max).sort();
}

function entropyBits(codes: Int32Array, rows: Int32Array, size: number): number {
  const counts = new Float64Array(size);
  for (const r of rows) counts[codes[r]] += 1;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / rows.length) * Math.log2(c / rows.length);
  return h;
}

function codeMatrices(
  pairs: ColumnPair[],
  realRows: Int32Array,
  synRows: Int32Array,
): CodeMatrices {
  const coded = pairs as Extract<ColumnPair, { kind: 'coded' }>[];
  const h = coded.map((p) => entropyBits(p.real, realRows, p.categories.length));
  const order = coded.map((_, j) => j).sort((a, b) => h[b] - h[a]);
  const m = order.length;
  const real = new Int32Array(realRows.length * m);
  const synthetic = new Int32Array(synRows.length * m);
  const columns = order.map((j, k) => {
    const ids = new Float64Array(realRows.length + synRows.length);
    realRows.forEach((r, i) => {
      ids[i] = real[i * m + k] = coded[j].real[r];
    });
    synRows.forEach((s, i) => {
      ids[realRows.length + i] = synthetic[i * m + k] = coded[j].synthetic[s];
    });
    return { ids, size: Math.max(coded[j].categories.length, 1) };
  });
  return { real, synthetic, m, columns, entropy: order.map((j) => h[j]) };
}

function numericRange(values: Float64Array): { min: number; range: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, range: max > min ? max - min : 0 };
}

function mixedMatrices(
  pairs: ColumnPair[],
  realRows: Int32Array,
  synRows: Int32Array,
): MixedMatrices {
  const h = pairs.map((p) =>
    p.kind === 'coded' ? entropyBits(p.real, realRows, p.categories.length) : -1,
  );
  const order = pairs.map((_, j) => j).sort((a, b) => h[b] - h[a]);
  const m = order.length;
  const real = new Float64Array(realRows.length * m);
  const synthetic = new Float64Array(synRows.length * m);
  const scaled = new Uint8Array(m);
  order.forEach((j, k) => {
    const p = pairs[j];
    const { min, range } = p.kind === 'numeric' ? numericRange(p.real) : { min: 0, range: 0 };
    scaled[k] = range > 0 ? 1 : 0;
    const f = (v: number) => (range > 0 ? (v - min) / range : v);
    realRows.forEach((r, i) => {
      real[i * m + k] = f(p.real[r]);
    });
    synRows.forEach((s, i) => {
      synthetic[i * m + k] = f(p.synthetic[s]);
    });
  });
  return { real, synthetic, m, scaled };
}

function summarise(
  distances: Float64Array,
): Pick<DcrResult, 'median' | 'p5' | 'mean' | 'zeroShare'> {
  const sorted = Float64Array.from(distances).sort() as unknown as number[];
  let sum = 0;
  let zeros = 0;
  for (const d of distances) {
    sum += d;
    if (d === 0) zeros += 1;
  }
  return {
    median: quantileSorted(sorted, 0.5),
    p5: quantileSorted(sorted, 0.05),
    mean: sum / distances.length,
    zeroShare: zeros / distances.length,
  };
}

/**
 * Distance to closest record (SDMetrics' definition): for each synthetic row, the smallest
 * mean per-column distance to any real row. A categorical column adds 1 on a mismatch; a
 * numeric one |a - b| / range of the real column, capped at 1 (range 0: 0/1 mismatch; one
 * side missing: 1; both: 0). On all-categorical tables (Frappe) this is the Hamming distance
 * over the column count, found exactly by a blocked hash search in seconds at 60k x 60k;
 * tables with numeric columns are scanned pair by pair with early exit. Larger tables are
 * subsampled with a seed, and the result says so.
 *
 * Porting note: SDMetrics computes the same distance by scanning 1,000 x 1,000 chunks; the
 * blocked search gives identical distances on categorical tables without the full scan.
 * TabDDPM's scripts use an L2 distance on one-hot data instead; we follow SDMetrics.
 */
export function distanceToClosestRecord(
  real: Dataset,
  synthetic: Dataset,
  options: DcrOptions = {},
): DcrResult {
  const pairs = alignTables(FN, real, synthetic, options.columns);
  const allCoded = pairs.every((p) => p.kind === 'coded');
  const opts = resolve(options, allCoded);
  if (real.nRows === 0 || synthetic.nRows === 0 || pairs.length === 0) {
    throw new MetricError(
      'too-few-rows',
      `${FN}: needs rows and columns on both sides, got ${real.nRows} real rows, ${synthetic.nRows} ` +
        `synthetic rows and ${pairs.length} compared columns; pass non-empty tables.`,
    );
  }
  const rng = new Rng(opts.seed);
  const realRows = pickRows(real.nRows, opts.maxRealRows, rng.fork('real'));
  const synRows = pickRows(synthetic.nRows, opts.maxSyntheticRows, rng.fork('synthetic'));
  const progress = new ProgressReporter('dcr', 1, opts.onProgress);
  const tick = (done: number, total: number) => progress.tick({ rows: done, of: total });
  const m = pairs.length;
  let distances: Float64Array;
  if (allCoded) {
    const hits = minHamming(
      codeMatrices(pairs, realRows, synRows),
      realRows.length,
      synRows.length,
      tick,
    );
    distances = Float64Array.from(hits, (d) => d / m);
  } else {
    const sums = minMixedDistance(
      mixedMatrices(pairs, realRows, synRows),
      realRows.length,
      synRows.length,
      tick,
    );
    distances = sums.map((d) => d / m);
  }
  progress.finish();
  return {
    ...summarise(distances),
    distances,
    syntheticIndices: synRows,
    realRowsUsed: realRows.length,
    subsampled: realRows.length < real.nRows || synRows.length < synthetic.nRows,
    method: allCoded ? 'hamming-index' : 'scan',
    columns: pairs.map((p) => p.name),
  };
}
