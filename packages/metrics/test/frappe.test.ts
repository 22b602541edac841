/**
 * The table metrics on the real Frappe rows (frappe-pooled protocol, shared/data/README.md),
 * read at run time from ../shared/data and skipped when it is absent. The expected figures
 * were computed independently with NumPy (a full 8,658 x 60,608 mismatch matrix), not with
 * this package. This file does not check model quality, only the metrics.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadFrappe } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { distanceToClosestRecord, duplicateRows, identicalRows } from '../src/index.js';
import { SHARED_DATA } from './helpers.js';

const dir = fileURLToPath(new URL('frappe/', SHARED_DATA));
const present =
  existsSync(`${dir}frappe.validation.libfm`) && existsSync(`${dir}frappe.test.libfm`);

/** The frappe-pooled split, read from the local files (tabular-schema's loader). */
const readPooled = () => loadFrappe({ split: 'pooled', dataDir: dir, download: false });

describe.skipIf(!present)('[slow] metrics on frappe-pooled (real rows, read at run time)', () => {
  it('finds the one validation row that repeats a train row, and no duplicates in train', async () => {
    const { train, valid, test } = await readPooled();
    expect([train.nRows, valid.nRows, test.nRows]).toEqual([60_608, 17_316, 8_658]);
    expect(identicalRows(train, valid)).toMatchObject({
      identicalRows: 1,
      distinctRealRowsReproduced: 1,
    });
    expect(identicalRows(train, test).identicalRows).toBe(0);
    expect(duplicateRows(train)).toMatchObject({ rows: 60_608, duplicateRows: 0 });
  });

  it('gives the exact DCR of test to train: 6372 rows at 1/11, 2208 at 2/11, 74 at 3/11, 4 at 4/11', async () => {
    const { train, test } = await readPooled();
    const r = distanceToClosestRecord(train, test);
    const counts = [0, 0, 0, 0, 0];
    for (const d of r.distances) counts[Math.round(d * 11)] += 1;
    expect(counts).toEqual([0, 6372, 2208, 74, 4]);
    expect(r.median).toBe(1 / 11);
    expect(r.p5).toBe(1 / 11);
    expect(r.mean).toBeCloseTo(0.11577311577311578, 12);
    expect(r.subsampled).toBe(false);
  });
});
