import { initBackend } from '@synthctr/runtime';
import { datasetFromRows, type Row } from '@synthctr/tabular-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { CopulaGan, Ctgan, type CtganOptions } from '../src/index.js';

/** The gan-tabular rows of shared/reference/bad-inputs.md, as tests. */

beforeAll(async () => {
  await initBackend();
});

const TINY: CtganOptions = {
  batchSize: 20,
  pac: 10,
  embeddingDim: 8,
  generatorDims: [16],
  discriminatorDims: [16],
  epochs: 2,
  seed: 0,
};

function rowKey(r: Row): string {
  return JSON.stringify(Object.entries(r));
}

describe('bad inputs (gan-tabular)', () => {
  it('B01: missing cells of a discrete column are one level, never one per cell', async () => {
    const data = datasetFromRows(
      ['red', '', 'blue', '', '', 'red'].map((color, i) => ({
        color,
        size: [1, 2, 3, 1, 2, 3][i],
      })),
      { kinds: { size: 'categorical' } },
    );
    expect(data.columnSchema('color')).toMatchObject({ categories: ['red', null, 'blue'] });
    const model = new Ctgan({ ...TINY, epochs: 20 });
    await model.fit(data);
    const out = (await model.sample(600, { seed: 1 })).toRows();
    expect(out.every((r) => r.color === 'red' || r.color === 'blue' || r.color === null)).toBe(
      true,
    );
    const missing = out.filter((r) => r.color === null).length / out.length;
    expect(missing).toBeGreaterThan(0.2);
    expect(missing).toBeLessThan(0.8);
    model.dispose();
  });

  it('B02: fit rejects numeric columns with nulls straight away, naming each', async () => {
    const data = datasetFromRows([
      { age: 34, income: 52000 },
      { age: null, income: 61000 },
      { age: 45, income: null },
      { age: 29, income: 48000 },
    ]);
    for (const model of [new Ctgan(TINY), new CopulaGan(TINY)]) {
      await expect(model.fit(data)).rejects.toThrowError(
        "DataTransformer.fit: numeric columns must have no missing cells; got 'age' (1 missing of 4), " +
          "'income' (1 missing of 4). Impute them before fitting, or declare the columns categorical " +
          '(missing is then a level).',
      );
      expect(model.fitted).toBe(false);
      model.dispose();
    }
  });

  it('B06: an id-like column is not one-hot encoded; forced categorical, fit refuses before allocating', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ code: `type${i}`, amount: i % 7 }));
    const inferred = datasetFromRows(rows);
    expect(inferred.columnSchema('code').kind).toBe('id');
    const model = new Ctgan({ ...TINY, batchSize: 500, epochs: 1 });
    await model.fit(inferred);
    const out = await model.sample(50, { seed: 1 });
    expect(new Set(out.toRows().map((r) => r.code)).size).toBe(50);
    model.dispose();
    const forced = datasetFromRows(rows, { kinds: { code: 'categorical' } });
    const refusing = new Ctgan(TINY);
    const error = await refusing.fit(forced).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('WidthError');
    expect((error as Error).message).toContain("column 'code' has 5000 levels in 5000 rows");
    expect((error as Error).message).toContain('5000 x 5000 x 4 B ≈ 100 MB');
    refusing.dispose();
  });

  it('B10: seed 42 twice gives the same sample(3), the stream moves on, seed 43 differs', async () => {
    const data = datasetFromRows(
      [1.2, 3.4, 2.2, 5.1, 4.0].map((x, i) => ({ x, y: [10, 30, 20, 50, 40][i] })),
    );
    const options = { ...TINY, batchSize: 10, seed: 42 };
    const [a, b, c] = [new Ctgan(options), new Ctgan(options), new Ctgan({ ...options, seed: 43 })];
    for (const m of [a, b, c]) await m.fit(data);
    const first = (await a.sample(3)).toRows();
    expect((await b.sample(3)).toRows()).toEqual(first);
    expect((await a.sample(3)).toRows()).not.toEqual(first);
    expect((await c.sample(3)).toRows()).not.toEqual(first);
    for (const m of [a, b, c]) m.dispose();
  });

  it('B11: an unseen condition value or a misspelt column fails before sampling; valid ones are exact', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      column1: [1.0, 0.5, 2.5][i % 3],
      column2: ['a', 'b', 'c'][i % 3],
    }));
    const model = new Ctgan({ ...TINY, batchSize: 10 });
    await model.fit(datasetFromRows(rows));
    await expect(
      model.sample(3, { conditions: { column2: ['a', 'd', 'a'] } }),
    ).rejects.toThrowError(
      "sample: column 'column2' never took the value 'd' in training; known values: 'a', 'b', 'c'.",
    );
    const two = await model.sample(2, { conditions: { column2: ['a', 'a'] } });
    expect(two.toRows().map((r) => r.column2)).toEqual(['a', 'a']);
    await expect(model.sample(2, { conditions: { colum2: 'a' } })).rejects.toThrowError(
      "sample: the condition names column 'colum2', which the model was not fitted on; columns: column1, column2 (did you mean 'column2'?).",
    );
    model.dispose();
  });

  it('B15: a numeric primary key comes from the key generator, distinct in every sample', async () => {
    const data = datasetFromRows([
      { primary_key: 0, numerical_col: 1, categorical_col: 'a' },
      { primary_key: 1, numerical_col: 2, categorical_col: 'b' },
      { primary_key: 2, numerical_col: 3, categorical_col: 'a' },
    ]);
    expect(data.columnSchema('primary_key').kind).toBe('id');
    const model = new Ctgan({ ...TINY, batchSize: 10 });
    await model.fit(data);
    for (const n of [5, 1000]) {
      const keys = (await model.sample(n)).toRows().map((r) => r.primary_key);
      expect(keys.every((k) => Number.isInteger(k))).toBe(true);
      expect(new Set(keys).size).toBe(n);
    }
    model.dispose();
  });

  it('B16: a categorical integer column with 50 levels only yields its own levels (numbers and strings)', async () => {
    for (const asString of [false, true]) {
      const rows = Array.from({ length: 50 }, (_, i) => ({ A: asString ? String(i) : i, B: i }));
      const data = datasetFromRows(rows, { kinds: { A: 'categorical', B: 'integer' } });
      for (const model of [
        new Ctgan({ ...TINY, epochs: 10 }),
        new CopulaGan({ ...TINY, epochs: 10 }),
      ]) {
        await model.fit(data);
        const values = (await model.sample(1000)).toRows().map((r) => r.A);
        const allowed = new Set(rows.map((r) => r.A));
        expect(values.every((v) => allowed.has(v as never))).toBe(true);
        if (!asString) expect(values.every((v) => Number.isInteger(v))).toBe(true);
        model.dispose();
      }
    }
  });

  it('B17: integers stay integers, values stay inside the training bounds with their decimals', async () => {
    const visits = [0, 1, 0, 3, 2, 0, 5, 1];
    const spend = [0.0, 12.5, 0.0, 40.0, 18.0, 0.0, 95.5, 7.25];
    const data = datasetFromRows(visits.map((v, i) => ({ visits: v, spend: spend[i] })));
    for (const model of [
      new Ctgan({ ...TINY, epochs: 5 }),
      new CopulaGan({ ...TINY, epochs: 5 }),
    ]) {
      await model.fit(data);
      const out = (await model.sample(500)).toRows();
      for (const r of out) {
        const v = r.visits as number;
        const s = r.spend as number;
        expect(Number.isInteger(v) && v >= 0 && v <= 5, `visits ${v}`).toBe(true);
        expect(
          s >= 0 && s <= 95.5 && Math.abs(Math.round(s * 100) - s * 100) < 1e-9,
          `spend ${s}`,
        ).toBe(true);
      }
      model.dispose();
    }
    const loose = new Ctgan({ ...TINY, epochs: 5, enforceBounds: false });
    await loose.fit(data);
    const out = (await loose.sample(500)).toRows();
    expect(out.every((r) => Number.isInteger(r.visits))).toBe(true);
    loose.dispose();
  });

  it('B25: on a 4-row table of two binary columns every sampled row is a copy of a real one', async () => {
    const real = [
      { a: 'x', b: 'p' },
      { a: 'x', b: 'q' },
      { a: 'y', b: 'p' },
      { a: 'y', b: 'q' },
    ];
    const model = new Ctgan({ ...TINY, batchSize: 10 });
    await model.fit(datasetFromRows(real));
    const keys = new Set(real.map(rowKey));
    const out = (await model.sample(200)).toRows();
    const copies = out.filter((r) => keys.has(rowKey(r))).length / out.length;
    expect(copies).toBe(1);
    model.dispose();
  });
});
