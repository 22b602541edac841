import { Dataset, datasetFromRows, readCsv } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { GaussianCopula } from '../src/index.js';

const rowsOf = async (model: GaussianCopula, n: number, seed?: number) =>
  (await model.sample(n, seed === undefined ? {} : { seed })).toRows();

describe('B03: a constant column (sdv-dev/Copulas#57)', () => {
  const csv = 'plant,temp\n7,20.5\n7,21.0\n7,19.5\n7,22.0\n7,20.0\n';

  it.each([
    ['categorical (as inferred)', {}],
    ['integer', { plant: 'integer' as const }],
  ])('plant as %s: fit works, all 50 rows have plant 7, no NaN anywhere', async (_, kinds) => {
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(readCsv(csv, { kinds }));
    const rows = await rowsOf(model, 50);
    expect(rows.every((r) => r.plant === 7)).toBe(true);
    expect(rows.every((r) => typeof r.temp === 'number' && !Number.isNaN(r.temp))).toBe(true);
    const r = model.correlation;
    expect(r.flat().every(Number.isFinite)).toBe(true);
    expect([r[0][1], r[1][0]]).toEqual([0, 0]);
    expect(model.learnedDistributions().plant.parameters.kind).toBe('point');
  });

  it('a constant string column comes out constant too', async () => {
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(readCsv('site,temp\nnorth,20.5\nnorth,21.0\nnorth,19.5\nnorth,22.0\n'));
    expect((await rowsOf(model, 50)).every((r) => r.site === 'north')).toBe(true);
  });
});

describe('B10: seeding (sdv-dev/Copulas#113)', () => {
  const data = datasetFromRows(
    [1.2, 3.4, 2.2, 5.1, 4.0].map((x, i) => ({ x, y: [10, 30, 20, 50, 40][i] })),
  );

  it('same seed same rows; the stream moves on; seed 43 differs; Math.random untouched', async () => {
    const random = Math.random;
    let calls = 0;
    Math.random = () => {
      calls += 1;
      return random();
    };
    try {
      const a = new GaussianCopula({ seed: 42 });
      const b = new GaussianCopula({ seed: 42 });
      const c = new GaussianCopula({ seed: 43 });
      for (const m of [a, b, c]) await m.fit(data);
      const first = await rowsOf(a, 3);
      expect(await rowsOf(b, 3)).toEqual(first);
      expect(await rowsOf(a, 3)).not.toEqual(first);
      expect(await rowsOf(c, 3)).not.toEqual(first);
      // Another model's calls never move this one's stream.
      const twin = new GaussianCopula({ seed: 42 });
      await twin.fit(data);
      await rowsOf(twin, 3);
      await rowsOf(c, 30);
      expect(await rowsOf(twin, 3)).toEqual(await rowsOf(b, 3));
      expect(await rowsOf(a, 3, 7)).toEqual(await rowsOf(c, 3, 7).then(() => rowsOf(a, 3, 7)));
    } finally {
      Math.random = random;
    }
    expect(calls).toBe(0);
  });
});

describe('B11: conditions on unknown values and columns (sdv-dev/SDV#338)', () => {
  const data = datasetFromRows(
    Array.from({ length: 30 }, (_, i) => ({
      column1: [1.0, 0.5, 2.5][i % 3],
      column2: ['a', 'b', 'c'][i % 3],
    })),
  );

  it('an unseen value fails before sampling, naming the column, the value and the known levels', async () => {
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(data);
    const twin = new GaussianCopula({ seed: 1 });
    await twin.fit(data);
    await expect(model.sample(3, { conditions: { column2: ['a', 'd', 'a'] } })).rejects.toThrow(
      "sample: column 'column2' never took the value 'd' in training; known values: 'a', 'b', 'c'.",
    );
    // No partial output and no draw: the stream is where a twin's is.
    expect(await rowsOf(model, 4)).toEqual(await rowsOf(twin, 4));
  });

  it("['a', 'a'] gives exactly two rows, both 'a'", async () => {
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(data);
    const out = await model.sample(2, { conditions: { column2: ['a', 'a'] } });
    expect(out.toRows().map((r) => r.column2)).toEqual(['a', 'a']);
  });

  it('a misspelt column is named, with a suggestion', async () => {
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(data);
    // The suggestion itself comes from tabular-schema's resolveConditions.
    await expect(model.sample(2, { conditions: { colum2: 'a' } })).rejects.toThrow(
      /^sample: the condition names column 'colum2', which the model was not fitted on; columns: column1, column2 \(did you mean/,
    );
  });

  it('a numeric condition outside the training range is rejected with the range', async () => {
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(data);
    await expect(model.sample(2, { conditions: { column1: 7.5 } })).rejects.toThrow(
      'sample: the condition column1 = 7.5 is outside the training range [0.5, 2.5] of ' +
        "'column1'; the copula conditions a numeric column only inside the range it was fitted on.",
    );
    const inside = await model.sample(2, { conditions: { column1: 1 } });
    expect(inside.toRows().map((r) => r.column1)).toEqual([1, 1]);
  });
});

describe('B15: a numeric primary key (sdv-dev/SDV#1109)', () => {
  const csv = 'primary_key,numerical_col,categorical_col\n0,1,a\n1,2,b\n2,3,a\n';

  it.each([5, 1000])(
    'sample(%i) holds distinct integer keys, never drawn from the data',
    async (n) => {
      const model = new GaussianCopula({ seed: 1 });
      await model.fit(readCsv(csv));
      const keys = (await rowsOf(model, n)).map((r) => r.primary_key);
      expect(keys.every((k) => Number.isInteger(k))).toBe(true);
      expect(new Set(keys).size).toBe(n);
      expect(keys.some((k) => k === 0 || k === 1 || k === 2)).toBe(false);
    },
  );

  it('a key column with a repeated value is an error naming the column and the value', async () => {
    const data = Dataset.fromColumns(
      {
        columns: [
          { name: 'primary_key', kind: 'id', categories: [0, 1] },
          { name: 'v', kind: 'integer', min: 1, max: 3, digits: 0, missingCount: 0 },
        ],
        label: null,
      },
      { primary_key: Int32Array.from([0, 1, 1]), v: Float64Array.from([1, 2, 3]) },
    );
    await expect(new GaussianCopula().fit(data)).rejects.toThrow(
      "Key column 'primary_key': the value 1 appears in rows 1 and 2; a key (kind 'id') must be " +
        "distinct in every row. Declare 'primary_key' categorical or integer, or deduplicate it.",
    );
  });
});

describe('B17: integers stay integers, bounds and rounding hold (sdv-dev/SDV#2349, #745)', () => {
  const csv = 'visits,spend\n0,0.0\n1,12.5\n0,0.0\n3,40.0\n2,18.0\n0,0.0\n5,95.5\n1,7.25\n';
  const twoDecimals = (v: number): boolean => Math.abs(Math.round(v * 100) - v * 100) < 1e-9;

  it('with defaults: visits an integer in [0, 5], spend in [0, 95.5] with at most 2 decimals', async () => {
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(readCsv(csv));
    const rows = await rowsOf(model, 500);
    for (const { visits, spend } of rows) {
      expect(Number.isInteger(visits) && (visits as number) >= 0 && (visits as number) <= 5).toBe(
        true,
      );
      const s = spend as number;
      expect(s >= 0 && s <= 95.5 && twoDecimals(s)).toBe(true);
    }
  });

  it('with bounds and rounding off, visits is still an integer and nothing is NaN', async () => {
    const model = new GaussianCopula({
      seed: 1,
      enforceMinMaxValues: false,
      enforceRounding: false,
    });
    await model.fit(readCsv(csv));
    const rows = await rowsOf(model, 500);
    expect(rows.every((r) => Number.isInteger(r.visits))).toBe(true);
    expect(rows.every((r) => Number.isFinite(r.spend as number))).toBe(true);
  });
});
