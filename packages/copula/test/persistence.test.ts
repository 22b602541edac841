import { type Dataset, datasetFromRows, FixedCombinations } from '@synthctr/tabular-schema';
import { copySaved } from '@synthctr/tabular-schema/testing';
import { describe, expect, it } from 'vitest';
import { GaussianCopula } from '../src/index.js';

/** Countries and the cities seen with them: DE-Berlin, DE-Munich, FR-Paris, FR-Lyon, IT-Rome. */
const PAIRS = [
  ['DE', 'Berlin'],
  ['DE', 'Munich'],
  ['FR', 'Paris'],
  ['FR', 'Lyon'],
  ['IT', 'Rome'],
];
const table = datasetFromRows(
  Array.from({ length: 400 }, (_, i) => {
    const [country, city] = PAIRS[(i * 7) % 5];
    return { country, city, spend: ((i * 37) % 101) / 4, label: i % 3 === 0 ? 1 : 0 };
  }),
  { label: 'label' },
);

describe('save and load', () => {
  it.each(['beta', 'gamma', 'gaussian_kde', 'truncnorm'] as const)(
    'a model with %s marginals reloads through JSON and samples the same rows',
    async (defaultDistribution) => {
      const model = new GaussianCopula({ seed: 5, defaultDistribution });
      await model.fit(table);
      await model.sample(10);
      const copy = GaussianCopula.load(copySaved(model.save()));
      expect((await copy.sample(25)).toRows()).toEqual((await model.sample(25)).toRows());
      const conditions = { label: 1 };
      const seeded = await model.sample(25, { seed: 3, conditions });
      expect((await copy.sample(25, { seed: 3, conditions })).toRows()).toEqual(seeded.toRows());
      expect(copy.learnedDistributions()).toEqual(model.learnedDistributions());
    },
  );

  it('stores parameters, not rows: the saved state does not grow with the table', async () => {
    const size = async (d: Dataset): Promise<number> => {
      const model = new GaussianCopula({ seed: 5 });
      await model.fit(d);
      const saved = model.save();
      expect(saved.tensors).toEqual({});
      return JSON.stringify(saved.state).length;
    };
    const small = await size(table);
    const big = await size(table.concat(table, table, table));
    expect(Math.abs(big - small) / small).toBeLessThan(0.05);
  });
});

describe('the fixed-combinations constraint (country, city)', () => {
  const seen = new Set(PAIRS.map(([a, b]) => `${a}|${b}`));
  const unseen = (d: Dataset): number =>
    d.toRows().filter((r) => !seen.has(`${r.country}|${r.city}`)).length;

  it('never samples an unseen pair, also after save/load', async () => {
    const model = new GaussianCopula({
      seed: 1,
      constraints: [new FixedCombinations({ columns: ['country', 'city'] })],
    });
    await model.fit(table);
    const out = await model.sample(2000);
    expect(out.columnNames).toEqual(table.columnNames);
    expect(unseen(out)).toBe(0);
    // Without the constraint the independent-ish columns do mix.
    const free = new GaussianCopula({ seed: 1 });
    await free.fit(table);
    expect(unseen(await free.sample(2000))).toBeGreaterThan(0);
    const copy = GaussianCopula.load(copySaved(model.save()));
    expect((await copy.sample(50)).toRows()).toEqual((await model.sample(50)).toRows());
  });

  it('conditions on one constrained column give only its seen partners', async () => {
    const model = new GaussianCopula({
      seed: 1,
      constraints: [new FixedCombinations({ columns: ['country', 'city'] })],
    });
    await model.fit(table);
    const out = (await model.sample(300, { conditions: { country: 'FR', label: 0 } })).toRows();
    expect(out.every((r) => r.country === 'FR' && r.label === 0)).toBe(true);
    const cities = new Set(out.map((r) => r.city));
    expect([...cities].sort()).toEqual(['Lyon', 'Paris']);
    await expect(model.sample(3, { conditions: { country: 'IT', city: 'Paris' } })).rejects.toThrow(
      /^sample: no real row has country = 'IT', city = 'Paris'/,
    );
  });
});
