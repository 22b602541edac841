import { initBackend, liveTensorCount } from '@synthctr/runtime';
import { datasetFromRows } from '@synthctr/tabular-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { GaussianCopula, marginalFromState } from '../src/index.js';
import { Beta } from '../src/marginals/index.js';
import { corr, knownCopulaData, scores, TRUE_CORRELATION, TRUE_MARGINALS } from './helpers.js';

const N = 5000;
/** 3.5 standard errors of a correlation estimate from 5,000 rows. */
const CORRELATION_TOLERANCE = 0.05;

beforeAll(async () => {
  await initBackend();
});

describe('GaussianCopula on data drawn from a known copula', () => {
  const data = knownCopulaData(N, 1);

  it("learns the numeric columns' correlation within ±0.05 and their Beta marginals within 0.03 in CDF", async () => {
    const model = new GaussianCopula({ seed: 3 });
    const tensors = liveTensorCount();
    await model.fit(data);
    expect(liveTensorCount()).toBe(tensors);
    expect(model.modelledColumns).toEqual(['x0', 'x1', 'label']);
    const r = model.correlation;
    expect(Math.abs(r[0][1] - TRUE_CORRELATION[0][1])).toBeLessThan(CORRELATION_TOLERANCE);
    const learned = model.learnedDistributions();
    ['x0', 'x1'].forEach((name, j) => {
      expect(learned[name].distribution).toBe('beta');
      expect(learned[name].parameters.kind).toBe('beta');
      const fitted = marginalFromState(learned[name].parameters);
      const truth = new Beta(...TRUE_MARGINALS[j]);
      const [, , loc, scale] = TRUE_MARGINALS[j];
      let sup = 0;
      for (let k = 1; k < 100; k++) {
        const x = loc + (scale * k) / 100;
        sup = Math.max(sup, Math.abs(fitted.cdf(x) - truth.cdf(x)));
      }
      expect(sup).toBeLessThan(0.03);
    });
    // The label's encoded score keeps the sign of its latent correlations (attenuated by the noise).
    expect(r[0][2]).toBeGreaterThan(0.3);
    expect(r[1][2]).toBeLessThan(-0.1);
  });

  it('samples rows whose normal scores have the fitted correlation (±0.05) and whose label rate matches (±0.02)', async () => {
    const model = new GaussianCopula({ seed: 4 });
    await model.fit(data);
    const tensors = liveTensorCount();
    const out = await model.sample(N);
    expect(liveTensorCount()).toBe(tensors);
    expect(out.nRows).toBe(N);
    const learned = model.learnedDistributions();
    const z0 = scores(out.values('x0'), marginalFromState(learned.x0.parameters));
    const z1 = scores(out.values('x1'), marginalFromState(learned.x1.parameters));
    expect(Math.abs(corr(z0, z1) - model.correlation[0][1])).toBeLessThan(CORRELATION_TOLERANCE);
    const realRate = data.labelCodes().reduce((s, c) => s + c, 0) / N;
    const rate = out.labelCodes().reduce((s, c) => s + c, 0) / N;
    expect(Math.abs(rate - realRate)).toBeLessThan(0.02);
  });

  it('with the encoded categorical marginal, uses U(0, 1) for the label', async () => {
    const model = new GaussianCopula({ seed: 4, categoricalMarginal: 'encoded' });
    await model.fit(data);
    const learned = model.learnedDistributions();
    expect(learned.label.distribution).toBe('encoded');
    expect(learned.label.parameters).toEqual({ kind: 'uniform', loc: 0, scale: 1 });
  });

  it('uses the per-column families it is given', async () => {
    const model = new GaussianCopula({
      defaultDistribution: 'norm',
      numericalDistributions: { x1: 'gaussian_kde' },
    });
    await model.fit(data);
    const learned = model.learnedDistributions();
    expect([learned.x0, learned.x1, learned.label].map((l) => l.parameters.kind)).toEqual([
      'norm',
      'gaussian_kde',
      'norm',
    ]);
  });
});

describe('missing numeric cells and other column kinds', () => {
  it('re-creates missing cells at the training rate (±0.03) and keeps the rest finite and in range', async () => {
    const rows = Array.from({ length: 800 }, (_, i) => ({
      age: i % 4 === 0 ? null : 20 + ((i * 13) % 50),
      active: i % 3 === 0,
      when: new Date(Date.UTC(2024, 0, 1 + (i % 60))),
    }));
    const data = datasetFromRows(rows, { kinds: { age: 'integer' } });
    const model = new GaussianCopula({ seed: 2 });
    await model.fit(data);
    const out = await model.sample(4000);
    const ages = out.values('age');
    const missing = ages.filter((v) => Number.isNaN(v)).length / ages.length;
    expect(Math.abs(missing - 0.25)).toBeLessThan(0.03);
    const present = ages.filter((v) => !Number.isNaN(v));
    expect(present.every((v) => Number.isInteger(v) && v >= 20 && v <= 69)).toBe(true);
    const activeRate = out.toRows().filter((r) => r.active === true).length / 4000;
    expect(Math.abs(activeRate - 267 / 800)).toBeLessThan(0.03);
    const when = out.values('when');
    const first = Date.UTC(2024, 0, 1);
    const last = Date.UTC(2024, 0, 60);
    expect(when.every((t) => Number.isInteger(t) && t >= first && t <= last)).toBe(true);
  });
});
