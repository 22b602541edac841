import { Rng } from '@synthctr/runtime';
import { describe, expect, it } from 'vitest';
import { CdfInverter } from '../src/math/invert.js';
import { nelderMead } from '../src/math/nelder-mead.js';
import { normCdf, normPdf, normPpf, truncatedNormal } from '../src/math/normal.js';
import { betaInc, digamma, gammaInc, logGamma, trigamma } from '../src/math/special.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('normal distribution', () => {
  // Reference values: scipy.stats.norm (SciPy 1.17).
  it.each([
    [-30, 4.906713927147908e-198],
    [-10, 7.61985302416047e-24],
    [-5, 2.866515718791933e-7],
    [-3, 0.0013498980316300933],
    [-1, 0.15865525393145707],
    [0, 0.5],
    [1.96, 0.9750021048517795],
  ])('normCdf(%d) = %d to 1e-13 relative', (x, want) => {
    expect(rel(normCdf(x), want)).toBeLessThan(1e-13);
  });

  it.each([
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798409],
    [1e-10, -6.361340902404056],
    [0.001, -3.090232306167813],
    [0.975, 1.959963984540054],
    [1 - 1e-10, 6.361340889697422],
  ])('normPpf(%d) = %d to 1e-14 relative', (p, want) => {
    expect(rel(normPpf(p), want)).toBeLessThan(1e-14);
  });

  it('maps 0 and 1 to the infinities and rejects values outside [0, 1]', () => {
    expect(normPpf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normPpf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normPpf(1.5)).toBeNaN();
  });

  it('draws truncated normals inside the bounds with the analytic mean', () => {
    const rng = new Rng(3);
    const cases: [number, number][] = [
      [1, 2],
      [-0.5, 0.25],
      [-Infinity, -3],
      [40, 41],
    ];
    for (const [a, b] of cases) {
      const n = 20000;
      let sum = 0;
      let outside = 0;
      for (let i = 0; i < n; i++) {
        const x = truncatedNormal(rng, a, b);
        if (!(x >= a && x <= b)) outside += 1;
        sum += x;
      }
      expect(outside).toBe(0);
      // E[X | a <= X <= b] = (φ(a) − φ(b)) / (Φ(b) − Φ(a)); for a = 40 the tail gives a + 1/a.
      const want =
        a === 40
          ? 40 + 1 / 40
          : (normPdf(a) - (Number.isFinite(b) ? normPdf(b) : 0)) / (normCdf(b) - normCdf(a));
      expect(Math.abs(sum / n - want)).toBeLessThan(0.01);
    }
  });
});

describe('special functions', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });

  it('betaInc matches closed forms: I_x(a,1) = x^a, I_x(1,b) = 1-(1-x)^b, I_x(2,3) polynomial', () => {
    for (const x of [0.01, 0.3, 0.77, 0.999]) {
      expect(rel(betaInc(x, 2.5, 1), x ** 2.5)).toBeLessThan(1e-13);
      expect(rel(betaInc(x, 1, 0.4), 1 - (1 - x) ** 0.4)).toBeLessThan(1e-13);
      const poly = 6 * x ** 2 * (1 - x) ** 2 + 4 * x ** 3 * (1 - x) + x ** 4;
      expect(rel(betaInc(x, 2, 3), poly)).toBeLessThan(1e-13);
    }
    expect(betaInc(0.5, 7.3, 7.3)).toBeCloseTo(0.5, 13);
    // SciPy: betainc(500, 520, 0.5) = 0.734506577151153.
    expect(rel(betaInc(0.5, 500, 520), 0.734506577151153)).toBeLessThan(1e-11);
  });

  it('gammaInc matches P(1, x) = 1 - e^-x and P(3, x) = 1 - e^-x (1 + x + x²/2)', () => {
    for (const x of [0.001, 0.5, 2, 10, 40]) {
      expect(gammaInc(x, 1)).toBeCloseTo(1 - Math.exp(-x), 14);
      expect(gammaInc(x, 3)).toBeCloseTo(1 - Math.exp(-x) * (1 + x + (x * x) / 2), 14);
    }
  });

  it('digamma and trigamma match ψ(1) = -γ and ψ′(1) = π²/6', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 12);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.log(2), 13);
  });
});

describe('optimisers and inversion', () => {
  it('nelderMead finds the Rosenbrock minimum (1, 1) to 1e-3', () => {
    const rosen = ([x, y]: number[]): number => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const r = nelderMead(rosen, [-1.2, 1], {
      xTolerance: 1e-8,
      fTolerance: 1e-12,
      maxEvaluations: 5000,
      maxIterations: 5000,
    });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });

  it('CdfInverter inverts a CDF to 1e-12 on its interval', () => {
    const inv = new CdfInverter(
      (x) => x ** 3,
      (x) => 3 * x * x,
      CdfInverter.chebyshevNodes(0, 1, 17),
    );
    for (const u of [0, 1e-9, 0.125, 0.5, 0.999, 1]) {
      expect(Math.abs(inv.invert(u) - Math.cbrt(u))).toBeLessThan(1e-12);
    }
  });
});
