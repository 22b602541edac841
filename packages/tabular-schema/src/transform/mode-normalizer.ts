import type { Rng } from '@synthctr/runtime/light';
import { BayesianGaussianMixture1D, type BgmOptions, type BgmState } from './bgm.js';

/** Components whose weight is at or below this are dropped. */
export const DEFAULT_WEIGHT_THRESHOLD = 0.005;
/** The scalar is (x − μ) / (STD_MULTIPLIER · σ) of the chosen mode. */
export const STD_MULTIPLIER = 4;
/** The transformed scalar is clipped to ±ALPHA_CLIP; the inverse clips to ±1. */
export const ALPHA_CLIP = 0.99;
/** Added to each posterior probability before the mode is drawn. */
const PROBABILITY_FLOOR = 1e-6;

/** The fitted state of a {@link ModeNormalizer}, as plain JSON-safe data. */
export interface ModeNormalizerState {
  mixture: BgmState;
  /** Indices of the mixture components kept as modes. */
  valid: number[];
}

/**
 * Mode-specific normalisation of one numeric column (CTGAN's continuous transform): a
 * variational Gaussian mixture is fitted, components with weight above a threshold become the
 * modes, and each value is written as a mode (drawn from its posterior over the modes) and a
 * scalar α = (x − μ_mode) / (4 σ_mode) clipped to ±0.99.
 */
export class ModeNormalizer {
  private readonly mixture: BayesianGaussianMixture1D;
  readonly valid: number[];
  private readonly means: number[];
  private readonly stds: number[];

  private constructor(state: ModeNormalizerState) {
    this.mixture = BayesianGaussianMixture1D.fromState(state.mixture);
    this.valid = state.valid;
    this.means = state.valid.map((j) => state.mixture.means[j]);
    this.stds = state.valid.map((j) => Math.sqrt(state.mixture.variances[j]));
  }

  /** Fits the mixture and picks the modes (at least one: the heaviest if none passes). */
  static fit(
    values: Float64Array,
    rng: Rng,
    weightThreshold = DEFAULT_WEIGHT_THRESHOLD,
    bgm: BgmOptions = {},
  ): ModeNormalizer {
    const mixture = BayesianGaussianMixture1D.fit(values, rng, bgm);
    const w = mixture.state.weights;
    let valid = w.map((_, j) => j).filter((j) => w[j] > weightThreshold);
    if (valid.length === 0) valid = [w.indexOf(Math.max(...w))];
    return new ModeNormalizer({ mixture: mixture.state, valid });
  }

  /** Restores a normaliser from {@link ModeNormalizer.toJSON}. */
  static fromJSON(state: ModeNormalizerState): ModeNormalizer {
    return new ModeNormalizer(state);
  }

  /** The number of modes (the width of the mode span). */
  get modes(): number {
    return this.valid.length;
  }

  /** The mode means and standard deviations, in span order. */
  get modeParameters(): { means: number[]; stds: number[] } {
    return { means: [...this.means], stds: [...this.stds] };
  }

  /**
   * Encodes values: `alpha[i]` gets the clipped scalar and `mode[i]` the drawn mode (an index
   * into the mode span). Draws one uniform per value from `rng`.
   */
  transform(values: Float64Array, rng: Rng, alpha: Float64Array, mode: Int32Array): void {
    const k = this.mixture.components;
    const posterior = this.mixture.predictProba(values);
    const probs = new Float64Array(this.valid.length);
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      let total = 0;
      for (let m = 0; m < probs.length; m++) {
        probs[m] = posterior[i * k + this.valid[m]] + PROBABILITY_FLOOR;
        total += probs[m];
      }
      let u = rng.next() * total;
      let chosen = probs.length - 1;
      for (let m = 0; m < probs.length; m++) {
        u -= probs[m];
        if (u < 0) {
          chosen = m;
          break;
        }
      }
      const a = (x - this.means[chosen]) / (STD_MULTIPLIER * this.stds[chosen]);
      alpha[i] = Math.min(ALPHA_CLIP, Math.max(-ALPHA_CLIP, a));
      mode[i] = chosen;
    }
  }

  /** Decodes one value from its scalar (clipped to ±1) and mode index. */
  inverse(alpha: number, mode: number): number {
    const a = Math.min(1, Math.max(-1, alpha));
    return a * STD_MULTIPLIER * this.stds[mode] + this.means[mode];
  }

  /** The fitted state as plain data. */
  toJSON(): ModeNormalizerState {
    return { mixture: this.mixture.state, valid: [...this.valid] };
  }
}
