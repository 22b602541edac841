import { describe, expect, it } from 'vitest';
import {
  type CodedColumnSchema,
  coerceCategory,
  datasetFromRows,
  datasetWithSchema,
  SchemaError,
} from '../src/index.js';

describe('schema-coerced values (B25)', () => {
  const realRows = [
    { age: 30, grade: 'A' },
    { age: 41, grade: 'B' },
    { age: 52, grade: 'C' },
  ];
  const real = datasetFromRows(realRows, { kinds: { age: 'integer' } });

  it('reads 30, "30" and "30.0" as the same integer cell', () => {
    const synth = datasetWithSchema(real.schema, [
      { age: 30, grade: 'A' },
      { age: '30', grade: 'A' },
      { age: ' 30.0 ', grade: 'A' },
    ]);
    expect(synth.toRows()).toEqual([
      { age: 30, grade: 'A' },
      { age: 30, grade: 'A' },
      { age: 30, grade: 'A' },
    ]);
    expect(synth.columnSchema('age')).toBe(real.columnSchema('age'));
  });

  it('matches coded values by coerced value, and extends unknown ones only when asked', () => {
    const rows = [
      { age: 30, grade: 'A' },
      { age: 41, grade: 'C' },
      { age: 52, grade: 'C' },
      { age: 63, grade: 'D' },
    ];
    expect(() => datasetWithSchema(real.schema, rows)).toThrow(
      "datasetWithSchema: column 'grade' row 3 holds 'D', which is not one of its 3 categories ('A', 'B', 'C'); pass { unknown: 'extend' } to append new values.",
    );
    const synth = datasetWithSchema(real.schema, rows, { unknown: 'extend' });
    expect(synth.columnSchema('grade')).toMatchObject({ categories: ['A', 'B', 'C', 'D'] });
    expect(Array.from(synth.codes('grade'))).toEqual([0, 2, 2, 3]);
    // Exact copies of real rows by coerced value: (30, A) and (52, C) -> 2 of 4.
    const realKeys = new Set(real.toRows().map((r) => JSON.stringify(r)));
    const copies = synth.toRows().filter((r) => realKeys.has(JSON.stringify(r))).length;
    expect(copies / synth.nRows).toBe(0.5);
  });

  it('coerces category spellings: numbers and their text, booleans and their text, any missing cell', () => {
    const numbers: CodedColumnSchema = {
      name: 'n',
      kind: 'categorical',
      categories: [30, 41, null],
    };
    expect(coerceCategory(numbers, '30')).toBe(30);
    expect(coerceCategory(numbers, '30.0')).toBe(30);
    expect(coerceCategory(numbers, Number.NaN)).toBeNull();
    expect(coerceCategory(numbers, '')).toBeNull();
    expect(coerceCategory(numbers, 42)).toBeUndefined();
    const texts: CodedColumnSchema = { name: 't', kind: 'categorical', categories: ['30', 'true'] };
    expect(coerceCategory(texts, 30)).toBe('30');
    expect(coerceCategory(texts, 30.0)).toBe('30');
    expect(coerceCategory(texts, true)).toBe('true');
    const flags: CodedColumnSchema = { name: 'f', kind: 'boolean', categories: [true, false] };
    expect(coerceCategory(flags, 'False')).toBe(false);
  });

  it('names the column and value of a number it cannot read', () => {
    const call = () => datasetWithSchema(real.schema, [{ age: 'thirty', grade: 'A' }]);
    expect(call).toThrow(SchemaError);
    expect(call).toThrow(
      'datasetWithSchema: column \'age\' is integer but holds "thirty", which is not a finite number; clean the value or give it as missing (null).',
    );
  });
});
