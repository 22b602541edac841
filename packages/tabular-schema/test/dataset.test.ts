import { Rng } from '@synthctr/runtime';
import { describe, expect, it } from 'vitest';
import { Dataset, datasetFromRows, pooledSplit, stratifiedSplit } from '../src/index.js';

const rows = [
  { color: 'red', size: 1, price: 1.5, label: 1 },
  { color: 'blue', size: 2, price: 2.25, label: 0 },
  { color: '', size: 3, price: 3, label: 0 },
  { color: 'red', size: 1, price: 4, label: 1 },
];

describe('Dataset', () => {
  it('infers kinds, keeps missing as its own level, and round-trips rows', () => {
    const d = datasetFromRows(rows, { label: 'label' });
    expect(d.schema.columns.map((c) => c.kind)).toEqual([
      'categorical',
      'integer',
      'float',
      'categorical',
    ]);
    expect(d.columnSchema('color')).toMatchObject({ categories: ['red', 'blue', null] });
    expect(d.columnSchema('price')).toMatchObject({ min: 1.5, max: 4, digits: 2 });
    expect(d.row(2)).toEqual({ color: null, size: 3, price: 3, label: 0 });
    expect(d.filterByLabel(1).nRows).toBe(2);
  });

  it('concatenates tables with different category lists by value', () => {
    const a = datasetFromRows([{ c: 'x' }, { c: 'y' }]);
    const b = datasetFromRows([{ c: 'z' }, { c: 'x' }]);
    const ab = a.concat(b);
    expect(ab.toRows().map((r) => r.c)).toEqual(['x', 'y', 'z', 'x']);
    expect(ab.columnSchema('c')).toMatchObject({ categories: ['x', 'y', 'z'] });
  });

  it('rejects codes outside the category list, naming the column and row', () => {
    expect(() =>
      Dataset.fromColumns(
        { columns: [{ name: 'c', kind: 'categorical', categories: ['a'] }], label: null },
        { c: Int32Array.from([0, 3]) },
      ),
    ).toThrow("column 'c' row 1 has code 3, outside 0..0 (1 categories)");
  });

  it('splits by the frappe-pooled modulo rule and stratifies with a seed', () => {
    const d = datasetFromRows(
      Array.from({ length: 25 }, (_, i) => ({ i: `r${i}`, label: i % 3 === 0 ? 1 : 0 })),
      {
        label: 'label',
        kinds: { i: 'categorical' },
      },
    );
    const { train, valid, test } = pooledSplit(d);
    expect([train.nRows, valid.nRows, test.nRows]).toEqual([19, 4, 2]);
    expect(test.toRows().map((r) => r.i)).toEqual(['r9', 'r19']);
    expect(valid.toRows().map((r) => r.i)).toEqual(['r7', 'r8', 'r17', 'r18']);
    const [a, b] = stratifiedSplit(d, [0.6, 0.4], new Rng(1));
    const [a2] = stratifiedSplit(d, [0.6, 0.4], new Rng(1));
    expect(a.toRows()).toEqual(a2.toRows());
    expect(a.nRows + b.nRows).toBe(25);
  });
});

describe('Dataset.dropUnusedCategories', () => {
  it('keeps only the categories that occur, in order, and the same decoded rows', () => {
    const d = datasetFromRows([{ c: 'a' }, { c: 'b' }, { c: 'c' }, { c: 'b' }]).select([1, 2, 3]);
    const compact = d.dropUnusedCategories();
    expect(compact.columnSchema('c')).toMatchObject({ categories: ['b', 'c'] });
    expect(compact.toRows()).toEqual(d.toRows());
  });
});

describe('resolveConditions', () => {
  it('suggests the nearest column name for a misspelt condition (B11)', async () => {
    const { resolveConditions } = await import('../src/index.js');
    const schema = datasetFromRows([{ column1: 1.5, column2: 'a' }]).schema;
    expect(() => resolveConditions(schema, 1, { colum2: 'a' })).toThrow(
      "sample: the condition names column 'colum2', which the model was not fitted on; columns: column1, column2 (did you mean 'column2'?).",
    );
    expect(() => resolveConditions(schema, 1, { zzz: 'a' })).toThrow(
      /columns: column1, column2\.$/,
    );
  });

  it('puts all rows in one group for one value per column, and groups per-row values in order', async () => {
    const { resolveConditions } = await import('../src/index.js');
    const schema = datasetFromRows([
      { c: 'a', d: 'x' },
      { c: 'b', d: 'y' },
    ]).schema;
    expect(resolveConditions(schema, 3, { c: 'b', d: 'x' })).toEqual([
      { codes: { c: 1, d: 0 }, rows: [0, 1, 2] },
    ]);
    expect(resolveConditions(schema, 0, { c: 'b' })).toEqual([]);
    expect(resolveConditions(schema, 4, { c: 'a', d: ['y', 'x', 'y', 'y'] })).toEqual([
      { codes: { c: 0, d: 1 }, rows: [0, 2, 3] },
      { codes: { c: 0, d: 0 }, rows: [1] },
    ]);
  });
});
