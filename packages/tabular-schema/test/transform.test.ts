import { Rng } from '@synthctr/runtime';
import { describe, expect, it } from 'vitest';
import {
  BayesianGaussianMixture1D,
  Dataset,
  DataTransformer,
  datasetFromRows,
  digamma,
  lgamma,
  numericSchema,
  type Schema,
} from '../src/index.js';

/** 600 draws of N(0, 1) then 400 of N(10, 0.5²), shuffled. */
function twoModes(seed: number): Float64Array {
  const rng = new Rng(seed);
  const x = new Float64Array(1000);
  for (let i = 0; i < 600; i++) x[i] = rng.normal(0, 1);
  for (let i = 600; i < 1000; i++) x[i] = rng.normal(10, 0.5);
  return rng.shuffle(x);
}

function mixedTable(): Dataset {
  const x = twoModes(1);
  const rng = new Rng(2);
  const colour = Int32Array.from(x, () => rng.int(3));
  const schema: Schema = {
    columns: [
      numericSchema('x', 'float', x),
      { name: 'colour', kind: 'categorical', categories: ['red', 'green', 'blue'] },
    ],
    label: null,
  };
  return Dataset.fromColumns(schema, { x, colour });
}

describe('special functions', () => {
  it('match known values of ln Γ and ψ', () => {
    expect(lgamma(0.5)).toBeCloseTo(0.5723649429247001, 12);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 11);
    expect(lgamma(1e-3)).toBeCloseTo(6.907178885383853, 10);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 12);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 12);
    expect(digamma(0.001)).toBeCloseTo(-1000.5755719318103, 8);
  });
});

describe('BayesianGaussianMixture1D', () => {
  it('finds the two modes of a known mixture and prunes the rest', () => {
    const bgm = BayesianGaussianMixture1D.fit(twoModes(3), new Rng(0));
    const { weights, means, variances } = bgm.state;
    const kept = weights.map((_w, j) => j).filter((j) => weights[j] > 0.005);
    expect(kept).toHaveLength(2);
    const [a, b] = kept.sort((i, j) => means[i] - means[j]);
    expect(weights[a]).toBeCloseTo(0.6, 1);
    expect(weights[b]).toBeCloseTo(0.4, 1);
    expect(means[a]).toBeCloseTo(0, 0);
    expect(means[b]).toBeCloseTo(10, 0);
    expect(Math.sqrt(variances[a])).toBeGreaterThan(0.85);
    expect(Math.sqrt(variances[a])).toBeLessThan(1.15);
    // The variational scale adds the prior (data variance ≈ 24, and the mean's pull towards
    // the data mean ≈ 6) over about 400 degrees of freedom: sqrt(0.25 + 0.06 + 0.09) ≈ 0.63.
    expect(Math.sqrt(variances[b])).toBeGreaterThan(0.55);
    expect(Math.sqrt(variances[b])).toBeLessThan(0.7);
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });

  it('is deterministic for a seed and handles a constant column', () => {
    const x = twoModes(4);
    const a = BayesianGaussianMixture1D.fit(x, new Rng(9)).state;
    const b = BayesianGaussianMixture1D.fit(x, new Rng(9)).state;
    expect(a).toEqual(b);
    const constant = BayesianGaussianMixture1D.fit(new Float64Array(20).fill(7), new Rng(0)).state;
    expect(constant.means.every((m) => Math.abs(m - 7) < 1e-9)).toBe(true);
    expect(constant.variances.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
  });
});

describe('DataTransformer', () => {
  it('lays out alpha, mode and category spans with the conditional vector', () => {
    const t = DataTransformer.fit(mixedTable(), { seed: 0 });
    const modes = t.normalizer('x').modes;
    expect(modes).toBe(2);
    expect(t.layout.spans).toEqual([
      { column: 'x', kind: 'alpha', start: 0, width: 1, activation: 'tanh' },
      { column: 'x', kind: 'mode', start: 1, width: 2, activation: 'softmax' },
      { column: 'colour', kind: 'category', start: 3, width: 3, activation: 'softmax' },
    ]);
    expect(t.layout.width).toBe(6);
    expect(t.layout.condWidth).toBe(3);
    expect(t.layout.discrete).toEqual([
      { column: 'colour', start: 3, width: 3, condStart: 0, categories: ['red', 'green', 'blue'] },
    ]);
  });

  it('encodes alpha = (x − μ) / 4σ of the drawn mode and inverts it', () => {
    const data = mixedTable();
    const t = DataTransformer.fit(data, { seed: 0 });
    const m = t.transform(data, new Rng(5));
    const { means, stds } = t.normalizer('x').modeParameters;
    const x = data.values('x');
    const colour = data.codes('colour');
    for (let i = 0; i < 50; i++) {
      const row = m.subarray(i * 6, i * 6 + 6);
      const mode = row[1] === 1 ? 0 : 1;
      expect(row[1] + row[2]).toBe(1);
      const expected = Math.max(-0.99, Math.min(0.99, (x[i] - means[mode]) / (4 * stds[mode])));
      expect(row[0]).toBeCloseTo(expected, 6);
      expect(row[3 + colour[i]]).toBe(1);
      expect(row[3] + row[4] + row[5]).toBe(1);
    }
    const back = t.inverse(m, data.nRows);
    expect(back.schema).toEqual(data.schema);
    expect(Array.from(back.codes('colour'))).toEqual(Array.from(colour));
    const err = back.values('x').reduce((s, v, i) => Math.max(s, Math.abs(v - x[i])), 0);
    expect(err).toBeLessThan(1e-4);
  });

  it('draws the mode from the posterior, not the argmax', () => {
    const values = new Float64Array(400);
    for (let i = 0; i < 400; i++)
      values[i] = i % 2 === 0 ? -5 + (i % 7) * 0.01 : 5 - (i % 5) * 0.01;
    const base = datasetFromRows(Array.from(values, (v) => ({ v })));
    const t = DataTransformer.fit(base, { seed: 1 });
    const { means } = t.normalizer('v').modeParameters;
    expect(means).toHaveLength(2);
    const midpoint = (means[0] + means[1]) / 2;
    const probe = datasetFromRows(
      Array.from({ length: 2000 }, () => ({ v: midpoint })),
      {
        kinds: { v: 'float' },
      },
    );
    const m = t.transform(probe, new Rng(3));
    let first = 0;
    for (let i = 0; i < 2000; i++) first += m[i * 3 + 1];
    expect(first / 2000).toBeGreaterThan(0.2);
    expect(first / 2000).toBeLessThan(0.8);
  });

  it('gives sparse, index and dense forms that agree', () => {
    const data = mixedTable();
    const t = DataTransformer.fit(data, { seed: 0 });
    const dense = t.transform(data, new Rng(8));
    const sparse = t.transformSparse(data, new Rng(8));
    expect(sparse.nnz).toBe(3);
    const rebuilt = new Float32Array(dense.length);
    for (let e = 0; e < sparse.indices.length; e++) {
      rebuilt[Math.floor(e / 3) * 6 + sparse.indices[e]] = sparse.values[e];
    }
    expect(rebuilt).toEqual(dense);
    const idx = t.discreteIndices(data);
    expect(Array.from(idx.subarray(0, 5))).toEqual(
      Array.from(data.codes('colour').subarray(0, 5), (c) => 3 + c),
    );
  });

  it('B01: a discrete column with blanks has 3 levels and width 3, missing included', () => {
    const data = datasetFromRows(
      ['red', '', 'blue', '', '', 'red'].map((color, i) => ({
        color,
        size: [1, 2, 3, 1, 2, 3][i],
      })),
      { kinds: { size: 'categorical' } },
    );
    const t = DataTransformer.fit(data);
    expect(t.layout.discrete[0]).toMatchObject({
      column: 'color',
      width: 3,
      categories: ['red', null, 'blue'],
    });
    expect(t.allDiscrete).toBe(true);
    expect(t.layout.width).toBe(6);
    const back = t.inverse(t.transform(data, new Rng(0)), data.nRows);
    expect(back.toRows()).toEqual(data.toRows());
  });

  it('B02: rejects numeric columns with missing cells, naming each and the count', () => {
    const data = datasetFromRows([
      { age: 34, income: 52000 },
      { age: null, income: 61000 },
      { age: 45, income: null },
      { age: 29, income: 48000 },
    ]);
    expect(() => DataTransformer.fit(data)).toThrowError(
      "DataTransformer.fit: numeric columns must have no missing cells; got 'age' (1 missing of 4), " +
        "'income' (1 missing of 4). Impute them before fitting, or declare the columns categorical " +
        '(missing is then a level).',
    );
  });

  it('B06: refuses a forced-categorical id-like column before allocating, with width and memory', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ code: `type${i}`, amount: i % 7 }));
    const inferred = datasetFromRows(rows);
    expect(inferred.columnSchema('code').kind).toBe('id');
    expect(DataTransformer.fit(inferred).schema.columns.map((c) => c.name)).toEqual(['amount']);
    const forced = datasetFromRows(rows, { kinds: { code: 'categorical' } });
    let error: unknown;
    try {
      DataTransformer.fit(forced);
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).toBe('WidthError');
    expect((error as Error).message).toContain("column 'code' has 5000 levels in 5000 rows");
    expect((error as Error).message).toContain('5000 x 5000 x 4 B ≈ 100 MB');
    const raised = DataTransformer.fit(forced, { oneHot: { maxLevelRatio: 1.5 } });
    expect(raised.layout.discrete[0]).toMatchObject({ column: 'code', width: 5000 });
  });

  it('leaves id columns out by default and round-trips through JSON', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      key: `k${i}`,
      v: (i % 9) * 1.5,
      c: i % 2 ? 'a' : 'b',
    }));
    const data = datasetFromRows(rows, { kinds: { key: 'id' } });
    const t = DataTransformer.fit(data, { seed: 3 });
    expect(t.schema.columns.map((c) => c.name)).toEqual(['v', 'c']);
    const copy = DataTransformer.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(copy.layout).toEqual(t.layout);
    expect(copy.transform(data, new Rng(4))).toEqual(t.transform(data, new Rng(4)));
  });
});
