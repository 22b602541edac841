import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Smallest eigenvalue a correlation matrix may have before it is repaired. */
export const MIN_EIGENVALUE = 1e-8;
const REPAIR_MAX_ITERATIONS = 200;
const REPAIR_TOLERANCE = 1e-12;

/**
 * The Pearson correlation of the columns (pandas `corr`): a column with zero variance (a
 * point mass) has correlation 0 with every other column, never NaN.
 */
export function pearson(columns: readonly Float64Array[]): Matrix {
  const d = columns.length;
  const n = d > 0 ? columns[0].length : 0;
  const centred = columns.map((col) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i];
    mean /= Math.max(n, 1);
    return Float64Array.from(col, (v) => v - mean);
  });
  const norms = centred.map((c) => Math.sqrt(c.reduce((s, v) => s + v * v, 0)));
  const r = Matrix.eye(d, d);
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) {
      let dot = 0;
      const ca = centred[a];
      const cb = centred[b];
      for (let i = 0; i < n; i++) dot += ca[i] * cb[i];
      const denominator = norms[a] * norms[b];
      const v = denominator > 0 ? Math.max(-1, Math.min(1, dot / denominator)) : 0;
      r.set(a, b, Number.isFinite(v) ? v : 0);
      r.set(b, a, r.get(a, b));
    }
  }
  return r;
}

/** Smallest eigenvalue of a symmetric matrix. */
export function minEigenvalue(m: Matrix): number {
  if (m.rows === 0) return 1;
  return Math.min(...new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues);
}

/** The projection onto symmetric matrices with every eigenvalue >= `floor`. */
function clipEigenvalues(m: Matrix, floor: number): Matrix {
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const v = evd.eigenvectorMatrix;
  const lambda = evd.realEigenvalues.map((l) => Math.max(l, floor));
  const scaled = v.clone();
  for (let j = 0; j < lambda.length; j++) {
    for (let i = 0; i < v.rows; i++) scaled.set(i, j, v.get(i, j) * lambda[j]);
  }
  const out = scaled.mmul(v.transpose());
  return out.add(out.transpose()).mul(0.5);
}

/** Rescales a positive definite matrix to unit diagonal. */
function unitDiagonal(m: Matrix): Matrix {
  const d = Array.from({ length: m.rows }, (_, i) => Math.sqrt(m.get(i, i)));
  const out = m.clone();
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.rows; j++) out.set(i, j, i === j ? 1 : m.get(i, j) / (d[i] * d[j]));
  }
  return out;
}

/**
 * The nearest correlation matrix (Frobenius norm) whose eigenvalues are all >= `floor`:
 * Higham's alternating projections with Dykstra's correction (2002), then one final
 * eigenvalue clip and rescale so that the result is exactly unit-diagonal and positive definite.
 */
export function nearestCorrelation(a: Matrix, floor = MIN_EIGENVALUE): Matrix {
  let y = a.clone();
  let correction = Matrix.zeros(a.rows, a.columns);
  for (let it = 0; it < REPAIR_MAX_ITERATIONS; it++) {
    const r = y.clone().sub(correction);
    const x = clipEigenvalues(r, floor);
    correction = x.clone().sub(r);
    const next = x.clone();
    for (let i = 0; i < next.rows; i++) next.set(i, i, 1);
    const change = next.clone().sub(y).norm('frobenius') / Math.max(next.norm('frobenius'), 1);
    y = next;
    if (change < REPAIR_TOLERANCE) break;
  }
  return unitDiagonal(clipEigenvalues(y, floor));
}

/**
 * A valid correlation matrix for sampling and conditioning: the estimate itself when its
 * smallest eigenvalue is at least {@link MIN_EIGENVALUE}, otherwise its repair by
 * {@link nearestCorrelation}. Says whether it was repaired.
 */
export function ensureCorrelation(r: Matrix): { matrix: Matrix; repaired: boolean } {
  if (minEigenvalue(r) >= MIN_EIGENVALUE) return { matrix: r, repaired: false };
  return { matrix: nearestCorrelation(r), repaired: true };
}

/** The lower Cholesky factor of a positive definite matrix (row-major, n × n). */
export function choleskyLower(m: Matrix): Float64Array {
  const n = m.rows;
  if (n === 0) return new Float64Array(0);
  const chol = new CholeskyDecomposition(m);
  const source = chol.isPositiveDefinite()
    ? m
    : clipEigenvalues(m, MIN_EIGENVALUE * Math.max(1, m.get(0, 0)));
  const l = (source === m ? chol : new CholeskyDecomposition(source)).lowerTriangularMatrix;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out[i * n + j] = l.get(i, j);
  return out;
}
