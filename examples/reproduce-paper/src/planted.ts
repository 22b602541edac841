import { Rng } from '@synthctr/runtime';
import { type CodedColumnSchema, Dataset } from '@synthctr/tabular-schema';

/** Field cardinalities of the planted table: a small Frappe look-alike. */
export const PLANTED_CARDINALITIES = [60, 240, 7, 7, 2, 3, 9, 30];

/**
 * A seeded CTR-like table with a planted signal: each category of each field has a weight,
 * the first two fields interact, and the label is Bernoulli(sigmoid(sum - 1)). It stands in for
 * Frappe in tests that must run without the real data (which may not be redistributed).
 */
export function plantedCtrTable(rows: number, seed = 2021): Dataset {
  const rng = new Rng(seed);
  const weights = PLANTED_CARDINALITIES.map((k) =>
    Float64Array.from({ length: k }, () => rng.normal(0, 1)),
  );
  const pair = Float64Array.from({ length: PLANTED_CARDINALITIES[0] * 4 }, () =>
    rng.normal(0, 1.5),
  );
  const popularity = PLANTED_CARDINALITIES.map((k) =>
    Float64Array.from({ length: k }, (_, i) => 1 / (i + 1) ** 0.8),
  );
  const codes = PLANTED_CARDINALITIES.map(() => new Int32Array(rows));
  const label = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let logit = -1;
    PLANTED_CARDINALITIES.forEach((_, f) => {
      const c = rng.categorical(popularity[f]);
      codes[f][r] = c;
      logit += weights[f][c] * (f < 2 ? 1.2 : 0.6);
    });
    logit += pair[codes[0][r] * 4 + (codes[1][r] % 4)];
    label[r] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  const columns: CodedColumnSchema[] = PLANTED_CARDINALITIES.map((k, f) => ({
    name: `f${f}`,
    kind: 'categorical',
    categories: Array.from({ length: k }, (_, i) => i),
  }));
  columns.push({ name: 'label', kind: 'categorical', categories: [0, 1] });
  const arrays: Record<string, Int32Array> = { label };
  columns.forEach((c, f) => {
    if (c.name !== 'label') arrays[c.name] = codes[f];
  });
  return Dataset.fromColumns({ columns, label: 'label' }, arrays);
}
