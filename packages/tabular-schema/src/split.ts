import type { Rng } from '@synthctr/runtime/light';
import type { Dataset } from './dataset.js';
import { SchemaError } from './errors.js';

/**
 * Splits by row number: row i goes to the part `assign(i mod modulus)` names. The
 * frappe-pooled protocol is `moduloSplit(d, 10, (r) => r < 7 ? 'train' : r < 9 ? 'valid' : 'test')`.
 */
export function moduloSplit<K extends string>(
  data: Dataset,
  modulus: number,
  assign: (remainder: number) => K,
): Record<K, Dataset> {
  const parts = new Map<K, number[]>();
  for (let r = 0; r < modulus; r++) {
    const k = assign(r);
    if (!parts.has(k)) parts.set(k, []);
  }
  for (let i = 0; i < data.nRows; i++) parts.get(assign(i % modulus))!.push(i);
  const out = {} as Record<K, Dataset>;
  for (const [k, rows] of parts) out[k] = data.select(rows);
  return out;
}

/** The frappe-pooled split of shared/data/README.md: i mod 10 < 7 train, 7-8 valid, 9 test. */
export function pooledSplit(data: Dataset): { train: Dataset; valid: Dataset; test: Dataset } {
  return moduloSplit(data, 10, (r) => (r < 7 ? 'train' : r < 9 ? 'valid' : 'test'));
}

/**
 * A seeded split that keeps the label balance: within each label value the rows are shuffled
 * and cut by `fractions` (which must sum to 1); parts keep the original row order.
 */
export function stratifiedSplit(data: Dataset, fractions: readonly number[], rng: Rng): Dataset[] {
  const total = fractions.reduce((s, f) => s + f, 0);
  if (fractions.some((f) => !(f >= 0)) || Math.abs(total - 1) > 1e-9) {
    throw new SchemaError(
      `stratifiedSplit: fractions must be non-negative and sum to 1, got [${fractions.join(', ')}].`,
    );
  }
  const groups = new Map<number, number[]>();
  const labels = data.label === null ? null : data.labelCodes();
  for (let i = 0; i < data.nRows; i++) {
    const g = labels ? labels[i] : 0;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(i);
  }
  const parts: number[][] = fractions.map(() => []);
  for (const g of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(groups.get(g)!);
    let start = 0;
    let cum = 0;
    fractions.forEach((f, p) => {
      cum += f;
      const end = p === fractions.length - 1 ? rows.length : Math.round(cum * rows.length);
      parts[p].push(...rows.slice(start, end));
      start = end;
    });
  }
  return parts.map((rows) => data.select(rows.sort((a, b) => a - b)));
}
