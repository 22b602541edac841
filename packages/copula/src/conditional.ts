import type { Rng } from '@synthctr/runtime/light';
import { Matrix } from 'ml-matrix';
import { choleskyLower } from './correlation.js';
import { truncatedNormal } from './math/normal.js';

/** What one conditioned normal score must satisfy: lie in [lo, hi], or equal a value. */
export type ScoreCondition =
  | { index: number; kind: 'interval'; lo: number; hi: number }
  | { index: number; kind: 'point'; z: number };

/**
 * The Gaussian conditional of the normal scores for one ordered set of conditioned columns:
 * the Cholesky factor of their block (in draw order), the regression of the others on them
 * and the Cholesky factor of the others' conditional covariance.
 */
export interface ConditionalPlan {
  /** Conditioned column indices, in draw order. */
  cond: number[];
  /** The other column indices. */
  rest: number[];
  /** Lower Cholesky factor of Σ_CC (m × m, row-major). */
  lc: Float64Array;
  /** Σ_RC Σ_CC⁻¹ (r × m, row-major). */
  k: Float64Array;
  /** Lower Cholesky factor of Σ_RR − Σ_RC Σ_CC⁻¹ Σ_CR (r × r, row-major). */
  ls: Float64Array;
}

/** Builds the plan for conditioning `cond` (in that order) under the correlation `r`. */
export function conditionalPlan(r: Matrix, cond: readonly number[]): ConditionalPlan {
  const d = r.rows;
  const taken = new Set(cond);
  const rest = Array.from({ length: d }, (_, i) => i).filter((i) => !taken.has(i));
  const m = cond.length;
  const sub = (rows: readonly number[], cols: readonly number[]): Matrix =>
    new Matrix(rows.map((i) => cols.map((j) => r.get(i, j))));
  if (m === 0) {
    return {
      cond: [],
      rest,
      lc: new Float64Array(0),
      k: new Float64Array(0),
      ls: choleskyLower(r),
    };
  }
  const scc = sub(cond, cond);
  const src = sub(rest, cond);
  const lc = choleskyLower(scc);
  // K = S_RC S_CC^-1, from S_CC K^T = S_CR.
  const kt = rest.length > 0 ? solveSpd(scc, lc, src.transpose()) : new Matrix(m, 0);
  const k = kt.transpose();
  const cov = sub(rest, rest).sub(k.mmul(src.transpose()));
  const sym = cov.add(cov.transpose()).mul(0.5);
  const kFlat = new Float64Array(rest.length * m);
  for (let i = 0; i < rest.length; i++) for (let j = 0; j < m; j++) kFlat[i * m + j] = k.get(i, j);
  return { cond: [...cond], rest, lc, k: kFlat, ls: choleskyLower(sym) };
}

/** Solves A X = B for symmetric positive definite A given its lower Cholesky factor. */
function solveSpd(a: Matrix, l: Float64Array, b: Matrix): Matrix {
  const n = a.rows;
  const out = new Matrix(n, b.columns);
  const y = new Float64Array(n);
  for (let c = 0; c < b.columns; c++) {
    for (let i = 0; i < n; i++) {
      let s = b.get(i, c);
      for (let j = 0; j < i; j++) s -= l[i * n + j] * y[j];
      y[i] = s / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let j = i + 1; j < n; j++) s -= l[j * n + i] * out.get(j, c);
      out.set(i, c, s / l[i * n + i]);
    }
  }
  return out;
}

/**
 * Draws `n` rows of normal scores (one Float64Array per column) from N(0, R) given the
 * conditions, which must list the plan's conditioned columns in its order. Conditioned scores
 * are drawn one after another, each from its Gaussian conditional given those before it,
 * truncated to its interval (or set to its point); the others from their exact Gaussian
 * conditional given all of them. Per row: the conditioned draws, then d − m normal deviates.
 */
export function drawScores(
  plan: ConditionalPlan,
  conditions: readonly ScoreCondition[],
  d: number,
  n: number,
  rng: Rng,
): Float64Array[] {
  const { cond, rest, lc, k, ls } = plan;
  const m = cond.length;
  const r = rest.length;
  const z = Array.from({ length: d }, () => new Float64Array(n));
  const eta = new Float64Array(m);
  const zc = new Float64Array(m);
  const eps = new Float64Array(r);
  for (let row = 0; row < n; row++) {
    for (let a = 0; a < m; a++) {
      let mean = 0;
      for (let b = 0; b < a; b++) mean += lc[a * m + b] * eta[b];
      const sd = lc[a * m + a];
      const c = conditions[a];
      if (c.kind === 'point') eta[a] = (c.z - mean) / sd;
      else eta[a] = truncatedNormal(rng, (c.lo - mean) / sd, (c.hi - mean) / sd);
      zc[a] = mean + sd * eta[a];
      z[cond[a]][row] = zc[a];
    }
    for (let i = 0; i < r; i++) eps[i] = rng.normal();
    for (let i = 0; i < r; i++) {
      let v = 0;
      for (let j = 0; j < m; j++) v += k[i * m + j] * zc[j];
      for (let j = 0; j <= i; j++) v += ls[i * r + j] * eps[j];
      z[rest[i]][row] = v;
    }
  }
  return z;
}
