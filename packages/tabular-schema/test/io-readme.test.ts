import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDataset, loadFrappe, readCsv, resolveConditions, writeCsv } from '../src/index.js';
import {
  FRAPPE_FIELD_NAMES,
  readmeBlocks,
  readmeRegion,
  stripImports,
} from '../src/testing/index.js';

/**
 * The README's two code blocks on readers and datasets, run here. Each test checks first that
 * its marked region is the README block (less the import line), so the two cannot drift.
 */
const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const DATA = resolve(REPO_ROOT, '../shared/data');

const README = resolve(import.meta.dirname, '../README.md');

/** README block `i` less its import line, and the region `name` of this file. */
const block = (i: number): string => stripImports(readmeBlocks(README)[i]);
const region = (name: string): string => readmeRegion(import.meta.filename, name);

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

describe('the README examples', () => {
  it('reading and writing: the code runs and gives what its comments state', () => {
    expect(region('csv')).toBe(block(0));
    // README:csv:start
    const text = 'age, sex, city\r\n39, Male, "Paris, FR"\r\n\r\n50, Female,\r\n';
    const data = readCsv(text, { label: 'sex' });
    // data.columnNames: ['age', 'sex', 'city']; age is integer, sex and city categorical
    // data.toRows(): [{ age: 39, sex: 'Male', city: 'Paris, FR' },
    //                 { age: 50, sex: 'Female', city: null }]
    const groups = resolveConditions(data.schema, 2, { sex: 'Male' });
    // groups: [{ codes: { sex: 0 }, rows: [0, 1] }]
    const csv = writeCsv(data);
    // csv: 'age,sex,city\n39,Male,"Paris, FR"\n50,Female,\n'
    // README:csv:end
    expect(data.columnNames).toEqual(['age', 'sex', 'city']);
    expect(data.schema.columns.map((c) => c.kind)).toEqual([
      'integer',
      'categorical',
      'categorical',
    ]);
    expect(data.toRows()).toEqual([
      { age: 39, sex: 'Male', city: 'Paris, FR' },
      { age: 50, sex: 'Female', city: null },
    ]);
    expect(groups).toEqual([{ codes: { sex: 0 }, rows: [0, 1] }]);
    expect(csv).toBe('age,sex,city\n39,Male,"Paris, FR"\n50,Female,\n');
  });

  it.skipIf(!existsSync(resolve(DATA, 'frappe')) || !existsSync(resolve(DATA, 'movielens-100k')))(
    'datasets: the code runs from the repository root and gives the stated sizes',
    async () => {
      expect(region('datasets')).toBe(block(1));
      process.chdir(REPO_ROOT);
      // README:datasets:start
      const frappe = await loadFrappe({ split: 'pooled', dataDir: '../shared/data/frappe' });
      // frappe.protocol: 'frappe-pooled'
      // rows: train 60,608 (20,021 positive), valid 17,316 (5,667), test 8,658 (2,911)
      // frappe.train.columnNames: ['label', 'user', 'item', 'daytime', 'weekday', 'isweekend',
      //                            'homework', 'cost', 'weather', 'country', 'city']
      const movies = await loadDataset('movielens-100k', {
        dataDir: '../shared/data/movielens-100k',
      });
      // movies.protocol: 'movielens-100k-modulo'; movies.parts.train.nRows: 70,000
      // README:datasets:end
      const positives = (d: typeof frappe.train) => d.labelCodes().reduce((s, v) => s + v, 0);
      expect(frappe.protocol).toBe('frappe-pooled');
      expect([frappe.train.nRows, frappe.valid.nRows, frappe.test.nRows]).toEqual([
        60_608, 17_316, 8_658,
      ]);
      expect([positives(frappe.train), positives(frappe.valid), positives(frappe.test)]).toEqual([
        20_021, 5_667, 2_911,
      ]);
      expect(frappe.train.columnNames).toEqual(['label', ...FRAPPE_FIELD_NAMES]);
      expect(movies.protocol).toBe('movielens-100k-modulo');
      expect(movies.parts.train.nRows).toBe(70_000);
    },
  );
});
