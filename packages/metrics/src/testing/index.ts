import type { Rng } from '@synthctr/runtime/light';
import {
  type CodedColumnSchema,
  Dataset,
  FRAPPE_FIELDS,
  FRAPPE_LABEL,
} from '@synthctr/tabular-schema';

/**
 * Seeded stand-ins for Frappe-shaped tables, for tests and benchmarks of the table metrics
 * (never real data): the ten Frappe fields plus the label, with Frappe's cardinalities,
 * skewed (Zipf-like) users and items, and country/city tied to the user and cost to the item.
 */

/** Field names and cardinalities of Frappe (tabular-schema's FRAPPE_FIELDS), label last. */
const FRAPPE_LIKE_FIELDS: readonly (readonly [string, number])[] = [
  ...FRAPPE_FIELDS.map(({ name, first, last }) => [name, last - first + 1] as const),
  [FRAPPE_LABEL, 2],
];

function zipfTable(k: number, s: number): Float64Array {
  const cum = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    total += 1 / (i + 1) ** s;
    cum[i] = total;
  }
  return cum.map((c) => c / total);
}

function drawFrom(cum: Float64Array, rng: Rng): number {
  const u = rng.next();
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function frappeSchema(): CodedColumnSchema[] {
  return FRAPPE_LIKE_FIELDS.map(([name, k]) => ({
    name,
    kind: 'categorical' as const,
    categories: Array.from({ length: k }, (_, i) => i),
  }));
}

/** Draws one column value of a Frappe-like row given the user and item. */
function drawField(j: number, user: number, item: number, rng: Rng, cums: Float64Array[]): number {
  const name = FRAPPE_LIKE_FIELDS[j][0];
  if (name === 'country') return rng.next() < 0.9 ? user % 80 : drawFrom(cums[j], rng);
  if (name === 'city') return rng.next() < 0.9 ? (user * 7) % 233 : drawFrom(cums[j], rng);
  if (name === 'cost') return item % 10 === 0 ? 1 : 0;
  if (name === FRAPPE_LABEL) return rng.next() < 1 / 3 ? 1 : 0;
  return drawFrom(cums[j], rng);
}

/** A seeded Frappe-like table of `n` rows (all columns categorical, codes = categories). */
export function frappeLikeTable(n: number, rng: Rng): Dataset {
  const cums = FRAPPE_LIKE_FIELDS.map(([, k]) => zipfTable(k, k > 50 ? 1.1 : 0.6));
  const cols = FRAPPE_LIKE_FIELDS.map(() => new Int32Array(n));
  for (let i = 0; i < n; i++) {
    const user = drawFrom(cums[0], rng);
    const item = drawFrom(cums[1], rng);
    cols[0][i] = user;
    cols[1][i] = item;
    for (let j = 2; j < FRAPPE_LIKE_FIELDS.length; j++)
      cols[j][i] = drawField(j, user, item, rng, cums);
  }
  const arrays = Object.fromEntries(FRAPPE_LIKE_FIELDS.map(([name], j) => [name, cols[j]]));
  return Dataset.fromColumns({ columns: frappeSchema(), label: FRAPPE_LABEL }, arrays);
}

/**
 * `n` rows made from random rows of `real`, each with `changes[i]` distinct columns
 * replaced by a different category, so row i is at most `changes[i]` mismatches from a real
 * row (exactly that many from the row it came from). Changes are drawn uniformly from
 * 0..maxChanges.
 */
export function perturbedCopies(
  real: Dataset,
  n: number,
  maxChanges: number,
  rng: Rng,
): { table: Dataset; source: Int32Array; changes: Int32Array } {
  const names = real.columnNames;
  const codes = names.map((c) => real.codes(c));
  const sizes = names.map((c) => (real.columnSchema(c) as CodedColumnSchema).categories.length);
  const out = names.map(() => new Int32Array(n));
  const source = new Int32Array(n);
  const changes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.int(real.nRows);
    source[i] = r;
    for (let j = 0; j < names.length; j++) out[j][i] = codes[j][r];
    const k = rng.int(maxChanges + 1);
    changes[i] = k;
    const order = rng.permutation(names.length);
    for (let c = 0; c < k; c++) {
      const j = order[c];
      out[j][i] = (codes[j][r] + 1 + rng.int(sizes[j] - 1)) % sizes[j];
    }
  }
  const arrays = Object.fromEntries(names.map((c, j) => [c, out[j]]));
  return { table: Dataset.fromColumns(real.schema, arrays), source, changes };
}
