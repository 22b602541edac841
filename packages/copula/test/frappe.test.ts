import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type Dataset,
  FixedCombinations,
  type FrappeData,
  loadFrappe,
} from '@synthctr/tabular-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { GaussianCopula } from '../src/index.js';

/** Frappe, read at run time from ../shared/data/frappe (relative to the repo root), never copied. */
const FRAPPE_DIR = resolve(import.meta.dirname, '../../..', '../shared/data/frappe');
const present = existsSync(resolve(FRAPPE_DIR, 'frappe.validation.libfm'));

/** Synthetic rows identical to some real row (every column compared, by code). */
function identicalRows(real: Dataset, synthetic: Dataset): number {
  const key = (d: Dataset, i: number): string => d.columnNames.map((c) => d.codes(c)[i]).join(',');
  const seen = new Set(Array.from({ length: real.nRows }, (_, i) => key(real, i)));
  let count = 0;
  for (let i = 0; i < synthetic.nRows; i++) if (seen.has(key(synthetic, i))) count += 1;
  return count;
}

describe.skipIf(!present)('Frappe (frappe-pooled train, 60,608 rows)', () => {
  let data: FrappeData;
  beforeAll(async () => {
    data = await loadFrappe({ split: 'pooled', dataDir: FRAPPE_DIR, download: false });
  });

  it('[slow] fits, samples 60,000 rows with few copies of real rows and exact label conditions', async () => {
    const model = new GaussianCopula({
      seed: 0,
      constraints: [new FixedCombinations({ columns: ['country', 'city'] })],
    });
    const report = await model.fit(data.train);
    expect(report.notices).toEqual([]);
    const out = await model.sample(60000);
    expect(out.nRows).toBe(60000);
    // The paper's Table 1 reports 30 identical rows for the Gaussian Copula on the 202k split.
    expect(identicalRows(data.train, out)).toBeLessThan(30);
    const negatives = await model.sample(20000, { conditions: { label: 0 } });
    expect(negatives.labelCodes().every((c) => c === 0)).toBe(true);
    const fitted = new FixedCombinations({ columns: ['country', 'city'] }).fit(data.train);
    expect(fitted.countInvalid(out)).toBe(0);
  });
});
