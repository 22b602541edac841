import { initBackend, Rng } from '@synthctr/runtime';
import { type Dataset, datasetFromRows } from '@synthctr/tabular-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { CopulaGan, Ctgan, type CtganOptions } from '../src/index.js';

beforeAll(async () => {
  await initBackend();
});

const TINY: CtganOptions = {
  batchSize: 20,
  embeddingDim: 8,
  generatorDims: [16],
  discriminatorDims: [16],
  epochs: 3,
  seed: 5,
};

/** Exposes the Gaussianisation for tests. */
class OpenCopulaGan extends CopulaGan {
  forward(data: Dataset): Dataset {
    return this.prepare(data);
  }
  backward(data: Dataset): Dataset {
    return this.restore(data);
  }
}

/** 400 rows: a Beta(2, 5) amount on [10, 60], a skewed count and a category. */
function skewed(): Dataset {
  const rng = new Rng(4);
  return datasetFromRows(
    Array.from({ length: 400 }, () => ({
      amount: 10 + 50 * rng.beta(2, 5),
      wait: -Math.log(1 - rng.next()) * 3,
      kind: rng.next() < 0.3 ? 'a' : 'b',
    })),
  );
}

describe('CopulaGan', () => {
  it('is CTGAN exactly on an all-categorical table (same seed, same rows)', async () => {
    const rng = new Rng(1);
    const data = datasetFromRows(
      Array.from({ length: 120 }, () => ({
        colour: ['r', 'g', 'b'][rng.int(3)],
        size: ['s', 'm'][rng.int(2)],
        label: rng.int(2),
      })),
      { label: 'label' },
    );
    const ctgan = new Ctgan(TINY);
    const copulagan = new CopulaGan(TINY);
    const a = await ctgan.fit(data);
    const b = await copulagan.fit(data);
    expect(b.history.map((h) => h.generatorLoss)).toEqual(a.history.map((h) => h.generatorLoss));
    expect((await copulagan.sample(50)).toRows()).toEqual((await ctgan.sample(50)).toRows());
    const conditioned = { conditions: { label: 1 }, seed: 3 };
    expect((await copulagan.sample(20, conditioned)).toRows()).toEqual(
      (await ctgan.sample(20, conditioned)).toRows(),
    );
    ctgan.dispose();
    copulagan.dispose();
  });

  it('Gaussianises numeric columns through their fitted marginals and maps them back', () => {
    const data = skewed();
    const model = new OpenCopulaGan({ numericalDistributions: { wait: 'gamma' } });
    const z = model.forward(data);
    for (const name of ['amount', 'wait']) {
      const v = z.values(name);
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
      expect(Math.abs(mean)).toBeLessThan(0.1);
      expect(Math.abs(sd - 1)).toBeLessThan(0.1);
    }
    expect(Array.from(z.codes('kind'))).toEqual(Array.from(data.codes('kind')));
    const marginals = model.fittedMarginals;
    expect(marginals.amount.state.kind).toBe('beta');
    expect(marginals.wait.state.kind).toBe('gamma');
    const back = model.backward(z);
    for (const name of ['amount', 'wait']) {
      const x = data.values(name);
      const y = back.values(name);
      const err = x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]) / (1 + Math.abs(v))), 0);
      expect(err).toBeLessThan(1e-6);
    }
  });

  it('samples inside the training range and reloads to the same rows', async () => {
    const data = skewed();
    const model = new CopulaGan(TINY);
    await model.fit(data);
    const out = await model.sample(300);
    const { min, max } = data.columnSchema('amount') as { min: number; max: number };
    expect(
      out.toRows().every((r) => (r.amount as number) >= min && (r.amount as number) <= max),
    ).toBe(true);
    const copy = CopulaGan.load(model.save());
    expect(copy.name).toBe('copulagan');
    expect((await copy.sample(9)).toRows()).toEqual((await model.sample(9)).toRows());
    expect(() => Ctgan.load(model.save())).toThrowError(
      "load: expected a saved 'ctgan' model, got 'copulagan'.",
    );
    model.dispose();
    copy.dispose();
  });

  it('names a numericalDistributions column that is not numeric', async () => {
    const model = new CopulaGan({ ...TINY, numericalDistributions: { kind: 'norm' } });
    await expect(model.fit(skewed())).rejects.toThrowError(
      "CopulaGAN.fit: numericalDistributions names 'kind', which is not a numeric column; numeric columns: amount, wait.",
    );
  });
});
