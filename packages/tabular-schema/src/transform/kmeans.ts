import type { Rng } from '@synthctr/runtime/light';

/** Lloyd iterations at most, as scikit-learn's KMeans. */
const MAX_ITER = 300;
/** Convergence when the squared centre shift is below this times the data variance. */
const RELATIVE_TOL = 1e-4;

/**
 * One-dimensional k-means (k-means++ seeding with 2 + ln k local trials, then Lloyd), the
 * initialisation scikit-learn's mixtures use. Returns the label of each value.
 *
 * Porting note: the draws come from synthctr's Rng, so labels match scikit-learn's only up to
 * the random choices; n_init is 1 as in the reference.
 */
export function kmeans1d(x: Float64Array, k: number, rng: Rng): Int32Array {
  const n = x.length;
  const centres = seedCentres(x, k, rng);
  const labels = new Int32Array(n);
  const tol = RELATIVE_TOL * variance(x);
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  for (let iter = 0; iter < MAX_ITER; iter++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const label = nearest(x[i], centres);
      if (label !== labels[i] || iter === 0) changed += 1;
      labels[i] = label;
    }
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      sums[labels[i]] += x[i];
      counts[labels[i]] += 1;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      const next = sums[c] / counts[c];
      shift += (next - centres[c]) ** 2;
      centres[c] = next;
    }
    if (changed === 0 || shift <= tol) break;
  }
  for (let i = 0; i < n; i++) labels[i] = nearest(x[i], centres);
  return labels;
}

function seedCentres(x: Float64Array, k: number, rng: Rng): Float64Array {
  const n = x.length;
  const centres = new Float64Array(k);
  const trials = 2 + Math.floor(Math.log(k));
  const closest = new Float64Array(n);
  centres[0] = x[rng.int(n)];
  for (let i = 0; i < n; i++) closest[i] = (x[i] - centres[0]) ** 2;
  let potential = sum(closest);
  for (let c = 1; c < k; c++) {
    let bestValue = x[rng.int(n)];
    let bestPotential = Number.POSITIVE_INFINITY;
    for (let t = 0; t < trials; t++) {
      const candidate = potential > 0 ? x[rng.categorical(closest)] : x[rng.int(n)];
      let p = 0;
      for (let i = 0; i < n; i++) p += Math.min(closest[i], (x[i] - candidate) ** 2);
      if (p < bestPotential) {
        bestPotential = p;
        bestValue = candidate;
      }
    }
    centres[c] = bestValue;
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i], (x[i] - bestValue) ** 2);
    potential = sum(closest);
  }
  return centres;
}

function nearest(v: number, centres: Float64Array): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let c = 0; c < centres.length; c++) {
    const d = (v - centres[c]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function variance(x: Float64Array): number {
  const mean = sum(x) / x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - mean) ** 2;
  return s / x.length;
}
