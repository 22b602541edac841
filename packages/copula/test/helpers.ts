import { Rng } from '@synthctr/runtime';
import { Dataset, type Schema } from '@synthctr/tabular-schema';
import { Matrix } from 'ml-matrix';
import { choleskyLower } from '../src/correlation.js';
import { type Marginal, normCdf, normPpf } from '../src/index.js';
import { Beta } from '../src/marginals/index.js';

/** The known copula the tests draw from: three latent scores and their correlation. */
export const TRUE_CORRELATION = [
  [1, 0.5, 0.6],
  [0.5, 1, -0.3],
  [0.6, -0.3, 1],
];

/** Known Beta marginals of the two numeric columns x0 and x1: (a, b, loc, scale). */
export const TRUE_MARGINALS: [number, number, number, number][] = [
  [2, 5, 10, 4],
  [3, 2, -1, 2],
];

/** label = 1 when the third latent score exceeds this, so P(label = 1) = 1 − Φ(0.4). */
export const LABEL_THRESHOLD = 0.4;

/** The correlation of normal scores as a Matrix (for the Cholesky factor). */
export function matrix(rows: number[][]): Matrix {
  return new Matrix(rows);
}

/**
 * n rows from the known copula: x0, x1 = Beta marginals of the first two latent scores,
 * label = [third score > LABEL_THRESHOLD]. Columns in that order; label categories [0, 1].
 */
export function knownCopulaData(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const l = choleskyLower(matrix(TRUE_CORRELATION));
  const marginals = TRUE_MARGINALS.map(([a, b, loc, scale]) => new Beta(a, b, loc, scale));
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const label = new Int32Array(n);
  const e = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) e[k] = rng.normal();
    const z = [0, 1, 2].map((r) => l[r * 3] * e[0] + l[r * 3 + 1] * e[1] + l[r * 3 + 2] * e[2]);
    x0[i] = marginals[0].ppf(normCdf(z[0]));
    x1[i] = marginals[1].ppf(normCdf(z[1]));
    label[i] = z[2] > LABEL_THRESHOLD ? 1 : 0;
  }
  const schema: Schema = {
    columns: [
      {
        name: 'x0',
        kind: 'float',
        min: Math.min(...x0),
        max: Math.max(...x0),
        digits: null,
        missingCount: 0,
      },
      {
        name: 'x1',
        kind: 'float',
        min: Math.min(...x1),
        max: Math.max(...x1),
        digits: null,
        missingCount: 0,
      },
      { name: 'label', kind: 'categorical', categories: [0, 1] },
    ],
    label: 'label',
  };
  return Dataset.fromColumns(schema, { x0, x1, label });
}

/** Mean and variance (population) of an array. */
export function moments(x: ArrayLike<number>): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i] / x.length;
  let variance = 0;
  for (let i = 0; i < x.length; i++) variance += (x[i] - mean) ** 2 / x.length;
  return { mean, variance };
}

/** Pearson correlation of two arrays. */
export function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = moments(a);
  const mb = moments(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma.mean) * (b[i] - mb.mean);
  return s / a.length / Math.sqrt(ma.variance * mb.variance);
}

/** The normal scores Φ⁻¹(F(x)) of values under a marginal's CDF. */
export function scores(values: Float64Array, marginal: Marginal): Float64Array {
  return Float64Array.from(values, (v) =>
    normPpf(Math.min(1 - 1e-12, Math.max(1e-12, marginal.cdf(v)))),
  );
}
