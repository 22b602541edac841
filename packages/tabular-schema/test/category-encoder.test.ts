import { describe, expect, it } from 'vitest';
import {
  CategoryEncoder,
  Dataset,
  datasetFromRows,
  EncodingError,
  MISSING_SLOT,
  OOV_SLOT,
} from '../src/index.js';

/** A tiny CSV reader for the literal inputs of bad-inputs.md (no quotes, '' is missing). */
function csv(text: string, label: string | null = null): Dataset {
  const [head, ...lines] = text.trim().split('\n');
  const names = head.split(',');
  const rows = lines.map((line) =>
    Object.fromEntries(line.split(',').map((v, i) => [names[i], v])),
  );
  return datasetFromRows(rows, { label });
}

const B23_TRAIN = 'city,device,click\nA,ios,1\nB,android,0\nC,ios,0\nA,android,1\n';
const B23_PREDICT = 'city,device\nD,ios\n,android\n';

describe('CategoryEncoder: bad-inputs B23 (unseen and blank categories at prediction time)', () => {
  const train = csv(B23_TRAIN, 'click');
  const predict = csv(B23_PREDICT);

  it('fits 3 known city levels plus an OOV slot and a missing slot', () => {
    const enc = CategoryEncoder.fit(train, { missing: 'slot' });
    expect(enc.columns).toEqual(['city', 'device']);
    expect(enc.vocabulary('city')).toEqual(['A', 'B', 'C']);
    expect(enc.size('city')).toBe(5);
    expect(enc.sizes()).toEqual([5, 4]);
    expect(enc.offsets()).toEqual([0, 5]);
  });

  it("maps D to the OOV slot and the blank to the missing slot, never past the table's rows", () => {
    const enc = CategoryEncoder.fit(train, { missing: 'slot' });
    const city = enc.encodeColumn(predict, 'city', { unknown: 'oov' });
    expect(Array.from(city)).toEqual([OOV_SLOT, MISSING_SLOT]);
    const ids = enc.encode(predict, { unknown: 'oov', globalIds: true });
    // device: ios is the first known level (slot 2), android the second (slot 3), plus offset 5.
    expect(Array.from(ids)).toEqual([0, 7, 1, 8]);
    const total = enc.sizes().reduce((a, b) => a + b, 0);
    expect(Math.max(...ids)).toBeLessThan(total);
  });

  it('without a missing policy, the blank is an error that names city', () => {
    const enc = CategoryEncoder.fit(train);
    expect(() => enc.encode(predict, { unknown: 'oov' })).toThrow(EncodingError);
    expect(() => enc.encode(predict, { unknown: 'oov' })).toThrow(
      "CategoryEncoder.encode: column 'city' has 1 missing cell and the missing policy is 'error'; " +
        "fill them, or fit with missing: 'slot' (a reserved missing slot) or 'oov'.",
    );
  });

  it('an unknown value is an error naming the column and the value unless OOV is asked for', () => {
    const enc = CategoryEncoder.fit(train, { missing: 'slot' });
    expect(() => enc.encode(predict)).toThrow(
      "CategoryEncoder.encode: column 'city' has the value 'D' (1 row), which is not in its " +
        "vocabulary ('A', 'B', 'C'); encode with unknown: 'oov' to map it to the OOV slot.",
    );
    expect(enc.slotOf('city', 'D', 'oov')).toBe(OOV_SLOT);
  });

  it('round-trips through JSON and maps A/B/C/D exactly as before', () => {
    const enc = CategoryEncoder.fit(train, { missing: 'slot', unknown: 'oov' });
    const back = CategoryEncoder.fromJSON(JSON.parse(JSON.stringify(enc.toJSON())));
    for (const v of ['A', 'B', 'C', 'D', null])
      expect(back.slotOf('city', v)).toBe(enc.slotOf('city', v));
    expect(Array.from(back.encode(predict))).toEqual(Array.from(enc.encode(predict)));
  });
});

describe('CategoryEncoder: vocabulary rules', () => {
  it('matches by value, so a table with another category order maps to the same slots', () => {
    const a = datasetFromRows([{ c: 'x' }, { c: 'y' }, { c: 'z' }]);
    const b = datasetFromRows([{ c: 'z' }, { c: 'x' }, { c: 'y' }]);
    const enc = CategoryEncoder.fit(a);
    expect(Array.from(enc.encode(b))).toEqual([3, 1, 2]);
  });

  it('keeps 1, "1" and true apart', () => {
    const d = datasetFromRows([{ c: 1 }, { c: '1' }, { c: true }], { kinds: { c: 'categorical' } });
    const enc = CategoryEncoder.fit(d);
    expect(enc.size('c')).toBe(4);
    expect(Array.from(enc.encode(d))).toEqual([1, 2, 3]);
  });

  it('gives no slot to categories below minCount or absent from the fitted rows (FuxiCTR)', () => {
    const d = datasetFromRows(['a', 'a', 'b', 'c', 'c', 'c'].map((c) => ({ c })));
    const enc = CategoryEncoder.fit(d, { minCount: 2, unknown: 'oov' });
    expect(enc.vocabulary('c')).toEqual(['a', 'c']);
    expect(Array.from(enc.encode(d))).toEqual([1, 1, 0, 2, 2, 2]);
    // A subset keeps the full category list in its schema; only the rows present count.
    const subset = d.select([0, 3]);
    expect(CategoryEncoder.fit(subset).vocabulary('c')).toEqual(['a', 'c']);
  });

  it("maps missing cells to the OOV slot under missing: 'oov'", () => {
    const d = datasetFromRows([{ c: 'a' }, { c: '' }]);
    const enc = CategoryEncoder.fit(d, { missing: 'oov' });
    expect(enc.vocabulary('c')).toEqual(['a']);
    expect(Array.from(enc.encode(d))).toEqual([1, 0]);
  });

  it('refuses blanks at fit time under the default policy, naming the column and the count', () => {
    const d = datasetFromRows([{ c: 'a' }, { c: '' }, { c: '' }]);
    expect(() => CategoryEncoder.fit(d)).toThrow(
      "CategoryEncoder.fit: column 'c' has 2 missing cells and the missing policy is 'error'",
    );
  });

  it('rejects numeric columns, unknown columns and bad options with messages that say what to do', () => {
    const d = datasetFromRows([
      { c: 'a', x: 1.5 },
      { c: 'b', x: 2.5 },
    ]);
    expect(() => CategoryEncoder.fit(d, { columns: ['x'] })).toThrow(
      "CategoryEncoder.fit: column 'x' is float, expected a categorical one; declare it categorical or leave it out of columns.",
    );
    const enc = CategoryEncoder.fit(d);
    expect(enc.columns).toEqual(['c']);
    expect(() => enc.size('nope')).toThrow(
      "CategoryEncoder: no vocabulary for column 'nope'; the encoder knows c. Fit it on a table with 'nope' or drop the column.",
    );
    expect(() => CategoryEncoder.fit(d, { minCount: 0 })).toThrow(
      'minCount must be an integer >= 1, got 0',
    );
    expect(() => CategoryEncoder.fit(d, { missing: 'fill' as never })).toThrow(
      "CategoryEncoder: missing must be one of 'error', 'slot', 'oov', got \"fill\".",
    );
    expect(() => CategoryEncoder.fromJSON({} as never)).toThrow('expected formatVersion 1');
  });

  it('encodes 200k rows in a few milliseconds per column (a lookup table, no per-row hashing)', () => {
    const n = 200_000;
    const codes = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 5000);
    const categories = Array.from({ length: 5000 }, (_, i) => `v${i}`);
    const d = Dataset.fromColumns(
      { columns: [{ name: 'c', kind: 'categorical', categories }], label: null },
      { c: codes },
    );
    const enc = CategoryEncoder.fit(d);
    const t0 = performance.now();
    const ids = enc.encode(d);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(ids[1]).toBe((7919 % 5000) + 1);
  });
});
