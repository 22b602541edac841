import { Rng } from '@synthctr/runtime';
import { type ColumnSchema, Dataset, datasetFromRows } from '@synthctr/tabular-schema';

/** Cardinalities of the planted table's fields: two that matter, two that are noise. */
export const PLANTED_FIELDS = { user: 40, item: 30, hour: 6, noise: 25 } as const;

/**
 * A table with a known signal: click = 1 when u[user] + v[item] + w[user mod 3][hour] plus
 * a little noise is above 0, with u, v, w drawn once from `seed`. The best possible AUC is
 * close to 1; the noise field carries nothing. Categories are strings ('user7'), so the
 * vocabulary is matched by value. With `noiseLabel` the click is a coin flip: nothing to learn.
 */
export function plantedTable(n: number, seed: number, tableSeed = 99, noiseLabel = false): Dataset {
  const weights = new Rng(tableSeed);
  const u = Array.from({ length: PLANTED_FIELDS.user }, () => weights.normal());
  const v = Array.from({ length: PLANTED_FIELDS.item }, () => weights.normal());
  const w = Array.from({ length: 3 }, () =>
    Array.from({ length: PLANTED_FIELDS.hour }, () => weights.normal()),
  );
  const rng = new Rng(seed);
  const cols: Record<string, Int32Array> = {};
  for (const [name, k] of Object.entries(PLANTED_FIELDS))
    cols[name] = Int32Array.from({ length: n }, () => rng.int(k));
  const click = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const score = u[cols.user[i]] + v[cols.item[i]] + w[cols.user[i] % 3][cols.hour[i]];
    const signal = noiseLabel ? 0 : score;
    click[i] = signal + 0.3 * rng.normal() > 0 ? 1 : 0;
  }
  const columns: ColumnSchema[] = Object.entries(PLANTED_FIELDS).map(([name, k]) => ({
    name,
    kind: 'categorical',
    categories: Array.from({ length: k }, (_, i) => `${name}${i}`),
  }));
  columns.push({ name: 'click', kind: 'categorical', categories: [0, 1] });
  return Dataset.fromColumns({ columns, label: 'click' }, { ...cols, click });
}

/** Small, fast settings for tests: the BARS protocol with a narrow tower. */
export const SMALL = {
  hiddenUnits: [32, 32],
  batchSize: 256,
  maxEpochs: 6,
  evalBatchSize: 1024,
} as const;

/** A tiny CSV reader for the literal inputs of bad-inputs.md (no quotes; '' is missing). */
export function csv(text: string, label: string | null = null): Dataset {
  const [head, ...lines] = text.trim().split('\n');
  const names = head.split(',');
  const rows = lines.map((line) =>
    Object.fromEntries(line.split(',').map((v, i) => [names[i], v])),
  );
  return datasetFromRows(rows, { label });
}
