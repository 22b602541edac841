import { CdfInverter } from '../math/invert.js';
import { type NelderMeadResult, nelderMead } from '../math/nelder-mead.js';
import { betaInc, betaLogPdf, digamma, logBeta, trigamma } from '../math/special.js';
import { PointMass } from './simple.js';
import {
  FLOAT32_EPS,
  type Marginal,
  MarginalFitFailure,
  type MarginalState,
  minMax,
  OUT_OF_SUPPORT_PENALTY,
} from './types.js';

const INVERSION_NODES = 129;
/**
 * Initial simplex steps in (loc, log scale), loc in units of the data's range: loc moves down
 * and the scale up, so the first reflection already covers every point (with ties at the
 * minimum and maximum, a simplex that only moves loc up or the scale up never does).
 */
const SIMPLEX_STEPS = [-0.05, 0.1];
/** The feasible start of the second run, when the first ends with points outside the support. */
const FEASIBLE_GAP = 0.01;
/** Above twice this many values, the search starts on this many order statistics. */
const COARSE_POINTS = 4096;
/** The refining simplex's steps, as a fraction of the coarse optimum's coordinates. */
const REFINE_STEP = 0.5;
/**
 * Evaluation budget of the refining run. Where a or b < 1 the likelihood grows without bound
 * as loc or loc + scale closes in on the data (there is no maximum); the budget ends that crawl.
 */
const REFINE_EVALUATIONS = 100;
const INNER_MAX_STEPS = 100;
const INNER_TOLERANCE = 1e-12;
/** Bounds on the method-of-moments start, so a degenerate sample still starts somewhere sane. */
const MIN_START_SHAPE = 0.05;
const MAX_START_SHAPE = 1e3;
/** Nelder-Mead restarts around the best point (a simplex stuck at the support edge recovers). */
const RESTARTS = 5;

/** Beta(a, b) on [loc, loc + scale]. */
export class Beta implements Marginal {
  readonly state: MarginalState;
  private readonly lbeta: number;
  private readonly inverter: CdfInverter;

  constructor(
    readonly a: number,
    readonly b: number,
    readonly loc: number,
    readonly scale: number,
  ) {
    this.state = { kind: 'beta', a, b, loc, scale };
    this.lbeta = logBeta(a, b);
    this.inverter = new CdfInverter(
      (t) => betaInc(t, a, b, this.lbeta),
      (t) => Math.exp(betaLogPdf(t, a, b, this.lbeta)),
      CdfInverter.chebyshevNodes(0, 1, INVERSION_NODES),
    );
  }

  cdf(x: number): number {
    return betaInc((x - this.loc) / this.scale, this.a, this.b, this.lbeta);
  }

  ppf(u: number): number {
    return this.loc + this.scale * this.inverter.invert(u);
  }
}

/** Sufficient statistics of the points inside the support after the loc/scale map. */
interface SupportStats {
  good: number;
  bad: number;
  meanLog: number;
  meanLog1m: number;
  mean: number;
  variance: number;
}

function supportStats(t: Float64Array, loc: number, scale: number): SupportStats {
  let good = 0;
  let sl = 0;
  let sl1 = 0;
  let sy = 0;
  let syy = 0;
  for (let i = 0; i < t.length; i++) {
    const y = (t[i] - loc) / scale;
    // An edge point has a non-finite log density, which SciPy counts as a bad point too.
    if (!(y > 0 && y < 1)) continue;
    good += 1;
    sl += Math.log(y);
    sl1 += Math.log(1 - y);
    sy += y;
    syy += y * y;
  }
  const mean = good > 0 ? sy / good : 0.5;
  const variance = good > 0 ? Math.max(syy / good - mean * mean, 0) : 0;
  return { good, bad: t.length - good, meanLog: sl / good, meanLog1m: sl1 / good, mean, variance };
}

/** The mean log-likelihood (a − 1)·S1 + (b − 1)·S2 − log B(a, b) of Beta(a, b). */
function meanLogLik(a: number, b: number, s1: number, s2: number): number {
  return (a - 1) * s1 + (b - 1) * s2 - logBeta(a, b);
}

/**
 * The (a, b) that maximise the Beta likelihood given the mean logs S1 = mean log y and
 * S2 = mean log(1 − y): Newton's method on the concave log-likelihood with step halving,
 * from the method-of-moments shapes.
 */
export function betaShapesFromLogs(
  s1: number,
  s2: number,
  start: [number, number],
): [number, number] {
  let [a, b] = start;
  let f = meanLogLik(a, b, s1, s2);
  for (let it = 0; it < INNER_MAX_STEPS; it++) {
    const pab = digamma(a + b);
    const tab = trigamma(a + b);
    const ga = s1 - digamma(a) + pab;
    const gb = s2 - digamma(b) + pab;
    const haa = tab - trigamma(a);
    const hbb = tab - trigamma(b);
    const det = haa * hbb - tab * tab;
    let da = -(hbb * ga - tab * gb) / det;
    let db = -(haa * gb - tab * ga) / det;
    let na = a + da;
    let nb = b + db;
    let nf = na > 0 && nb > 0 ? meanLogLik(na, nb, s1, s2) : Number.NEGATIVE_INFINITY;
    for (let h = 0; h < 60 && !(nf >= f); h++) {
      da /= 2;
      db /= 2;
      na = a + da;
      nb = b + db;
      nf = na > 0 && nb > 0 ? meanLogLik(na, nb, s1, s2) : Number.NEGATIVE_INFINITY;
    }
    if (!(nf >= f)) break;
    const small = Math.abs(da) <= INNER_TOLERANCE * a && Math.abs(db) <= INNER_TOLERANCE * b;
    a = na;
    b = nb;
    f = nf;
    if (small) break;
  }
  return [a, b];
}

/**
 * SciPy's penalised negative log-likelihood of Beta(a, b, loc, scale) on standardised data,
 * profiled over (a, b): points outside (0, 1) after the loc/scale map are left out and cost
 * {@link OUT_OF_SUPPORT_PENALTY} each, and the shapes are the best ones for the rest.
 */
export function profileBetaNll(t: Float64Array, loc: number, scale: number): BetaProfile {
  if (!(scale > 0) || !Number.isFinite(loc)) return { nll: Number.POSITIVE_INFINITY, a: 1, b: 1 };
  const st = supportStats(t, loc, scale);
  const penalty = t.length * Math.log(scale) + st.bad * OUT_OF_SUPPORT_PENALTY;
  if (st.good < 2 || !(st.variance > 0)) return { nll: penalty, a: 1, b: 1 };
  const [a, b] = betaShapesFromLogs(st.meanLog, st.meanLog1m, momentShapes(st.mean, st.variance));
  return { nll: penalty - st.good * meanLogLik(a, b, st.meanLog, st.meanLog1m), a, b };
}

/** Evenly spaced order statistics of t (the smallest and largest included), `m` of them. */
function orderStatistics(t: Float64Array, m: number): Float64Array {
  const sorted = Float64Array.from(t).sort();
  return Float64Array.from(
    { length: m },
    (_, i) => sorted[Math.round((i * (t.length - 1)) / (m - 1))],
  );
}

/** Nelder-Mead over (loc, log scale) from (min, range), rerun from a feasible start if needed. */
function searchLocScale(t: Float64Array): NelderMeadResult {
  const objective = ([loc, ls]: number[]): number => profileBetaNll(t, loc, Math.exp(ls)).nll;
  let fit = nelderMead(objective, [0, 0], { steps: SIMPLEX_STEPS, restarts: RESTARTS });
  if (outside(t, fit.x[0], Math.exp(fit.x[1])) > 0) {
    const start = [-FEASIBLE_GAP, Math.log(1 + 2 * FEASIBLE_GAP)];
    const second = nelderMead(objective, start, { steps: SIMPLEX_STEPS, restarts: RESTARTS });
    if (second.value < fit.value) fit = second;
  }
  return fit;
}

/** How many points fall outside the open support (loc, loc + scale). */
function outside(t: Float64Array, loc: number, scale: number): number {
  return supportStats(t, loc, scale).bad;
}

/** The profiled objective at one (loc, scale), with the shapes that attain it. */
export interface BetaProfile {
  nll: number;
  a: number;
  b: number;
}

/** Method-of-moments shapes from the mean and variance of data in [0, 1]. */
function momentShapes(m: number, v: number): [number, number] {
  const common = v > 0 ? (m * (1 - m)) / v - 1 : 1;
  const clamp = (s: number): number =>
    Math.min(MAX_START_SHAPE, Math.max(MIN_START_SHAPE, Number.isFinite(s) ? s : 1));
  return [clamp(m * common), clamp((1 - m) * common)];
}

/**
 * The four-parameter Beta fit of the reference (SciPy `beta.fit(x, loc=min, scale=max-min)`):
 * loc and scale are starting guesses, not fixed, and all of (a, b, loc, scale) are fitted by
 * maximum likelihood. The fit is rejected (the caller falls back to a Gaussian) when loc >
 * max, loc + scale < min or scale < float32 epsilon, as the reference does. A constant
 * column is a point mass.
 *
 * Porting note: SciPy starts a and b from a skewness/kurtosis match and runs `fmin` on all four
 * raw parameters. Here the data are standardised to [0, 1] (scale-free tolerances), (a, b)
 * are profiled out (for a given loc and scale their maximum-likelihood values solve two
 * digamma equations, found by Newton's method from the method-of-moments shapes), and
 * Nelder-Mead (SciPy's coefficients and stopping rule, with restarts while they still
 * improve) runs over (loc, log scale) from loc = min, scale = max − min, with a second run
 * from a start that covers every point if the first ends with points outside. Above 8,192
 * values that search runs on 4,096 evenly spaced order statistics (the extremes included) and
 * a final Nelder-Mead run on all the data (at most 100 evaluations) refines it. The objective,
 * including SciPy's out-of-support penalty, is the same, so is its maximum; it is found
 * faster and without the premature collapse a 4-D simplex shows on this ridge.
 */
export function fitBeta(x: Float64Array): Marginal {
  const { min, max } = minMax(x);
  if (!(max > min)) return new PointMass(min);
  const range = max - min;
  const t = Float64Array.from(x, (v) => (v - min) / range);
  const coarse = t.length > 2 * COARSE_POINTS ? orderStatistics(t, COARSE_POINTS) : t;
  let fit = searchLocScale(coarse);
  if (coarse !== t) {
    const objective = ([loc, ls]: number[]): number => profileBetaNll(t, loc, Math.exp(ls)).nll;
    const steps = fit.x.map((v, k) => (k === 0 ? -1 : 1) * (REFINE_STEP * Math.abs(v) + 1e-9));
    fit = nelderMead(objective, fit.x, { steps, maxEvaluations: REFINE_EVALUATIONS });
  }
  const { a, b } = profileBetaNll(t, fit.x[0], Math.exp(fit.x[1]));
  const loc = min + range * fit.x[0];
  const scale = range * Math.exp(fit.x[1]);
  if (![a, b, loc, scale].every(Number.isFinite)) {
    throw new MarginalFitFailure(`the Beta fit gave non-finite parameters (a ${a}, b ${b})`);
  }
  if (loc > max || loc + scale < min) {
    throw new MarginalFitFailure(
      `the Beta fit converged outside the data's range [${min}, ${max}] (loc ${loc}, scale ${scale})`,
    );
  }
  if (scale < FLOAT32_EPS) {
    throw new MarginalFitFailure(`the Beta fit converged to a near-zero range (scale ${scale})`);
  }
  return new Beta(a, b, loc, scale);
}
