import { Dataset, datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { CopulaError, GaussianCopula } from '../src/index.js';

const data = datasetFromRows(
  Array.from({ length: 40 }, (_, i) => ({ x: (i % 9) + 0.5, c: ['a', 'b'][i % 2] })),
);

describe('errors name the problem and what to do', () => {
  it('rejects an unknown distribution name at construction, listing the valid ones', () => {
    expect(() => new GaussianCopula({ defaultDistribution: 'betta' as never })).toThrow(
      new CopulaError(
        `GaussianCopula: defaultDistribution is "betta", which is not a distribution; expected one of 'beta', 'norm', 'truncnorm', 'uniform', 'gamma', 'gaussian_kde'.`,
      ),
    );
    expect(() => new GaussianCopula({ categoricalMarginal: 'raw' as never })).toThrow(
      `GaussianCopula: categoricalMarginal is "raw"; expected 'fitted' or 'encoded'.`,
    );
  });

  it('rejects a per-column distribution for a column that is not modelled', async () => {
    const model = new GaussianCopula({ numericalDistributions: { y: 'norm' } });
    await expect(model.fit(data)).rejects.toThrow(
      "GaussianCopula.fit: numericalDistributions names column 'y', which is not modelled; modelled columns: x, c.",
    );
  });

  it('sample before fit, a bad n, and use after dispose are CopulaErrors', async () => {
    const model = new GaussianCopula();
    const before = await model.sample(3).catch((e: unknown) => e);
    expect(before).toBeInstanceOf(CopulaError);
    expect((before as Error).name).toBe('CopulaError');
    expect((before as Error).message).toBe(
      'GaussianCopula.sample: the model is not fitted; call fit(dataset) first.',
    );
    await model.fit(data);
    await expect(model.sample(2.5)).rejects.toThrow(
      'GaussianCopula.sample: n must be a non-negative integer, got 2.5.',
    );
    model.dispose();
    await expect(model.fit(data)).rejects.toThrow(
      'GaussianCopula.fit: the model was disposed; create a new GaussianCopula.',
    );
  });

  it('an empty table cannot be fitted', async () => {
    await expect(new GaussianCopula().fit(data.slice(0, 0))).rejects.toThrow(
      'GaussianCopula.fit: the table has no rows; fit on a table with at least one row.',
    );
  });

  it('a category in the schema but absent from training cannot be conditioned on', async () => {
    const schema = {
      columns: [{ name: 'c', kind: 'categorical' as const, categories: ['a', 'b', 'z'] }],
      label: null,
    };
    const model = new GaussianCopula();
    await model.fit(Dataset.fromColumns(schema, { c: Int32Array.from([0, 1, 0, 1, 1]) }));
    await expect(model.sample(2, { conditions: { c: 'z' } })).rejects.toThrow(
      "sample: column 'c' never took the value 'z' in training (it is in the schema but had no rows); known values: 'a', 'b'.",
    );
    const rows = (await model.sample(200)).toRows();
    expect(rows.some((r) => r.c === 'z')).toBe(false);
  });

  it('a numeric condition must be a finite number', async () => {
    const model = new GaussianCopula();
    await model.fit(data);
    await expect(model.sample(2, { conditions: { x: 'big' } })).rejects.toThrow(
      `sample: column 'x' is float; its condition must be a finite number, got "big".`,
    );
  });

  it('load refuses another kind or format', () => {
    expect(() =>
      GaussianCopula.load({
        kind: 'ctgan',
        formatVersion: 1,
        schema: data.schema,
        state: {},
        rng: { s: [1, 2, 3, 4], spare: null },
        tensors: {},
      }),
    ).toThrow(
      "GaussianCopula.load: expected a saved 'copula' model of format 1, got 'ctgan' format 1; load it with the synthesizer that saved it.",
    );
  });
});
