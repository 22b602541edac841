import { CdfInverter } from '../math/invert.js';
import { nelderMead } from '../math/nelder-mead.js';
import { digamma, gammaInc, logGamma, trigamma } from '../math/special.js';
import { PointMass } from './simple.js';
import {
  type Marginal,
  MarginalFitFailure,
  type MarginalState,
  meanStd,
  minMax,
  OUT_OF_SUPPORT_PENALTY,
} from './types.js';

const INVERSION_NODES = 129;
/** The inversion grid reaches this many standard deviations past the mean (upper tail ~1e-16). */
const UPPER_TAIL_SDS = 40;
const RESTARTS = 2;
const NEWTON_STEPS = 100;
const NEWTON_TOLERANCE = 1e-12;
/** Smallest distance of the starting loc below the data, in units of the range. */
const START_GAP = 0.01;

/** Gamma(a) with location loc and scale. */
export class Gamma implements Marginal {
  readonly state: MarginalState;
  private readonly lgamma: number;
  private readonly inverter: CdfInverter;

  constructor(
    readonly a: number,
    readonly loc: number,
    readonly scale: number,
  ) {
    this.state = { kind: 'gamma', a, loc, scale };
    this.lgamma = logGamma(a);
    const top = a + UPPER_TAIL_SDS * Math.sqrt(a) + UPPER_TAIL_SDS;
    this.inverter = new CdfInverter(
      (y) => gammaInc(y, a, this.lgamma),
      (y) => (y > 0 ? Math.exp((a - 1) * Math.log(y) - y - this.lgamma) : 0),
      CdfInverter.chebyshevNodes(0, top, INVERSION_NODES),
    );
  }

  cdf(x: number): number {
    return gammaInc((x - this.loc) / this.scale, this.a, this.lgamma);
  }

  ppf(u: number): number {
    return this.loc + this.scale * this.inverter.invert(u);
  }
}

/** The shape solving log a − ψ(a) = s (s > 0), by Newton's method from Minka's start. */
function gammaShape(s: number): number {
  let a = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < NEWTON_STEPS; i++) {
    const f = Math.log(a) - digamma(a) - s;
    const next = a - f / (1 / a - trigamma(a));
    const safe = next > 0 ? next : a / 2;
    if (Math.abs(safe - a) <= NEWTON_TOLERANCE * a) return safe;
    a = safe;
  }
  return a;
}

/** The profiled objective at one loc, with the shape and scale that attain it. */
export interface GammaProfile {
  nll: number;
  a: number;
  scale: number;
}

/**
 * SciPy's penalised negative log-likelihood of Gamma(a, loc, scale) on standardised data,
 * profiled over (a, scale): points at or below loc cost {@link OUT_OF_SUPPORT_PENALTY} each.
 */
export function profileGammaNll(t: Float64Array, loc: number): GammaProfile {
  let good = 0;
  let sy = 0;
  let sl = 0;
  for (let i = 0; i < t.length; i++) {
    const y = t[i] - loc;
    if (!(y > 0)) continue;
    good += 1;
    sy += y;
    sl += Math.log(y);
  }
  const penalty = (t.length - good) * OUT_OF_SUPPORT_PENALTY;
  const m = sy / good;
  const s = Math.log(m) - sl / good;
  if (good < 2 || !(s > 0)) return { nll: Number.POSITIVE_INFINITY, a: 1, scale: 1 };
  const a = gammaShape(s);
  const scale = m / a;
  const ll = (a - 1) * (sl / good) - m / scale - a * Math.log(scale) - logGamma(a);
  return { nll: penalty - good * ll + (t.length - good) * Math.log(scale), a, scale };
}

/**
 * The three-parameter Gamma fit of the reference (SciPy `gamma.fit(x)`: shape, loc and
 * scale all by maximum likelihood), starting from the moment match a = 4 / skew².
 *
 * Porting note: as for the Beta fit, the data are standardised, (a, scale) are profiled out
 * (Newton on log a − ψ(a) = log mean − mean log) and Nelder-Mead runs over loc alone; the
 * objective, with SciPy's out-of-support penalty, is the same.
 */
export function fitGamma(x: Float64Array): Marginal {
  const { min, max } = minMax(x);
  if (!(max > min)) return new PointMass(min);
  const range = max - min;
  const t = Float64Array.from(x, (v) => (v - min) / range);
  const { mean, std } = meanStd(t);
  let skew = 0;
  for (let i = 0; i < t.length; i++) skew += ((t[i] - mean) / std) ** 3;
  skew /= t.length;
  const a0 = 4 / (1e-8 + skew * skew);
  const loc0 = Math.min(mean - std * Math.sqrt(a0), -START_GAP);
  const fit = nelderMead(([loc]) => profileGammaNll(t, loc).nll, [loc0], {
    steps: [0.05],
    restarts: RESTARTS,
  });
  const best = profileGammaNll(t, fit.x[0]);
  const loc = min + range * fit.x[0];
  const scale = range * best.scale;
  if (![best.a, loc, scale].every(Number.isFinite) || loc > min) {
    throw new MarginalFitFailure(
      `the Gamma fit did not converge inside the data's range (a ${best.a}, loc ${loc})`,
    );
  }
  return new Gamma(best.a, loc, scale);
}
