import { initBackend } from '@synthctr/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  datasetFromRows,
  inferKind,
  inferSchema,
  learnDigits,
  MISSING_LABEL,
  oneHotLayout,
  SchemaError,
} from '../src/index.js';
import { MarginalBootstrap } from './fixtures/marginal-bootstrap.js';

/** Splits a tiny CSV the way a reader does (empty field = ''), numbers as numbers. */
function rowsOf(csv: string): Record<string, unknown>[] {
  const [head, ...lines] = csv.trim().split('\n');
  const names = head.split(',');
  return lines.map((line) =>
    Object.fromEntries(
      line
        .split(',')
        .map((v, j) => [names[j], v !== '' && Number.isFinite(Number(v)) ? Number(v) : v]),
    ),
  );
}

const B01 = 'color,size\nred,1\n,2\nblue,3\n,1\n,2\nred,3\n';

describe('schema inference', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('B01: missing cells are one level, never one per cell (NaN, undefined, null and blank alike)', () => {
    const d = datasetFromRows(rowsOf(B01));
    const color = d.columnSchema('color');
    expect(color).toEqual({
      name: 'color',
      kind: 'categorical',
      categories: ['red', null, 'blue'],
    });
    expect(oneHotLayout(d.schema, ['color']).width).toBe(3);
    const mixed = datasetFromRows([
      { c: 'red' },
      { c: Number.NaN },
      { c: undefined },
      { c: null },
      { c: '' },
      {},
    ]);
    expect(mixed.columnSchema('c')).toMatchObject({ categories: ['red', null] });
    expect(Array.from(mixed.codes('c'))).toEqual([0, 1, 1, 1, 1, 1]);
    expect(mixed.toRows().map((r) => r.c)).toEqual(['red', null, null, null, null, null]);
    expect(MISSING_LABEL).toBe('<missing>');
  });

  it('B01: a fitted generator samples only red, blue or missing, about half missing', async () => {
    const d = datasetFromRows(rowsOf(B01));
    const model = new MarginalBootstrap({ seed: 3 });
    await model.fit(d);
    const colors = (await model.sample(600)).toRows().map((r) => r.color);
    model.dispose();
    expect(new Set(colors)).toEqual(new Set(['red', 'blue', null]));
    const missing = colors.filter((c) => c === null).length / 600;
    // 3 of 6 real rows are missing: binomial(600, 0.5) lies within 0.5 ± 0.06 at > 99.7 %.
    expect(Math.abs(missing - 0.5)).toBeLessThan(0.06);
  });

  it('keeps integers integral and learns bounds and digits per column', () => {
    const d = datasetFromRows(
      rowsOf('visits,spend\n0,0.0\n1,12.5\n0,0.0\n3,40.0\n2,18.0\n0,0.0\n5,95.5\n1,7.25\n'),
      {
        kinds: { visits: 'integer' },
      },
    );
    expect(d.columnSchema('visits')).toEqual({
      name: 'visits',
      kind: 'integer',
      min: 0,
      max: 5,
      digits: 0,
      missingCount: 0,
    });
    expect(d.columnSchema('spend')).toEqual({
      name: 'spend',
      kind: 'float',
      min: 0,
      max: 95.5,
      digits: 2,
      missingCount: 0,
    });
    expect(() => datasetFromRows([{ n: 1.5 }], { kinds: { n: 'integer' } })).toThrow(
      "datasetFromRows: column 'n' is declared integer but row 0 holds 1.5; declare it float.",
    );
  });

  it('learns rounding digits within the 15 significant digits a double holds', () => {
    expect(learnDigits([1.5, 2.25, Number.NaN])).toBe(2);
    expect(learnDigits([3, 4])).toBe(0);
    expect(learnDigits([0.123456789012345])).toBe(15);
    // Six integer digits leave nine decimals; 0.1 + 0.2 needs seventeen significant digits.
    expect(learnDigits([123456.123456789])).toBe(9);
    expect(learnDigits([0.1 + 0.2])).toBeNull();
    expect(learnDigits([Math.PI * 1000])).toBeNull();
  });

  it('infers SDV-style kinds: few non-negative integers categorical, many integer', () => {
    expect(
      inferKind(
        'daytime',
        Array.from({ length: 100 }, (_, i) => i % 7),
      ),
    ).toBe('categorical');
    expect(
      inferKind(
        'item',
        Array.from({ length: 100 }, (_, i) => i % 40),
      ),
    ).toBe('integer');
    expect(inferKind('t', [-1, 0, 1, -1, 0, 1, 0, 0, 1, 1, -1, 0])).toBe('integer');
    expect(inferKind('x', [0.5, 1])).toBe('float');
    expect(inferKind('flag', [true, false, null])).toBe('boolean');
  });

  it('flags id-like columns and never one-hot encodes them by default', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      email: `u${i}@x.org`,
      user_id: 100 + i,
      n: i % 3,
    }));
    const schema = inferSchema(rows);
    expect(schema.columns.map((c) => c.kind)).toEqual(['id', 'id', 'categorical']);
    // A column with a blank cell is not a key, whatever its name.
    expect(inferKind('user_id', [1, 2, null])).toBe('integer');
    expect(inferKind('code', [...Array.from({ length: 25 }, (_, i) => `c${i}`), ''])).toBe(
      'categorical',
    );
  });

  it('lets the user override any inferred kind, and rejects kinds for unknown columns', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ user_id: 100 + i, n: i % 3 }));
    const d = datasetFromRows(rows, { kinds: { user_id: 'categorical', n: 'integer' } });
    expect(d.schema.columns.map((c) => c.kind)).toEqual(['categorical', 'integer']);
    expect(() => datasetFromRows(rows, { kinds: { usr_id: 'categorical' } })).toThrow(
      "datasetFromRows: kinds names 'usr_id', not a column (columns: user_id, n); fix the name or drop it from kinds.",
    );
  });

  it('B15: declaring a key column that has duplicates is an error naming the column and value', () => {
    const rows = rowsOf('primary_key,numerical_col,categorical_col\n0,1,a\n1,2,b\n1,3,a\n');
    const call = () => datasetFromRows(rows, { kinds: { primary_key: 'id' } });
    expect(call).toThrow(SchemaError);
    expect(call).toThrow(
      "Key column 'primary_key': the value 1 appears in rows 1 and 2; a key (kind 'id') must be distinct in every row. " +
        "Declare 'primary_key' categorical or integer, or deduplicate it.",
    );
  });
});
