import { Rng } from '@synthctr/runtime';
import { type Dataset, datasetFromRows, type Row } from '@synthctr/tabular-schema';

/** Small denoiser settings so that tests run in seconds on wasm. */
export const TINY = {
  denoiserDims: [64, 64],
  embeddingDim: 32,
  numTimesteps: 20,
  batchSize: 128,
  microBatchSize: 128,
  sampleBatchSize: 512,
  learningRate: 0.004,
} as const;

/** Fractions of each value in a list. */
export function frequencies<T>(values: readonly T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1 / values.length);
  return out;
}

/** Total-variation distance between two frequency maps. */
export function totalVariation<T>(a: Map<T, number>, b: Map<T, number>): number {
  const keys = new Set([...a.keys(), ...b.keys()]);
  let s = 0;
  for (const k of keys) s += Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0));
  return s / 2;
}

/**
 * A table drawn from a known distribution: `label` 0/1 (30 % ones), `color` with
 * P(red, green, blue) = (0.6, 0.3, 0.1), `size` ('S', 'L') depending on the label (S with 0.8
 * when label = 1, 0.2 when label = 0), and a float `amount` ~ N(5, 2) with 1 decimal.
 */
export function knownTable(n: number, seed = 7): Dataset {
  const rng = new Rng(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const label = rng.next() < 0.3 ? 1 : 0;
    const u = rng.next();
    const color = u < 0.6 ? 'red' : u < 0.9 ? 'green' : 'blue';
    const size = rng.next() < (label === 1 ? 0.8 : 0.2) ? 'S' : 'L';
    const amount = Math.round(rng.normal(5, 2) * 10) / 10;
    rows.push({ label, color, size, amount });
  }
  return datasetFromRows(rows, {
    label: 'label',
    kinds: { label: 'categorical', amount: 'float' },
  });
}
