import type { Dataset } from '../dataset.js';
import { datasetFromRows } from '../infer.js';

/**
 * Known answers shared by several packages' tests: the bad-inputs table B17 and Frappe's
 * field names.
 */

/** B17's rows: `visits` takes integers 0..5, `spend` has at most two decimals in [0, 95.5]. */
const B17_ROWS: readonly (readonly [number, number])[] = [
  [0, 0.0],
  [1, 12.5],
  [0, 0.0],
  [3, 40.0],
  [2, 18.0],
  [0, 0.0],
  [5, 95.5],
  [1, 7.25],
];

/**
 * The bad-inputs table B17 (integers must stay integers, bounds and decimals must hold): eight
 * rows of `visits` (kind integer) and `spend` (kind float), no label.
 */
export function b17Table(): Dataset {
  return datasetFromRows(
    B17_ROWS.map(([visits, spend]) => ({ visits, spend })),
    { kinds: { visits: 'integer', spend: 'float' } },
  );
}

/** Frappe's ten fields in file order (shared/data/README.md), without the label. */
export const FRAPPE_FIELD_NAMES: readonly string[] = [
  'user',
  'item',
  'daytime',
  'weekday',
  'isweekend',
  'homework',
  'cost',
  'weather',
  'country',
  'city',
];
