import { nelderMead } from '../math/nelder-mead.js';
import { normCdf, normLogPdf, normMass, normPpf, truncNormPpf } from '../math/normal.js';
import {
  FLOAT32_EPS,
  type Marginal,
  MarginalFitFailure,
  type MarginalState,
  meanStd,
  minMax,
} from './types.js';

/** A constant column: all mass on one value. */
export class PointMass implements Marginal {
  readonly state: MarginalState;
  constructor(readonly value: number) {
    this.state = { kind: 'point', value };
  }
  cdf(x: number): number {
    return x < this.value ? 0 : 1;
  }
  ppf(): number {
    return this.value;
  }
}

/** N(loc, scale²). */
export class Normal implements Marginal {
  readonly state: MarginalState;
  constructor(
    readonly loc: number,
    readonly scale: number,
  ) {
    this.state = { kind: 'norm', loc, scale };
  }
  cdf(x: number): number {
    return normCdf((x - this.loc) / this.scale);
  }
  ppf(u: number): number {
    return this.loc + this.scale * normPpf(u);
  }
}

/** U(loc, loc + scale). */
export class Uniform implements Marginal {
  readonly state: MarginalState;
  constructor(
    readonly loc: number,
    readonly scale: number,
  ) {
    this.state = { kind: 'uniform', loc, scale };
  }
  cdf(x: number): number {
    return Math.min(1, Math.max(0, (x - this.loc) / this.scale));
  }
  ppf(u: number): number {
    return this.loc + this.scale * Math.min(1, Math.max(0, u));
  }
}

/** N(loc, scale²) truncated to [lower, upper]. */
export class TruncatedNormal implements Marginal {
  readonly state: MarginalState;
  private readonly alpha: number;
  private readonly beta: number;
  private readonly mass: number;
  constructor(
    readonly loc: number,
    readonly scale: number,
    readonly lower: number,
    readonly upper: number,
  ) {
    this.state = { kind: 'truncnorm', loc, scale, lower, upper };
    this.alpha = (lower - loc) / scale;
    this.beta = (upper - loc) / scale;
    this.mass = normMass(this.alpha, this.beta);
  }
  cdf(x: number): number {
    if (x <= this.lower) return 0;
    if (x >= this.upper) return 1;
    return Math.min(1, normMass(this.alpha, (x - this.loc) / this.scale) / this.mass);
  }
  ppf(u: number): number {
    return this.loc + this.scale * truncNormPpf(u, this.alpha, this.beta);
  }
}

/** The Gaussian fit (SciPy `norm.fit`: mean and population standard deviation). */
export function fitNormal(x: Float64Array): Marginal {
  const { mean, std } = meanStd(x);
  return std > 0 ? new Normal(mean, std) : new PointMass(mean);
}

/** The uniform fit: loc = min, scale = max − min. */
export function fitUniform(x: Float64Array): Marginal {
  const { min, max } = minMax(x);
  return max > min ? new Uniform(min, max - min) : new PointMass(min);
}

/**
 * The truncated Gaussian fit: bounds fixed at min − ε and max + ε (ε = float32 epsilon), loc
 * and scale by maximum likelihood starting from the mean and standard deviation.
 *
 * Porting note: the reference minimises with SLSQP over (loc, scale); this uses Nelder-Mead
 * over (loc, log scale) in standardised units, which reaches the same optimum on smooth data.
 */
export function fitTruncatedNormal(x: Float64Array): Marginal {
  const { min, max } = minMax(x);
  if (!(max > min)) return new PointMass(min);
  const lower = min - FLOAT32_EPS;
  const upper = max + FLOAT32_EPS;
  const range = max - min;
  const { mean, std } = meanStd(x);
  const t = Float64Array.from(x, (v) => (v - min) / range);
  const lo = (lower - min) / range;
  const hi = (upper - min) / range;
  const nll = ([m, ls]: number[]): number => {
    const s = Math.exp(ls);
    const mass = normMass((lo - m) / s, (hi - m) / s);
    if (!(mass > 0)) return Number.POSITIVE_INFINITY;
    let sum = 0;
    for (let i = 0; i < t.length; i++) sum -= normLogPdf((t[i] - m) / s);
    return sum + t.length * (Math.log(s) + Math.log(mass));
  };
  const start = [(mean - min) / range, Math.log(std / range)];
  const fit = nelderMead(nll, start, { steps: [0.05, 0.05], xTolerance: 1e-8, fTolerance: 1e-8 });
  const loc = min + range * fit.x[0];
  const scale = range * Math.exp(fit.x[1]);
  if (!Number.isFinite(loc) || !(scale > 0) || !Number.isFinite(scale)) {
    throw new MarginalFitFailure(
      `the truncated Gaussian fit did not converge (loc ${loc}, scale ${scale})`,
    );
  }
  return new TruncatedNormal(loc, scale, lower, upper);
}
