import { Beta, fitBeta } from './beta.js';
import { fitGamma, Gamma } from './gamma.js';
import { fitGaussianKde, GaussianKde } from './kde.js';
import {
  fitNormal,
  fitTruncatedNormal,
  fitUniform,
  Normal,
  PointMass,
  TruncatedNormal,
  Uniform,
} from './simple.js';
import {
  type Marginal,
  MarginalFitFailure,
  type MarginalName,
  type MarginalState,
} from './types.js';

export { Beta, fitBeta, profileBetaNll } from './beta.js';
export { fitGamma, Gamma } from './gamma.js';
export { fitGaussianKde, GaussianKde } from './kde.js';
export {
  fitNormal,
  fitTruncatedNormal,
  fitUniform,
  Normal,
  PointMass,
  TruncatedNormal,
  Uniform,
} from './simple.js';
export {
  FLOAT32_EPS,
  MARGINAL_NAMES,
  type Marginal,
  MarginalFitFailure,
  type MarginalName,
  type MarginalState,
} from './types.js';

const FITTERS: Record<MarginalName, (x: Float64Array) => Marginal> = {
  beta: fitBeta,
  norm: fitNormal,
  truncnorm: fitTruncatedNormal,
  uniform: fitUniform,
  gamma: fitGamma,
  gaussian_kde: fitGaussianKde,
};

/** A fitted marginal and, when the requested family failed, why it fell back to a Gaussian. */
export interface MarginalFit {
  marginal: Marginal;
  fallback: string | null;
}

/**
 * Fits the named family to finite values. When the fit fails or is rejected (a Beta that
 * converged outside the data, a degenerate scale), the column gets a Gaussian instead and
 * `fallback` says why, as the reference does (it logs and carries on).
 */
export function fitMarginal(name: MarginalName, x: Float64Array): MarginalFit {
  try {
    return { marginal: FITTERS[name](x), fallback: null };
  } catch (error) {
    if (!(error instanceof MarginalFitFailure)) throw error;
    return { marginal: fitNormal(x), fallback: error.message };
  }
}

/** Rebuilds a marginal from its saved state. */
export function marginalFromState(s: MarginalState): Marginal {
  switch (s.kind) {
    case 'point':
      return new PointMass(s.value);
    case 'norm':
      return new Normal(s.loc, s.scale);
    case 'uniform':
      return new Uniform(s.loc, s.scale);
    case 'truncnorm':
      return new TruncatedNormal(s.loc, s.scale, s.lower, s.upper);
    case 'beta':
      return new Beta(s.a, s.b, s.loc, s.scale);
    case 'gamma':
      return new Gamma(s.a, s.loc, s.scale);
    case 'gaussian_kde':
      return new GaussianKde(s.bandwidth, s.start, s.step, s.cdf);
  }
}
