import { Rng } from '@synthctr/runtime';
import { describe, expect, it } from 'vitest';
import {
  fitMarginal,
  MARGINAL_NAMES,
  type MarginalState,
  marginalFromState,
} from '../src/index.js';
import { fitBeta, fitGamma, fitGaussianKde, fitTruncatedNormal } from '../src/marginals/index.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

function params(state: MarginalState): Record<string, number> {
  const { kind: _kind, ...rest } = state as Record<string, unknown>;
  return rest as Record<string, number>;
}

/** The same seeded samples were given to SciPy 1.17 to get the reference fits below. */
function betaSample(seed: number, n: number, a: number, b: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => 10 + 4 * rng.beta(a, b));
}

describe('beta marginal (four parameters by maximum likelihood)', () => {
  it('matches SciPy beta.fit(x, loc=min, scale=max-min) to 1e-3 relative on Beta(2, 5, 10, 4)', () => {
    const m = fitBeta(betaSample(1, 20000, 2, 5));
    // scipy.stats.beta.fit on the same 20,000 values.
    const scipy = {
      a: 1.9314208154485755,
      b: 4.754505053538203,
      loc: 10.00101476451691,
      scale: 3.9434478622948683,
    };
    const got = params(m.state);
    for (const key of ['a', 'b', 'loc', 'scale'] as const) {
      expect(rel(got[key], scipy[key])).toBeLessThan(1e-3);
    }
    // And the truth within the sampling error of n = 20,000 (a ±0.15, b ±0.5, loc ±0.01, scale ±0.1).
    expect(Math.abs(got.a - 2)).toBeLessThan(0.15);
    expect(Math.abs(got.b - 5)).toBeLessThan(0.5);
    expect(Math.abs(got.loc - 10)).toBeLessThan(0.01);
    expect(Math.abs(got.scale - 4)).toBeLessThan(0.1);
  });

  it('[slow] matches SciPy to 1e-3 relative on Beta(3, 3, 10, 4) with 60,000 values', () => {
    const got = params(fitBeta(betaSample(1, 60000, 3, 3)).state);
    const scipy = {
      a: 3.038907206730049,
      b: 3.014617600071078,
      loc: 9.985358307944626,
      scale: 4.016647187892577,
    };
    for (const key of ['a', 'b', 'loc', 'scale'] as const) {
      expect(rel(got[key], scipy[key])).toBeLessThan(1e-3);
    }
  });

  it('covers every value with its support, also with ties at the minimum and maximum', () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => ((i * 7) % 13) + 0.5);
    const got = params(fitBeta(x).state);
    expect(got.loc).toBeLessThan(0.5);
    expect(got.loc + got.scale).toBeGreaterThan(12.5);
  });

  it('falls back to a Gaussian, saying why, when the fitted scale is below float32 epsilon', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => 1 + (i % 5) * 1e-9);
    const fit = fitMarginal('beta', x);
    expect(fit.marginal.state.kind).toBe('norm');
    expect(fit.fallback).toMatch(
      /^the Beta fit converged to a near-zero range \(scale [0-9.e-]+\)$/,
    );
  });

  it('is a point mass on a constant column, with no NaN anywhere', () => {
    const m = fitBeta(new Float64Array(20).fill(7));
    expect(m.state).toEqual({ kind: 'point', value: 7 });
    expect([m.cdf(6.9), m.cdf(7), m.ppf(0.3)]).toEqual([0, 1, 7]);
  });
});

describe('other marginals', () => {
  it('gamma matches SciPy gamma.fit to 1e-3 relative on 5 + 2·Gamma(3)', () => {
    const rng = new Rng(2);
    const x = Float64Array.from({ length: 20000 }, () => 5 + 2 * rng.gamma(3));
    const got = params(fitGamma(x).state);
    const scipy = { a: 3.077520986568673, loc: 4.960517472126625, scale: 1.964690752247067 };
    for (const key of ['a', 'loc', 'scale'] as const) {
      expect(rel(got[key], scipy[key])).toBeLessThan(1e-3);
    }
  });

  it('truncnorm matches the SciPy truncated-normal MLE (bounds min - eps, max + eps) to 1e-6', () => {
    const rng = new Rng(4);
    const values: number[] = [];
    while (values.length < 20000) {
      const v = rng.normal(0.3, 1);
      if (v >= -1 && v <= 2) values.push(v);
    }
    const got = params(fitTruncatedNormal(Float64Array.from(values)).state);
    expect(got.loc).toBeCloseTo(0.29177693, 6);
    expect(got.scale).toBeCloseTo(0.99653089, 6);
  });

  it.each([
    [1000, [0.011632130693300725, 0.13002168816578363, 0.418093827004975, 0.8776292649128284]],
    [10000, [0.01157869275142526, 0.15249153408617744, 0.4199333652833952, 0.8808700295243257]],
  ])('gaussian_kde on %i values matches SciPy integrate_box_1d to 1e-5', (n, want) => {
    const rng = new Rng(3);
    const x = Float64Array.from({ length: n }, () =>
      rng.next() < 0.3 ? rng.normal(-2, 0.5) : rng.normal(1, 1),
    );
    const m = fitGaussianKde(x);
    for (const [i, v] of [-3, -2, 0, 2].entries()) {
      expect(Math.abs(m.cdf(v) - want[i])).toBeLessThan(1e-5);
    }
  });

  it('norm and uniform are the moment and range fits', () => {
    const x = Float64Array.from([1, 2, 3, 4, 10]);
    expect(fitMarginal('norm', x).marginal.state).toEqual({
      kind: 'norm',
      loc: 4,
      scale: Math.sqrt(10),
    });
    expect(fitMarginal('uniform', x).marginal.state).toEqual({ kind: 'uniform', loc: 1, scale: 9 });
  });

  it.each(MARGINAL_NAMES)(
    '%s: ppf inverts cdf, and the state rebuilds the same distribution',
    (name) => {
      const rng = new Rng(11);
      const x = Float64Array.from({ length: 3000 }, () => 2 + rng.gamma(2.5));
      const { marginal } = fitMarginal(name, x);
      const copy = marginalFromState(JSON.parse(JSON.stringify(marginal.state)));
      for (const u of [0.001, 0.1, 0.5, 0.9, 0.999]) {
        const q = marginal.ppf(u);
        expect(Math.abs(marginal.cdf(q) - u)).toBeLessThan(1e-9);
        expect(copy.ppf(u)).toBe(q);
      }
    },
  );
});
