import { Rng } from '@synthctr/runtime/light';
import {
  type CategoryValue,
  Dataset,
  datasetFromRows,
  type Schema,
} from '@synthctr/tabular-schema';

/** Rows of a small CSV literal (no quoting), every value kept as a string. */
export function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

/** A categorical table from a CSV literal, with `label` as the label column. */
export function csvDataset(text: string, label = 'label'): Dataset {
  const rows = csvRows(text);
  const kinds = Object.fromEntries(Object.keys(rows[0]).map((n) => [n, 'categorical' as const]));
  return datasetFromRows(rows, { label, kinds });
}

/**
 * A seeded all-categorical table: `cardinalities[f]` categories per feature drawn with Zipf
 * weights, a 0/1 label from a logistic model with per-category effects (about a third
 * positive), so the class posteriors vary across categories.
 */
export function syntheticTable(n: number, cardinalities: readonly number[], seed: number): Dataset {
  const rng = new Rng(seed);
  const codes = cardinalities.map(() => new Int32Array(n));
  const effects = cardinalities.map((k) =>
    Float64Array.from({ length: k }, () => rng.normal(0, 0.8)),
  );
  const weights = cardinalities.map((k) => Float64Array.from({ length: k }, (_, i) => 1 / (i + 1)));
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let logit = -0.9;
    cardinalities.forEach((_, f) => {
      const c = rng.categorical(weights[f]);
      codes[f][i] = c;
      logit += effects[f][c];
    });
    label[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  const columns = cardinalities.map((k, f) => ({
    name: `f${f}`,
    kind: 'categorical' as const,
    categories: Array.from({ length: k }, (_, i): CategoryValue => i),
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

/** Row counts per label value of a table. */
export function classSizes(data: Dataset): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < data.nRows; i++) {
    const v = String(data.value(i, data.label!));
    out[v] = (out[v] ?? 0) + 1;
  }
  return out;
}
