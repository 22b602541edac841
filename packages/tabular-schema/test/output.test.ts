import { initBackend, Rng } from '@synthctr/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDataset,
  type CodedColumnSchema,
  datasetFromRows,
  enforceNumeric,
  generateKeys,
  keyColumns,
  modelledColumns,
  type NumericColumnSchema,
  SchemaError,
} from '../src/index.js';
import { b17Table } from '../src/testing/index.js';
import { MarginalBootstrap } from './fixtures/marginal-bootstrap.js';

function b17(): { visits: NumericColumnSchema; spend: NumericColumnSchema } {
  const d = b17Table();
  return {
    visits: d.columnSchema('visits') as NumericColumnSchema,
    spend: d.columnSchema('spend') as NumericColumnSchema,
  };
}

describe('enforceNumeric (B17)', () => {
  it('clips to the learned bounds, rounds to the learned digits, keeps integers integral', () => {
    const { visits, spend } = b17();
    expect(Array.from(enforceNumeric(visits, [-0.4, 2.5, 3.49, 7.2, Number.NaN]))).toEqual([
      0,
      3,
      3,
      5,
      Number.NaN,
    ]);
    expect(Array.from(enforceNumeric(spend, [-3, 12.3456, 95.499, 120, 0.005]))).toEqual([
      0, 12.35, 95.5, 95.5, 0.01,
    ]);
  });

  it('over 500 noisy draws: visits integral in [0, 5], spend in [0, 95.5] with at most 2 decimals', () => {
    const { visits, spend } = b17();
    const rng = new Rng(17);
    const v = enforceNumeric(visits, rng.fillNormal(new Float64Array(500), 2, 4));
    const s = enforceNumeric(spend, rng.fillNormal(new Float64Array(500), 20, 60));
    expect(v.every((x) => Number.isInteger(x) && x >= 0 && x <= 5)).toBe(true);
    expect(s.every((x) => x >= 0 && x <= 95.5 && Math.round(x * 100) / 100 === x)).toBe(true);
    expect(s.some((x) => x === 0) && s.some((x) => x === 95.5)).toBe(true);
  });

  it('with bounds off may leave the range but keeps the integer type; rounding can be switched off', () => {
    const { visits, spend } = b17();
    expect(Array.from(enforceNumeric(visits, [-2.6, 9.4], { enforceBounds: false }))).toEqual([
      -3, 9,
    ]);
    expect(Array.from(enforceNumeric(spend, [12.3456], { enforceRounding: false }))).toEqual([
      12.3456,
    ]);
    expect(Array.from(enforceNumeric(visits, [2.6], { enforceRounding: false }))).toEqual([3]);
  });
});

describe('keys (B15)', () => {
  const rows = [
    { primary_key: 0, numerical_col: 1, categorical_col: 'a' },
    { primary_key: 1, numerical_col: 2, categorical_col: 'b' },
    { primary_key: 2, numerical_col: 3, categorical_col: 'a' },
  ];

  beforeAll(async () => {
    await initBackend();
  });

  it('infers the numeric primary key as an id and fills it with distinct integers after the max', async () => {
    const d = datasetFromRows(rows);
    expect(d.columnSchema('primary_key').kind).toBe('id');
    expect(keyColumns(d.schema)).toEqual(['primary_key']);
    expect(modelledColumns(d.schema)).toEqual(['numerical_col', 'categorical_col']);
    const model = new MarginalBootstrap({ seed: 1 });
    await model.fit(d);
    const five = (await model.sample(5)).toRows().map((r) => r.primary_key);
    const many = (await model.sample(1000)).toRows().map((r) => r.primary_key);
    model.dispose();
    expect(five).toEqual([3, 4, 5, 6, 7]);
    expect(new Set(many).size).toBe(1000);
    expect(many.every((k) => Number.isInteger(k) && (k as number) > 2)).toBe(true);
  });

  it('continues a shared prefix for string keys and never repeats a real key', () => {
    const typed: CodedColumnSchema = {
      name: 'code',
      kind: 'id',
      categories: ['type0', 'type7', 'type3'],
    };
    expect(generateKeys(typed, 3)).toEqual(['type8', 'type9', 'type10']);
    expect(generateKeys(typed, 2, 5)).toEqual(['type13', 'type14']);
    const mixed: CodedColumnSchema = {
      name: 'email',
      kind: 'id',
      categories: ['a@x', 'email_1', 'b@y'],
    };
    expect(generateKeys(mixed, 3)).toEqual(['email_0', 'email_2', 'email_3']);
  });
});

describe('buildDataset', () => {
  const d = datasetFromRows(
    [
      { id: 10, color: 'red', n: 4, label: 1 },
      { id: 11, color: 'blue', n: 9, label: 0 },
    ],
    { label: 'label', kinds: { id: 'id', n: 'integer' } },
  );

  it('turns codes and values into a Dataset with the fitted schema, enforcing numbers and filling keys', () => {
    const out = buildDataset(
      d.schema,
      { color: [1, 0, 1], n: [3.7, 12, 5.2], label: Int32Array.from([0, 1, 0]) },
      3,
    );
    expect(out.columnNames).toEqual(['id', 'color', 'n', 'label']);
    expect(out.columnSchema('color')).toBe(d.columnSchema('color'));
    expect(out.toRows()).toEqual([
      // The label's categories are [1, 0] (first appearance), so codes 0, 1, 0 are 1, 0, 1.
      { id: 12, color: 'blue', n: 4, label: 1 },
      { id: 13, color: 'red', n: 9, label: 0 },
      { id: 14, color: 'blue', n: 5, label: 1 },
    ]);
  });

  it('rejects a missing column, a wrong length, a bad code and a NaN the real column never had', () => {
    expect(() => buildDataset(d.schema, { color: [0], label: [0] }, 1)).toThrow(
      "buildDataset: no generated values for column 'n'; pass one array per non-id column (expected: color, n, label).",
    );
    expect(() => buildDataset(d.schema, { color: [0, 1], n: [1], label: [0] }, 1)).toThrow(
      "buildDataset: column 'color' has 2 generated values, expected 1.",
    );
    expect(() => buildDataset(d.schema, { color: [2], n: [1], label: [0] }, 1)).toThrow(
      "buildDataset: column 'color' row 0 has code 2, expected an integer in 0..1.",
    );
    const nan = () => buildDataset(d.schema, { color: [0], n: [Number.NaN], label: [0] }, 1);
    expect(nan).toThrow(SchemaError);
    expect(nan).toThrow(
      "buildDataset: column 'n' row 0 was generated as NaN, but the column had no missing values in training; " +
        'the generator diverged (check its losses) or lost a value.',
    );
  });
});
