import { initBackend, Rng, tf } from '@synthctr/runtime';
import { datasetFromRows, type Row, WidthError } from '@synthctr/tabular-schema';
import { b17Table } from '@synthctr/tabular-schema/testing';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { Tabddpm, TabddpmError } from '../src/index.js';
import { frequencies, knownTable, TINY, totalVariation } from './helpers.js';

beforeAll(async () => {
  await initBackend();
});

describe('seeds (B10)', () => {
  const data = datasetFromRows(
    [1.2, 3.4, 2.2, 5.1, 4.0].map((x, i) => ({ x, y: [10, 30, 20, 50, 40][i] })),
    { kinds: { x: 'float', y: 'integer' } },
  );
  const make = (seed: number) => new Tabddpm({ ...TINY, steps: 5, seed });

  test('same seed, same rows; the stream moves on; another seed differs; Math.random untouched', async () => {
    const spy = vi.spyOn(Math, 'random');
    const a = make(42);
    const b = make(42);
    await a.fit(data);
    await b.fit(data);
    const a1 = (await a.sample(3)).toRows();
    expect((await b.sample(3)).toRows()).toEqual(a1);
    expect((await a.sample(3)).toRows()).not.toEqual(a1);
    const c = make(43);
    await c.fit(data);
    expect((await c.sample(3)).toRows()).not.toEqual(a1);
    expect((await a.sample(3, { seed: 9 })).toRows()).toEqual(
      (await b.sample(3, { seed: 9 })).toRows(),
    );
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    for (const m of [a, b, c]) m.dispose();
  });
});

describe('bounds and integers (B17)', () => {
  const data = b17Table();

  test('visits are integers in [0, 5], spend in [0, 95.5] with at most 2 decimals, no NaN', async () => {
    const model = new Tabddpm({ ...TINY, steps: 30, seed: 3 });
    await model.fit(data);
    const out = await model.sample(500);
    const visits = Array.from(out.values('visits'));
    const spend = Array.from(out.values('spend'));
    expect(visits.every((v) => Number.isInteger(v) && v >= 0 && v <= 5)).toBe(true);
    expect(
      spend.every((v) => v >= 0 && v <= 95.5 && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6),
    ).toBe(true);
    expect([...visits, ...spend].some(Number.isNaN)).toBe(false);
    model.dispose();
  });

  test('with bounds and rounding off, integers stay integers (the quantile inverse stays in range)', async () => {
    const model = new Tabddpm({
      ...TINY,
      steps: 10,
      seed: 3,
      enforceBounds: false,
      enforceRounding: false,
      snapDiscrete: false,
    });
    await model.fit(data);
    const out = await model.sample(200);
    expect(Array.from(out.values('visits')).every(Number.isInteger)).toBe(true);
    const spend = Array.from(out.values('spend'));
    expect(spend.every((v) => v >= 0 && v <= 95.5)).toBe(true);
    model.dispose();
  });
});

describe('id-like columns (B06)', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ code: `type${i}`, amount: i % 7 }));

  test('an inferred id column is never diffused: keys come from the key generator', async () => {
    const data = datasetFromRows(rows, { kinds: { amount: 'integer' } });
    expect(data.columnSchema('code').kind).toBe('id');
    const model = new Tabddpm({ ...TINY, steps: 3, seed: 1 });
    await model.fit(data);
    const out = await model.sample(50);
    const codes = out.toRows().map((r) => r.code);
    expect(new Set(codes).size).toBe(50);
    expect(
      codes.every(
        (c) => typeof c === 'string' && /^type\d+$/.test(c) && Number(c.slice(4)) >= 5000,
      ),
    ).toBe(true);
    expect(model.parameterCount).toBeLessThan(20000);
    model.dispose();
  });

  test('a forced categorical with one level per row is refused before any allocation', async () => {
    const data = datasetFromRows(rows, { kinds: { code: 'categorical', amount: 'integer' } });
    const model = new Tabddpm({ ...TINY, steps: 3 });
    const before = tf.memory().numTensors;
    const err = await model.fit(data).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WidthError);
    expect((err as Error).message).toContain("column 'code' has 5000 levels in 5000 rows");
    expect((err as Error).message).toContain('5000 x 5000 x 4 B ≈ 100 MB');
    expect((err as Error).message).toContain('maxLevelRatio = 0.5');
    expect(tf.memory().numTensors).toBe(before);
    expect(model.fitted).toBe(false);
  });
});

describe('label conditioning', () => {
  const data = knownTable(200);

  test('conditions on the label give exactly n rows of that class, per row too', async () => {
    const model = new Tabddpm({ ...TINY, steps: 10, seed: 5 });
    await model.fit(data);
    const ones = await model.sample(37, { conditions: { label: 1 } });
    expect(ones.nRows).toBe(37);
    expect(Array.from(ones.values('amount')).length).toBe(37);
    expect(ones.toRows().every((r) => r.label === 1)).toBe(true);
    const mixed = await model.sample(4, { conditions: { label: [1, 0, 0, 1] } });
    expect(mixed.toRows().map((r) => r.label)).toEqual([1, 0, 0, 1]);
    const free = await model.sample(2000, { seed: 1 });
    const share = free.toRows().filter((r) => r.label === 1).length / 2000;
    const real = data.toRows().filter((r) => r.label === 1).length / data.nRows;
    expect(Math.abs(share - real)).toBeLessThan(0.04);
    model.dispose();
  });

  test('conditions on other columns, or on unknown labels, are ConditionErrors', async () => {
    const model = new Tabddpm({ ...TINY, steps: 2, seed: 5 });
    await model.fit(data);
    await expect(model.sample(3, { conditions: { color: 'red' } })).rejects.toThrow(
      "tabddpm.sample: tabddpm conditions only on the label ('label'); got conditions on 'color'. " +
        'Sample unconditionally and filter, or use a synthesizer that conditions on any column.',
    );
    await expect(model.sample(3, { conditions: { label: 7 } })).rejects.toThrow(
      /^sample: column 'label' never took the value 7 in training; known values: [01], [01]/,
    );
    model.dispose();
  });
});

describe('training and sampling', () => {
  test('every loss is finite over 100 steps on 200 rows x 40 binary columns', async () => {
    const rng = new Rng(11);
    const rows: Row[] = Array.from({ length: 200 }, () => {
      const r: Row = { label: rng.next() < 0.3 ? 1 : 0 };
      for (let j = 0; j < 40; j++) r[`f${j}`] = rng.next() < 0.1 + 0.02 * j ? 'yes' : 'no';
      return r;
    });
    const data = datasetFromRows(rows, { label: 'label' });
    const model = new Tabddpm({
      ...TINY,
      steps: 100,
      seed: 2,
      batchSize: 200,
      microBatchSize: 200,
    });
    const before = tf.memory().numTensors;
    const report = await model.fit(data);
    expect(report.history).toHaveLength(100);
    expect(
      report.history.every((h) => Number.isFinite(h.multinomialLoss) && h.gaussianLoss === 0),
    ).toBe(true);
    const first = report.history.slice(0, 10).reduce((s, h) => s + h.loss, 0);
    const last = report.history.slice(-10).reduce((s, h) => s + h.loss, 0);
    expect(last).toBeLessThan(first);
    const out = await model.sample(50);
    expect(out.nRows).toBe(50);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('[slow] learns the marginals of a small table', async () => {
    const data = knownTable(600);
    const model = new Tabddpm({
      ...TINY,
      steps: 1600,
      seed: 1,
      batchSize: 256,
      microBatchSize: 256,
      learningRate: 0.002,
    });
    await model.fit(data);
    const rows = (await model.sample(2000, { seed: 4 })).toRows();
    const real = data.toRows();
    for (const col of ['color', 'size', 'label']) {
      const tv = totalVariation(
        frequencies(rows.map((r) => r[col])),
        frequencies(real.map((r) => r[col])),
      );
      // Measured: at most 0.036 over four sampling seeds (0.12 after 800 steps).
      expect(tv, col).toBeLessThan(0.05);
    }
    const mean = (list: Row[]): number =>
      list.reduce((s, r) => s + (r.amount as number), 0) / list.length;
    expect(Math.abs(mean(rows) - mean(real))).toBeLessThan(0.6);
    model.dispose();
  });

  test('nulls in a numeric column are modelled and come back only there', async () => {
    const rng = new Rng(3);
    const rows = Array.from({ length: 120 }, () => ({
      age: rng.next() < 0.4 ? null : Math.round(rng.normal(40, 10)),
      kind: rng.next() < 0.5 ? 'a' : 'b',
    }));
    const data = datasetFromRows(rows, { kinds: { age: 'integer', kind: 'categorical' } });
    const model = new Tabddpm({ ...TINY, steps: 400, seed: 3 });
    await model.fit(data);
    const out = await model.sample(300);
    const missing = Array.from(out.values('age')).filter(Number.isNaN).length / 300;
    expect(missing).toBeGreaterThan(0.15);
    expect(missing).toBeLessThan(0.65);
    expect(out.toRows().every((r) => r.kind === 'a' || r.kind === 'b')).toBe(true);
    model.dispose();
  });

  test('a NaN from the denoiser is an error naming the reverse step', async () => {
    const model = new Tabddpm({ ...TINY, steps: 2, seed: 1 });
    await model.fit(knownTable(50));
    const saved = model.save();
    saved.tensors['model/head.cat0.bias'].data.fill(Number.NaN);
    const broken = Tabddpm.load(saved);
    const before = tf.memory().numTensors;
    await expect(broken.sample(5)).rejects.toThrow(TabddpmError);
    await expect(broken.sample(5)).rejects.toThrow(
      'tabddpm.sample: the denoiser produced NaN at reverse step t = 19 (of 19 down to 0); expected finite ' +
        'outputs. The weights have diverged or were loaded corrupt: refit, or lower learningRate.',
    );
    expect(tf.memory().numTensors).toBe(before);
    for (const m of [model, broken]) m.dispose();
  });
});

describe('save and load', () => {
  test('a loaded model gives the same seeded rows and continues the unseeded stream', async () => {
    const data = knownTable(100);
    const model = new Tabddpm({ ...TINY, steps: 10, seed: 8, sampleWeights: 'ema' });
    await model.fit(data);
    await model.sample(5);
    const saved = model.save();
    const json = JSON.parse(JSON.stringify(saved.state));
    expect(json).toEqual(saved.state);
    const loaded = Tabddpm.load(saved);
    expect(loaded.options.sampleWeights).toBe('ema');
    expect((await loaded.sample(20, { seed: 3 })).toRows()).toEqual(
      (await model.sample(20, { seed: 3 })).toRows(),
    );
    expect((await loaded.sample(7)).toRows()).toEqual((await model.sample(7)).toRows());
    for (const m of [model, loaded]) m.dispose();
  });

  test('sample before fit and a foreign saved model are clear errors', async () => {
    await expect(new Tabddpm().sample(3)).rejects.toThrow(
      'tabddpm.sample: the model is not fitted; call fit(data) or Tabddpm.load(saved) first.',
    );
    expect(() =>
      Tabddpm.load({
        kind: 'copula',
        formatVersion: 1,
        schema: { columns: [], label: null },
        state: {},
        rng: new Rng(0).state(),
        tensors: {},
      }),
    ).toThrow(
      "Tabddpm.load: expected a saved 'tabddpm' model of format 2, got 'copula' format 1; load it with the synthesizer that saved it.",
    );
  });
});

describe('options', () => {
  test.each([
    [{ steps: 0 }, 'tabddpm: steps must be a positive integer, got 0.'],
    [
      { denoiserDims: [] },
      'tabddpm: denoiserDims must be a non-empty list of positive integers, got []; for example [512, 1024, 1024, 512].',
    ],
    [{ learningRate: -1 }, 'tabddpm: learningRate must be in (0, Infinity), got -1.'],
    [{ emaRate: 2 }, 'tabddpm: emaRate must be in [0, 1], got 2.'],
    [
      { scheduler: 'linear' as const, numTimesteps: 10 },
      "tabddpm: the linear schedule needs numTimesteps > 20 (its last beta is 20 / T), got 10; use more timesteps or scheduler 'cosine'.",
    ],
  ])('%o is refused', (options, message) => {
    expect(() => new Tabddpm(options)).toThrow(message);
  });

  test("the defaults are the paper's and the released configs'", () => {
    const o = new Tabddpm().options;
    expect(o.denoiserDims).toEqual([512, 1024, 1024, 1024, 1024, 1024, 512]);
    expect([
      o.numTimesteps,
      o.scheduler,
      o.batchSize,
      o.steps,
      o.learningRate,
      o.weightDecay,
    ]).toEqual([100, 'cosine', 4096, 30000, 0.002, 1e-4]);
    expect([o.embeddingDim, o.emaRate, o.sampleWeights]).toEqual([128, 0.999, 'model']);
  });
});
