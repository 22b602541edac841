import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CodedColumnSchema,
  DataSourceError,
  type Dataset,
  loadAvazuSample,
  loadCriteoSample,
  loadDataset,
  loadMovielens100k,
  MOVIELENS_COLUMNS,
  readCsv,
} from '../src/index.js';

/** The real datasets, read at run time from ../shared/data (never copied into the repository). */
const DATA = resolve(import.meta.dirname, '../../..', '../shared/data');
const ML_DIR = join(DATA, 'movielens-100k');
const CRITEO_DIR = join(DATA, 'criteo-sample');
const AVAZU_DIR = join(DATA, 'avazu-sample');

const sum = (a: Int32Array) => a.reduce((s, v) => s + v, 0);

describe.skipIf(!existsSync(join(ML_DIR, 'u.data')))('MovieLens 100K', () => {
  let once: Dataset | undefined;
  const movies = () => {
    once ??= loadMovielens100k({ dataDir: ML_DIR });
    return once;
  };

  it('has 100,000 rows, 55,375 clicks at rating >= 4 and 21,201 at rating 5', () => {
    const data = movies();
    expect(data.nRows).toBe(100_000);
    expect(sum(data.labelCodes())).toBe(55_375);
    expect(sum(loadMovielens100k({ dataDir: ML_DIR, threshold: 5 }).labelCodes())).toBe(21_201);
    expect(data.columnNames).toEqual([...MOVIELENS_COLUMNS]);
    expect(data.schema.columns.every((c) => c.kind === 'categorical')).toBe(true);
    const size = (n: string) => (data.columnSchema(n) as CodedColumnSchema).categories.length;
    expect([size('user'), size('item'), size('gender'), size('occupation')]).toEqual([
      943, 1682, 2, 21,
    ]);
  });

  it('builds the first row from u.data line 1 (196 242 3 881250949) and its user and movie', () => {
    const data = movies();
    // user 196: 49, M, writer, 55105; movie 242: Kolya (1996), Comedy; 1997-12-04 15:55:49 UTC.
    expect(data.row(0)).toEqual({
      label: 0,
      user: 196,
      item: 242,
      age: '45-49',
      gender: 'M',
      occupation: 'writer',
      zip: '5',
      genre: 'Comedy',
      year: '1990s',
      weekday: 'Thu',
      hour: 15,
    });
  });

  it('splits by row number with the modulo rule: 70,000 / 20,000 / 10,000', async () => {
    const loaded = await loadDataset('movielens-100k', { dataDir: ML_DIR });
    expect(loaded.protocol).toBe('movielens-100k-modulo');
    expect(Object.fromEntries(Object.entries(loaded.parts).map(([k, d]) => [k, d.nRows]))).toEqual({
      train: 70_000,
      valid: 20_000,
      test: 10_000,
    });
  });

  it('needs latin1 for u.item, and says so when read as UTF-8', () => {
    const bytes = readFileSync(join(ML_DIR, 'u.item'));
    expect(() => readCsv(bytes, { delimiter: '|', header: false })).toThrow(
      /^readCsv: the input is not valid UTF-8: byte 0x[0-9a-f]{2} at offset \d+ cannot start or continue a character\. Pass the file's real encoding, for example \{ encoding: 'latin1' \} for ISO-8859-1\.$/,
    );
    const items = readCsv(bytes, {
      delimiter: '|',
      header: false,
      encoding: 'latin1',
      quote: '\u0001',
    });
    expect(items.nRows).toBe(1_682);
    expect(items.columnNames).toHaveLength(24);
    const titles = (items.columnSchema('column2') as CodedColumnSchema).categories as string[];
    expect(titles.some((t) => /[é]/.test(t))).toBe(true);
  });
});

describe('MovieLens without a folder', () => {
  it('explains that it is never downloaded and how to pass the folder', () => {
    expect(() => loadMovielens100k()).toThrow(DataSourceError);
    expect(() => loadMovielens100k()).toThrow(
      'loadMovielens100k: no data folder given. MovieLens 100K may not be redistributed, so synthctr ' +
        'never downloads it: get https://files.grouplens.org/datasets/movielens/ml-100k.zip, unzip it ' +
        'and pass the folder with u.data, u.user and u.item as dataDir (the CLIs take --data-dir).',
    );
  });
});

describe.skipIf(!existsSync(CRITEO_DIR))('the Criteo sample', () => {
  it('has 200 rows, 49 clicks, 13 integer and 26 categorical features with missing levels', () => {
    const data = loadCriteoSample({ dataDir: CRITEO_DIR });
    expect(data.nRows).toBe(200);
    expect(data.columnNames).toHaveLength(40);
    expect(sum(data.labelCodes())).toBe(49);
    expect(data.schema.columns.filter((c) => c.kind === 'integer')).toHaveLength(13);
    expect(data.schema.columns.filter((c) => c.kind === 'categorical')).toHaveLength(27);
    expect(data.row(0).I1).toBeNull();
    expect(data.row(0).I3).toBe(260);
    expect((data.columnSchema('C26') as CodedColumnSchema).categories).toContain(null);
  });
});

describe.skipIf(!existsSync(AVAZU_DIR))('the Avazu sample', () => {
  it('has 100 rows, 20 clicks, ids kept exactly as text, every other column categorical', () => {
    const data = loadAvazuSample({ dataDir: AVAZU_DIR });
    expect(data.nRows).toBe(100);
    expect(data.label).toBe('click');
    expect(sum(data.labelCodes())).toBe(20);
    expect(data.columnSchema('id').kind).toBe('id');
    expect(data.row(0).id).toBe('1000009418151094273');
    expect(data.row(0).hour).toBe(14102100);
    const kinds = data.schema.columns.filter((c) => c.name !== 'id').map((c) => c.kind);
    expect(new Set(kinds)).toEqual(new Set(['categorical']));
  });
});

describe('loadDataset', () => {
  it('refuses an unknown dataset or split, listing the known ones', async () => {
    await expect(loadDataset('mnist' as never)).rejects.toThrow(
      "loadDataset: unknown dataset 'mnist'; expected one of frappe, movielens-100k, criteo-sample, avazu-sample.",
    );
    await expect(loadDataset('frappe', { split: 'random' })).rejects.toThrow(
      "loadDataset: frappe has no split 'random'; expected one of pooled, official.",
    );
  });

  it.skipIf(!existsSync(CRITEO_DIR))(
    'returns a sample whole, or split by the modulo rule',
    async () => {
      const all = await loadDataset('criteo-sample', { dataDir: CRITEO_DIR });
      expect(all.protocol).toBe('criteo-sample');
      expect(all.parts.all.nRows).toBe(200);
      const split = await loadDataset('criteo-sample', { dataDir: CRITEO_DIR, split: 'modulo' });
      expect([split.parts.train.nRows, split.parts.valid.nRows, split.parts.test.nRows]).toEqual([
        140, 40, 20,
      ]);
    },
  );
});
