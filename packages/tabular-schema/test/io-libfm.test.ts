import { describe, expect, it } from 'vitest';
import {
  type CodedColumnSchema,
  DataSourceError,
  datasetFromRows,
  fromArquero,
  type LibfmField,
  libfmToDatasets,
  parseLibfm,
  readLibfm,
  toArquero,
} from '../src/index.js';

const FIELDS: LibfmField[] = [
  { name: 'user', first: 0, last: 9 },
  { name: 'item', first: 10, last: 19 },
  { name: 'hour', first: 20, last: 23 },
];

describe('readLibfm', () => {
  it('reads labels as 0/1 and each field as its feature index, categories ascending', () => {
    const text = '1 3:1 12:1 21:1\r\n-1 1:1 10:1 23:1\r\n\r\n-1 3:1 19:1 20:1.0\r\n';
    const data = readLibfm(text, { fields: FIELDS });
    expect(data.columnNames).toEqual(['label', 'user', 'item', 'hour']);
    expect(data.label).toBe('label');
    expect(data.schema.columns.every((c) => c.kind === 'categorical')).toBe(true);
    expect((data.columnSchema('label') as CodedColumnSchema).categories).toEqual([0, 1]);
    expect((data.columnSchema('user') as CodedColumnSchema).categories).toEqual([1, 3]);
    expect((data.columnSchema('item') as CodedColumnSchema).categories).toEqual([10, 12, 19]);
    expect(data.toRows()).toEqual([
      { label: 1, user: 3, item: 12, hour: 21 },
      { label: 0, user: 1, item: 10, hour: 23 },
      { label: 0, user: 3, item: 19, hour: 20 },
    ]);
  });

  it('gives parts read together one schema, so their codes agree', () => {
    const a = parseLibfm('1 5:1 15:1 22:1\n', FIELDS);
    const b = parseLibfm('0 2:1 15:1 20:1\n', FIELDS);
    const [da, db] = libfmToDatasets([a, b], FIELDS);
    expect(da.schema).toBe(db.schema);
    expect((da.columnSchema('user') as CodedColumnSchema).categories).toEqual([2, 5]);
    expect(da.codes('user')[0]).toBe(1);
    expect(db.codes('user')[0]).toBe(0);
  });

  it.each([
    [
      '2 3:1 12:1 21:1',
      'line 1 starts with the label "2"; expected 1, +1, 0 or -1 ("2 3:1 12:1 21:1").',
    ],
    [
      '1 3:0.5 12:1 21:1',
      'line 1 gives feature 3 the value 0.5; only one-hot features (value 1) are supported',
    ],
    ['1 3:1 12:1 21:1 40:1', 'line 1 has feature index 40, which is in no field of the field map'],
    ['1 3:1 4:1 12:1 21:1', "line 1 has two features of field 'user'"],
    ['1 3:1 21:1', "line 1 has no feature of field 'item'; every row needs one per field"],
    ['1 3:1 x12:1 21:1', 'line 1 has the feature "x12:1"; expected INDEX:VALUE'],
    ['1 3:1 12 21:1', 'line 1 has the feature "12"; expected INDEX:VALUE'],
  ])('refuses %j with a message naming the line', (line, message) => {
    expect(() => readLibfm(`${line}\n`, { fields: FIELDS })).toThrow(DataSourceError);
    expect(() => readLibfm(`${line}\n`, { fields: FIELDS })).toThrow(`readLibfm: ${message}`);
  });

  it('refuses overlapping field blocks and a field named like the label', () => {
    expect(() =>
      readLibfm('1 0:1\n', {
        fields: [
          { name: 'a', first: 0, last: 5 },
          { name: 'b', first: 5, last: 6 },
        ],
      }),
    ).toThrow("readLibfm: feature index 5 is in both 'a' and 'b'; the blocks must not overlap.");
    expect(() => readLibfm('1 0:1\n', { fields: [{ name: 'label', first: 0, last: 1 }] })).toThrow(
      "readLibfm: a field is named 'label' like the label; rename one of them.",
    );
  });
});

describe('arquero tables', () => {
  const data = datasetFromRows(
    [
      { city: 'A', visits: 3, spend: 1.5, at: new Date(Date.UTC(2024, 0, 1)) },
      { city: null, visits: 7, spend: null, at: null },
      { city: 'B', visits: 1, spend: 2.25, at: new Date(Date.UTC(2024, 0, 3)) },
    ],
    { kinds: { visits: 'integer' } },
  );

  it('go out with decoded values: categories, null where missing, Dates', () => {
    const t = toArquero(data);
    expect(t.columnNames()).toEqual(['city', 'visits', 'spend', 'at']);
    expect(t.numRows()).toBe(3);
    expect(Array.from(t.array('city'))).toEqual(['A', null, 'B']);
    expect(Array.from(t.array('spend'))).toEqual([1.5, null, 2.25]);
    expect(t.get('at', 2)).toEqual(new Date(Date.UTC(2024, 0, 3)));
  });

  it('come back in with the same rows and kinds', () => {
    const back = fromArquero(toArquero(data), { kinds: { visits: 'integer' } });
    expect(back.schema.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([
      'city:categorical',
      'visits:integer',
      'spend:float',
      'at:datetime',
    ]);
    expect(back.toRows()).toEqual(data.toRows());
  });
});
