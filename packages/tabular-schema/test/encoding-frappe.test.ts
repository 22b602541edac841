import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CodedColumnSchema,
  type ColumnKind,
  datasetFromRows,
  FixedCombinations,
  inferKind,
  oneHotLayout,
  pooledSplit,
} from '../src/index.js';
import { FRAPPE_FIELD_NAMES } from '../src/testing/index.js';

// The real data is read at run time from ../shared/data (relative to the repo root), never
// copied; without it these tests are skipped.
const DIR = resolve(import.meta.dirname, '../../../../shared/data/frappe/frappe_x1');
const present = existsSync(resolve(DIR, 'valid.csv')) && existsSync(resolve(DIR, 'test.csv'));
const FIELDS = FRAPPE_FIELD_NAMES;

function readPooled(): Record<string, number>[] {
  const rows: Record<string, number>[] = [];
  for (const file of ['valid.csv', 'test.csv']) {
    const [header, ...lines] = readFileSync(resolve(DIR, file), 'utf8').trim().split('\n');
    const names = header.split(',');
    for (const line of lines) {
      const cells = line.split(',');
      rows.push(Object.fromEntries(names.map((n, j) => [n, Number(cells[j])])));
    }
  }
  return rows;
}

describe.skipIf(!present)('Frappe-pooled (real data, read at run time)', () => {
  const rows = present ? readPooled() : [];
  const kinds = Object.fromEntries(
    ['label', ...FIELDS].map((f) => [f, 'categorical' as ColumnKind]),
  );
  const data = present ? datasetFromRows(rows, { label: 'label', kinds }) : null;

  it('SDV-style inference makes user, item, country and city numeric, as algorithms.md says', () => {
    const guessed = FIELDS.map((f) => [
      f,
      inferKind(
        f,
        rows.map((r) => r[f]),
      ),
    ]);
    expect(Object.fromEntries(guessed)).toEqual({
      user: 'integer',
      item: 'integer',
      daytime: 'categorical',
      weekday: 'categorical',
      isweekend: 'categorical',
      homework: 'categorical',
      cost: 'categorical',
      weather: 'categorical',
      country: 'integer',
      city: 'integer',
    });
  });

  it('the one-hot of all ten fields of the pooled train split passes the default caps', () => {
    const { train } = pooledSplit(data!);
    expect(train.nRows).toBe(60_608);
    const layout = oneHotLayout(train.schema, FIELDS, { rows: train.nRows });
    const levels = FIELDS.map(
      (f) => (train.columnSchema(f) as CodedColumnSchema).categories.length,
    );
    expect(layout.width).toBe(levels.reduce((a, b) => a + b, 0));
    expect(layout.width).toBeLessThanOrEqual(5382);
    expect(layout.spans[1]).toMatchObject({ column: 'item', start: levels[0] });
  });

  it('[slow] learns the seen (country, city) pairs of train and flags exactly the unseen ones in test', () => {
    const { train, test } = pooledSplit(data!);
    const fitted = new FixedCombinations({ columns: ['country', 'city'] }).fit(train);
    const seen = new Set(train.toRows().map((r) => `${r.country}/${r.city}`));
    expect(fitted.size).toBe(seen.size);
    const unseen = test.toRows().filter((r) => !seen.has(`${r.country}/${r.city}`)).length;
    expect(fitted.countInvalid(test)).toBe(unseen);
    const merged = fitted.merge(train);
    expect(merged.columnNames).toEqual(['label', ...FIELDS.slice(0, -2), 'country+city']);
    expect(fitted.split(merged, train.schema).toRows().slice(0, 500)).toEqual(
      train.toRows().slice(0, 500),
    );
  });
});
