import { digamma, logBeta, logGamma, type Rng } from '@synthctr/runtime/light';
import { SchemaError } from '../errors.js';
import { kmeans1d } from './kmeans.js';
import { logSumExp } from './log-sum-exp.js';

/** Options of {@link BayesianGaussianMixture1D.fit}. */
export interface BgmOptions {
  /** Largest number of components (fewer when the column has fewer values). @default 10 */
  maxComponents?: number;
  /** Concentration of the Dirichlet-process weight prior. @default 0.001 */
  weightConcentrationPrior?: number;
  /** EM iterations at most. @default 100 */
  maxIter?: number;
  /** Stop when the lower bound moves by less than this. @default 0.001 */
  tol?: number;
  /** Added to every variance for stability. @default 1e-6 */
  regCovar?: number;
}

type ResolvedBgmOptions = Required<BgmOptions>;

/** The fitted state of a mixture, as plain JSON-safe data. */
export interface BgmState {
  /** Mixture weights (they sum to 1). */
  weights: number[];
  /** Component means. */
  means: number[];
  /** Component variances (the Wishart scale divided by the degrees of freedom). */
  variances: number[];
  /** Variational Beta parameters of the stick-breaking weights. */
  concentrationA: number[];
  concentrationB: number[];
  /** Variational precision scale of each mean. */
  meanPrecision: number[];
  /** Variational degrees of freedom of each precision. */
  degreesOfFreedom: number[];
  /** EM iterations run and whether the lower bound converged. */
  iterations: number;
  converged: boolean;
}

export const DEFAULT_BGM_COMPONENTS = 10;
export const DEFAULT_WEIGHT_CONCENTRATION_PRIOR = 0.001;
const DEFAULT_MAX_ITER = 100;
const DEFAULT_TOL = 1e-3;
const DEFAULT_REG_COVAR = 1e-6;
const FLOAT64_EPS = 2.220446049250313e-16;
const LOG_2PI = Math.log(2 * Math.PI);

function resolve(options: BgmOptions): ResolvedBgmOptions {
  return {
    maxComponents: options.maxComponents ?? DEFAULT_BGM_COMPONENTS,
    weightConcentrationPrior:
      options.weightConcentrationPrior ?? DEFAULT_WEIGHT_CONCENTRATION_PRIOR,
    maxIter: options.maxIter ?? DEFAULT_MAX_ITER,
    tol: options.tol ?? DEFAULT_TOL,
    regCovar: options.regCovar ?? DEFAULT_REG_COVAR,
  };
}

interface Priors {
  weight: number;
  mean: number;
  meanPrecision: number;
  dof: number;
  covariance: number;
}

/**
 * A one-dimensional variational Bayesian Gaussian mixture with a Dirichlet-process
 * (stick-breaking) weight prior, following scikit-learn's BayesianGaussianMixture with
 * `weight_concentration_prior_type='dirichlet_process'`: k-means initialisation, then
 * variational EM on the lower bound; priors mean = data mean, mean precision 1, degrees of
 * freedom 1, covariance = the data's sample variance.
 *
 * Porting note: written for one feature with scalar arithmetic (the 1 x 1 "full" covariance
 * is a variance), so no matrix library is needed; the k-means seeding draws from synthctr's
 * Rng, so components match scikit-learn's up to the random initialisation.
 */
export class BayesianGaussianMixture1D {
  private constructor(readonly state: BgmState) {}

  /** Fits the mixture to finite values (at least one). */
  static fit(x: Float64Array, rng: Rng, options: BgmOptions = {}): BayesianGaussianMixture1D {
    const o = resolve(options);
    const n = x.length;
    if (n === 0)
      throw new SchemaError(
        'BayesianGaussianMixture1D.fit: no values to fit; expected at least one.',
      );
    const k = Math.min(n, o.maxComponents);
    const priors = computePriors(x, o.weightConcentrationPrior);
    const resp = new Float64Array(n * k);
    const labels = kmeans1d(x, k, rng);
    for (let i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
    let state = mStep(x, resp, k, priors, o.regCovar);
    let lowerBound = Number.NEGATIVE_INFINITY;
    let iterations = 0;
    let converged = false;
    const logResp = new Float64Array(n * k);
    for (let iter = 1; iter <= o.maxIter; iter++) {
      iterations = iter;
      eStep(x, state, logResp);
      for (let i = 0; i < resp.length; i++) resp[i] = Math.exp(logResp[i]);
      state = mStep(x, resp, k, priors, o.regCovar);
      const next = lowerBoundOf(state, logResp, resp);
      const change = next - lowerBound;
      lowerBound = next;
      if (Math.abs(change) < o.tol) {
        converged = true;
        break;
      }
    }
    return new BayesianGaussianMixture1D({ ...state, iterations, converged });
  }

  /** Restores a mixture from {@link BayesianGaussianMixture1D.state}. */
  static fromState(state: BgmState): BayesianGaussianMixture1D {
    return new BayesianGaussianMixture1D(state);
  }

  /** The number of components (valid or not). */
  get components(): number {
    return this.state.means.length;
  }

  /** Posterior component probabilities of every value: row-major n x components. */
  predictProba(x: Float64Array): Float64Array {
    const out = new Float64Array(x.length * this.components);
    eStep(x, this.state, out);
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(out[i]);
    return out;
  }
}

function computePriors(x: Float64Array, weight: number): Priors {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  // np.cov uses n - 1; a single value has no spread, so its prior covariance is 0.
  const covariance = n > 1 ? ss / (n - 1) : 0;
  return { weight, mean, meanPrecision: 1, dof: 1, covariance };
}

type Params = Omit<BgmState, 'iterations' | 'converged'>;

function mStep(x: Float64Array, resp: Float64Array, k: number, p: Priors, reg: number): Params {
  const n = x.length;
  const nk = new Float64Array(k).fill(10 * FLOAT64_EPS);
  const xk = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = resp[i * k + j];
      nk[j] += r;
      xk[j] += r * x[i];
    }
  }
  for (let j = 0; j < k; j++) xk[j] /= nk[j];
  const sk = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) sk[j] += resp[i * k + j] * (x[i] - xk[j]) ** 2;
  }
  const concentrationA: number[] = [];
  const concentrationB: number[] = [];
  const meanPrecision: number[] = [];
  const means: number[] = [];
  const degreesOfFreedom: number[] = [];
  const variances: number[] = [];
  let tail = 0;
  for (let j = k - 1; j >= 0; j--) {
    concentrationB[j] = p.weight + tail;
    tail += nk[j];
  }
  for (let j = 0; j < k; j++) {
    const s = sk[j] / nk[j] + reg;
    concentrationA.push(1 + nk[j]);
    meanPrecision.push(p.meanPrecision + nk[j]);
    means.push((p.meanPrecision * p.mean + nk[j] * xk[j]) / meanPrecision[j]);
    degreesOfFreedom.push(p.dof + nk[j]);
    const diff = xk[j] - p.mean;
    const scale =
      p.covariance + nk[j] * s + ((nk[j] * p.meanPrecision) / meanPrecision[j]) * diff * diff;
    variances.push(scale / degreesOfFreedom[j]);
  }
  const weights = stickWeights(concentrationA, concentrationB);
  return {
    weights,
    means,
    variances,
    concentrationA,
    concentrationB,
    meanPrecision,
    degreesOfFreedom,
  };
}

function stickWeights(a: number[], b: number[]): number[] {
  const w: number[] = [];
  let remaining = 1;
  for (let j = 0; j < a.length; j++) {
    w.push((a[j] / (a[j] + b[j])) * remaining);
    remaining *= b[j] / (a[j] + b[j]);
  }
  const total = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / total);
}

/** Log responsibilities (normalised weighted log probabilities) of every value. */
function eStep(x: Float64Array, s: Params, logResp: Float64Array): void {
  const k = s.means.length;
  const logWeights = new Float64Array(k);
  let cum = 0;
  for (let j = 0; j < k; j++) {
    const dsum = digamma(s.concentrationA[j] + s.concentrationB[j]);
    logWeights[j] = digamma(s.concentrationA[j]) - dsum + cum;
    cum += digamma(s.concentrationB[j]) - dsum;
  }
  const constant = new Float64Array(k);
  const precision = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    precision[j] = 1 / s.variances[j];
    const logLambda = Math.log(2) + digamma(0.5 * s.degreesOfFreedom[j]);
    constant[j] =
      logWeights[j] -
      0.5 * LOG_2PI +
      0.5 * Math.log(precision[j]) -
      0.5 * Math.log(s.degreesOfFreedom[j]) +
      0.5 * (logLambda - 1 / s.meanPrecision[j]);
  }
  for (let i = 0; i < x.length; i++) {
    const row = i * k;
    for (let j = 0; j < k; j++) {
      logResp[row + j] = constant[j] - 0.5 * (x[i] - s.means[j]) ** 2 * precision[j];
    }
    const norm = logSumExp(logResp, row, k);
    for (let j = 0; j < k; j++) logResp[row + j] -= norm;
  }
}

function lowerBoundOf(s: Params, logResp: Float64Array, resp: Float64Array): number {
  let entropy = 0;
  for (let i = 0; i < resp.length; i++) if (resp[i] > 0) entropy -= resp[i] * logResp[i];
  let logWishart = 0;
  let logNormWeight = 0;
  let logMeanPrecision = 0;
  for (let j = 0; j < s.means.length; j++) {
    const dof = s.degreesOfFreedom[j];
    const logDetChol = -0.5 * Math.log(s.variances[j]) - 0.5 * Math.log(dof);
    logWishart += -(dof * logDetChol + dof * 0.5 * Math.log(2) + logGamma(0.5 * dof));
    logNormWeight -= logBeta(s.concentrationA[j], s.concentrationB[j]);
    logMeanPrecision += Math.log(s.meanPrecision[j]);
  }
  return entropy - logWishart - logNormWeight - 0.5 * logMeanPrecision;
}
