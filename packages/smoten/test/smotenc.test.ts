import { datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { Smotenc, SmotenError } from '../src/index.js';
import { classSizes } from './helpers.js';

/** Class P: (0, a), (1, a), (10, b); class N: eight rows far away. */
function small() {
  const rows = [
    { x: 0, colour: 'a', label: 'P' },
    { x: 1, colour: 'a', label: 'P' },
    { x: 10, colour: 'b', label: 'P' },
    ...Array.from({ length: 8 }, (_, i) => ({ x: 50 + i, colour: i % 2 ? 'a' : 'b', label: 'N' })),
  ];
  return datasetFromRows(rows, { label: 'label', kinds: { x: 'float', colour: 'categorical' } });
}

describe('Smotenc', () => {
  it('interpolates towards a neighbour and takes the categories from the neighbours', async () => {
    // With kNeighbors = 1 row 0's neighbour is row 1 and the others' is row 1 or row 0, all
    // colour 'a'; so every new P row is colour a with x between its seed and the neighbour.
    const data = small();
    const { data: out } = await new Smotenc({
      kNeighbors: 1,
      seed: 3,
      samplingStrategy: { P: 203 },
    }).fitResample(data);
    const fresh = out.slice(data.nRows).toRows();
    expect(fresh).toHaveLength(200);
    for (const row of fresh) {
      expect(row.colour).toBe('a');
      expect(row.x as number).toBeGreaterThanOrEqual(0);
      expect(row.x as number).toBeLessThanOrEqual(10);
    }
    // Seeds 0 and 1 (two thirds of the draws) stay in [0, 1].
    const inner = fresh.filter((r) => (r.x as number) <= 1).length / fresh.length;
    expect(inner).toBeGreaterThan(0.55);
    expect(inner).toBeLessThan(0.8);
  });

  it('breaks a tied categorical vote uniformly between the tied values', async () => {
    // Class P: x = 0..3 with colours a..d. With kNeighbors = 2 the neighbours are 0: {1, 2},
    // 1: {0, 2}, 2: {1, 3}, 3: {2, 1}, two different colours each time, so each new row takes
    // one of them at even odds: a 1/8, b 3/8, c 3/8, d 1/8.
    const rows = [
      ...['a', 'b', 'c', 'd'].map((colour, x) => ({ x, colour, label: 'P' })),
      ...Array.from({ length: 8 }, (_, i) => ({ x: 50 + i, colour: 'a', label: 'N' })),
    ];
    const data = datasetFromRows(rows, { label: 'label', kinds: { x: 'float' } });
    const model = new Smotenc({ kNeighbors: 2, seed: 4 });
    await model.fit(data);
    const out = (await model.sample(8000, { conditions: { label: 'P' } })).toRows();
    const share = (c: string) => out.filter((r) => r.colour === c).length / out.length;
    expect(share('a')).toBeCloseTo(1 / 8, 1);
    expect(share('b')).toBeCloseTo(3 / 8, 1);
    expect(share('c')).toBeCloseTo(3 / 8, 1);
    expect(share('d')).toBeCloseTo(1 / 8, 1);
    expect(Math.abs(share('b') - 3 / 8)).toBeLessThan(0.02);
    expect(Math.abs(share('a') - 1 / 8)).toBeLessThan(0.015);
  });

  it('reports the per-class median of the numeric standard deviations', async () => {
    // Class P: u has std 1, v std 2, w std 4 (population, two values each): median 2.
    const rows = [
      { u: 0, v: 0, w: 0, c: 'x', label: 'P' },
      { u: 2, v: 4, w: 8, c: 'y', label: 'P' },
      { u: 0, v: 0, w: 0, c: 'x', label: 'P' },
      { u: 2, v: 4, w: 8, c: 'y', label: 'P' },
      ...Array.from({ length: 6 }, (_, i) => ({ u: i, v: i, w: i, c: 'x', label: 'N' })),
    ];
    const data = datasetFromRows(rows, {
      label: 'label',
      kinds: { u: 'float', v: 'float', w: 'float' },
    });
    const { report } = await new Smotenc({ kNeighbors: 2 }).fitResample(data);
    expect(report.history.map((h) => h.medianStd)).toEqual([2]);
  });

  it('keeps integer columns whole and inside the class range by default', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      visits: i % 6,
      device: ['ios', 'web'][i % 2],
      label: i % 4 === 0 ? 'y' : 'n',
    }));
    const data = datasetFromRows(rows, { label: 'label', kinds: { visits: 'integer' } });
    const model = new Smotenc({ kNeighbors: 3, seed: 1 });
    await model.fit(data);
    const out = await model.sample(300, { conditions: { label: 'y' } });
    for (const r of out.toRows()) {
      expect(Number.isInteger(r.visits)).toBe(true);
      expect(r.visits as number).toBeGreaterThanOrEqual(0);
      expect(r.visits as number).toBeLessThanOrEqual(5);
    }
    expect(classSizes(out)).toEqual({ y: 300 });
  });

  it('gives the same rows for the same seed', async () => {
    const [a, b] = [
      new Smotenc({ kNeighbors: 2, seed: 9 }),
      new Smotenc({ kNeighbors: 2, seed: 9 }),
    ];
    await a.fit(small());
    await b.fit(small());
    expect((await a.sample(20)).toRows()).toEqual((await b.sample(20)).toRows());
  });

  it('refuses tables it cannot handle, saying what to do', async () => {
    const cats = datasetFromRows(
      [
        { c: 'x', label: 'a' },
        { c: 'y', label: 'b' },
      ],
      { label: 'label' },
    );
    await expect(new Smotenc({ kNeighbors: 1 }).fit(cats)).rejects.toThrow(
      'SMOTE-NC.fit: SMOTE-NC needs at least one numeric feature column and this table has none; use Smoten for an all-categorical table.',
    );
    const nums = datasetFromRows(
      [
        { x: 1.5, label: 'a' },
        { x: 2.5, label: 'b' },
      ],
      { label: 'label' },
    );
    await expect(new Smotenc({ kNeighbors: 1 }).fit(nums)).rejects.toThrow(SmotenError);
    await expect(new Smotenc({ kNeighbors: 1 }).fit(nums)).rejects.toThrow(
      'SMOTE-NC.fit: SMOTE-NC needs at least one categorical feature column and this table has none; ' +
        'for an all-numeric table use RandomOverSampler with shrinkage, or declare a column categorical.',
    );
    // bad-inputs.md B02: numeric columns with nulls are rejected up front, each named with its count.
    const rows = [
      { age: 34, income: 52000, c: 'x', label: 'a' },
      { age: null, income: 61000, c: 'y', label: 'a' },
      { age: 45, income: null, c: 'x', label: 'b' },
      { age: 29, income: 48000, c: 'y', label: 'b' },
    ];
    const gaps = datasetFromRows(rows, {
      label: 'label',
      kinds: { age: 'integer', income: 'integer' },
    });
    await expect(new Smotenc({ kNeighbors: 1 }).fit(gaps)).rejects.toThrow(
      "SMOTE-NC.fit: numeric columns with missing values: 'age' (1 missing), 'income' (1 missing); " +
        'SMOTE-NC cannot measure a distance to a missing value, so impute or drop them first.',
    );
  });
});
