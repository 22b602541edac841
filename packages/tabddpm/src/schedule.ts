/** The noise schedules TabDDPM offers. */
export type Scheduler = 'cosine' | 'linear';

/**
 * Every per-timestep constant of Gaussian and multinomial diffusion, computed in float64 (as
 * the reference does before storing float32 buffers). Index i is timestep i, 0..T-1.
 */
export interface DiffusionSchedule {
  /** Number of timesteps T. */
  readonly steps: number;
  readonly betas: Float64Array;
  readonly alphas: Float64Array;
  readonly alphasCumprod: Float64Array;
  readonly alphasCumprodPrev: Float64Array;
  readonly sqrtAlphasCumprod: Float64Array;
  readonly sqrtOneMinusAlphasCumprod: Float64Array;
  readonly sqrtRecipAlphasCumprod: Float64Array;
  readonly sqrtRecipm1AlphasCumprod: Float64Array;
  /** Posterior mean coefficient of x0 and of x_t. */
  readonly posteriorMeanCoef1: Float64Array;
  readonly posteriorMeanCoef2: Float64Array;
  /** The reverse step's log variance: posterior variance at t = 0's slot 1, betas after. */
  readonly modelLogVariance: Float64Array;
  /** log alpha_t, log(1 - alpha_t), log alphabar_t, log(1 - alphabar_t). */
  readonly logAlpha: Float64Array;
  readonly log1MinAlpha: Float64Array;
  readonly logCumprodAlpha: Float64Array;
  readonly log1MinCumprodAlpha: Float64Array;
}

const COSINE_OFFSET = 0.008;
const MAX_BETA = 0.999;

/** The betas of a named schedule (`get_named_beta_schedule`). */
export function namedBetas(scheduler: Scheduler, steps: number): Float64Array {
  if (scheduler === 'linear') {
    const scale = 1000 / steps;
    const lo = scale * 0.0001;
    const hi = scale * 0.02;
    return Float64Array.from({ length: steps }, (_, i) =>
      steps === 1 ? lo : lo + ((hi - lo) * i) / (steps - 1),
    );
  }
  const alphaBar = (s: number): number =>
    Math.cos(((s + COSINE_OFFSET) / (1 + COSINE_OFFSET)) * (Math.PI / 2)) ** 2;
  return Float64Array.from({ length: steps }, (_, i) =>
    Math.min(1 - alphaBar((i + 1) / steps) / alphaBar(i / steps), MAX_BETA),
  );
}

/** log(1 - e^a) as the reference computes it, with its 1e-40 guard. */
function log1MinExp(a: number): number {
  return Math.log(1 - Math.exp(a) + 1e-40);
}

/** All schedule constants for `steps` timesteps. */
export function makeSchedule(scheduler: Scheduler, steps: number): DiffusionSchedule {
  const betas = namedBetas(scheduler, steps);
  const alphas = betas.map((b) => 1 - b);
  const alphasCumprod = new Float64Array(steps);
  let acc = 1;
  for (let i = 0; i < steps; i++) {
    acc *= alphas[i];
    alphasCumprod[i] = acc;
  }
  const alphasCumprodPrev = Float64Array.from({ length: steps }, (_, i) =>
    i === 0 ? 1 : alphasCumprod[i - 1],
  );
  const posteriorVariance = Float64Array.from(
    { length: steps },
    (_, i) => (betas[i] * (1 - alphasCumprodPrev[i])) / (1 - alphasCumprod[i]),
  );
  const logAlpha = alphas.map(Math.log);
  const logCumprodAlpha = new Float64Array(steps);
  let logAcc = 0;
  for (let i = 0; i < steps; i++) {
    logAcc += logAlpha[i];
    logCumprodAlpha[i] = logAcc;
  }
  const varianceAt1 = steps > 1 ? posteriorVariance[1] : betas[0];
  return {
    steps,
    betas,
    alphas,
    alphasCumprod,
    alphasCumprodPrev,
    sqrtAlphasCumprod: alphasCumprod.map(Math.sqrt),
    sqrtOneMinusAlphasCumprod: alphasCumprod.map((a) => Math.sqrt(1 - a)),
    sqrtRecipAlphasCumprod: alphasCumprod.map((a) => Math.sqrt(1 / a)),
    sqrtRecipm1AlphasCumprod: alphasCumprod.map((a) => Math.sqrt(1 / a - 1)),
    posteriorMeanCoef1: Float64Array.from(
      { length: steps },
      (_, i) => (betas[i] * Math.sqrt(alphasCumprodPrev[i])) / (1 - alphasCumprod[i]),
    ),
    posteriorMeanCoef2: Float64Array.from(
      { length: steps },
      (_, i) => ((1 - alphasCumprodPrev[i]) * Math.sqrt(alphas[i])) / (1 - alphasCumprod[i]),
    ),
    modelLogVariance: Float64Array.from({ length: steps }, (_, i) =>
      Math.log(i === 0 ? varianceAt1 : betas[i]),
    ),
    logAlpha,
    log1MinAlpha: logAlpha.map(log1MinExp),
    logCumprodAlpha,
    log1MinCumprodAlpha: logCumprodAlpha.map(log1MinExp),
  };
}
