import type { Constraint } from '@synthctr/tabular-schema';
import { SynthesizerError } from '@synthctr/tabular-schema';

/**
 * How the generator's batch norm behaves when sampling.
 *
 * Porting note: the reference samples in training mode (`'batch'`, sdv-dev/CTGAN#235), so a
 * row depends on the others in its batch; the default here is evaluation mode (`'running'`).
 */
export type SampleBatchNorm = 'running' | 'batch';

/** Options of {@link CTGAN} (the paper's hyperparameters are the defaults). */
export interface CtganOptions {
  /** Size of the random input z. @default 128 */
  embeddingDim?: number;
  /** Widths of the generator's residual blocks. @default [256, 256] */
  generatorDims?: readonly number[];
  /** Widths of the critic's hidden layers. @default [256, 256] */
  discriminatorDims?: readonly number[];
  /** Generator learning rate. @default 2e-4 */
  generatorLr?: number;
  /** Generator weight decay (coupled, as PyTorch's Adam). @default 1e-6 */
  generatorDecay?: number;
  /** Critic learning rate. @default 2e-4 */
  discriminatorLr?: number;
  /** Critic weight decay. @default 1e-6 */
  discriminatorDecay?: number;
  /** Adam's first and second moment decay. @default [0.5, 0.9] */
  adamBetas?: readonly [number, number];
  /** Rows per step; must be even and a multiple of `pac`. @default 500 */
  batchSize?: number;
  /** Critic steps per generator step. @default 1 */
  discriminatorSteps?: number;
  /** Draw training conditions from log(count + 1) instead of the raw frequencies. @default true */
  logFrequency?: boolean;
  /** Passes over the data. @default 300 */
  epochs?: number;
  /** Rows the critic judges together. @default 10 */
  pac?: number;
  /** Weight of the gradient penalty. @default 10 */
  gradientPenaltyWeight?: number;
  /** Temperature of the Gumbel-softmax on the generator's softmax blocks. @default 0.2 */
  gumbelTau?: number;
  /**
   * Batch norm at sampling: `running` uses the running statistics (evaluation mode), `batch`
   * uses each sampling batch's own statistics as the reference CTGAN does. @default 'running'
   */
  sampleBatchNorm?: SampleBatchNorm;
  /** Most modes per numeric column. @default 10 */
  maxModes?: number;
  /** A mixture component becomes a mode when its weight exceeds this. @default 0.005 */
  weightThreshold?: number;
  /** Constraints such as FixedCombinations, honoured in every sample. @default [] */
  constraints?: readonly Constraint[];
  /** Clip sampled numbers to the training range. @default true */
  enforceBounds?: boolean;
  /** Round sampled floats to the training decimals. @default true */
  enforceRounding?: boolean;
  /** Seed of every random draw (weights, batches, noise, sampling). @default 0 */
  seed?: number;
}

/** {@link CtganOptions} with every field set. */
export interface ResolvedCtganOptions {
  embeddingDim: number;
  generatorDims: number[];
  discriminatorDims: number[];
  generatorLr: number;
  generatorDecay: number;
  discriminatorLr: number;
  discriminatorDecay: number;
  adamBetas: [number, number];
  batchSize: number;
  discriminatorSteps: number;
  logFrequency: boolean;
  epochs: number;
  pac: number;
  gradientPenaltyWeight: number;
  gumbelTau: number;
  sampleBatchNorm: SampleBatchNorm;
  maxModes: number;
  weightThreshold: number;
  enforceBounds: boolean;
  enforceRounding: boolean;
  seed: number;
}

export const DEFAULT_EMBEDDING_DIM = 128;
export const DEFAULT_GENERATOR_DIMS = [256, 256] as const;
export const DEFAULT_DISCRIMINATOR_DIMS = [256, 256] as const;
export const DEFAULT_LR = 2e-4;
export const DEFAULT_DECAY = 1e-6;
export const DEFAULT_ADAM_BETAS = [0.5, 0.9] as const;
export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_DISCRIMINATOR_STEPS = 1;
export const DEFAULT_EPOCHS = 300;
export const DEFAULT_PAC = 10;
export const DEFAULT_GRADIENT_PENALTY_WEIGHT = 10;
export const DEFAULT_GUMBEL_TAU = 0.2;
export const DEFAULT_MAX_MODES = 10;
export const DEFAULT_WEIGHT_THRESHOLD = 0.005;

/** Resolves and checks options once; bad values are a SynthesizerError naming the option. */
export function resolveCtganOptions(options: CtganOptions, model = 'CTGAN'): ResolvedCtganOptions {
  const r: ResolvedCtganOptions = {
    embeddingDim: options.embeddingDim ?? DEFAULT_EMBEDDING_DIM,
    generatorDims: [...(options.generatorDims ?? DEFAULT_GENERATOR_DIMS)],
    discriminatorDims: [...(options.discriminatorDims ?? DEFAULT_DISCRIMINATOR_DIMS)],
    generatorLr: options.generatorLr ?? DEFAULT_LR,
    generatorDecay: options.generatorDecay ?? DEFAULT_DECAY,
    discriminatorLr: options.discriminatorLr ?? DEFAULT_LR,
    discriminatorDecay: options.discriminatorDecay ?? DEFAULT_DECAY,
    adamBetas: [...(options.adamBetas ?? DEFAULT_ADAM_BETAS)] as [number, number],
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    discriminatorSteps: options.discriminatorSteps ?? DEFAULT_DISCRIMINATOR_STEPS,
    logFrequency: options.logFrequency ?? true,
    epochs: options.epochs ?? DEFAULT_EPOCHS,
    pac: options.pac ?? DEFAULT_PAC,
    gradientPenaltyWeight: options.gradientPenaltyWeight ?? DEFAULT_GRADIENT_PENALTY_WEIGHT,
    gumbelTau: options.gumbelTau ?? DEFAULT_GUMBEL_TAU,
    sampleBatchNorm: options.sampleBatchNorm ?? 'running',
    maxModes: options.maxModes ?? DEFAULT_MAX_MODES,
    weightThreshold: options.weightThreshold ?? DEFAULT_WEIGHT_THRESHOLD,
    enforceBounds: options.enforceBounds ?? true,
    enforceRounding: options.enforceRounding ?? true,
    seed: options.seed ?? 0,
  };
  check(model, r);
  return r;
}

function check(model: string, r: ResolvedCtganOptions): void {
  const positiveInts: (keyof ResolvedCtganOptions)[] = [
    'embeddingDim',
    'batchSize',
    'discriminatorSteps',
    'pac',
    'maxModes',
  ];
  for (const key of positiveInts) {
    const v = r[key] as number;
    if (!(Number.isInteger(v) && v >= 1)) {
      throw new SynthesizerError(`${model}: ${key} must be a positive integer, got ${String(v)}.`);
    }
  }
  if (!(Number.isInteger(r.epochs) && r.epochs >= 0)) {
    throw new SynthesizerError(
      `${model}: epochs must be a non-negative integer, got ${String(r.epochs)}.`,
    );
  }
  for (const [key, dims] of [
    ['generatorDims', r.generatorDims],
    ['discriminatorDims', r.discriminatorDims],
  ] as const) {
    if (dims.length === 0 || dims.some((d) => !(Number.isInteger(d) && d >= 1))) {
      throw new SynthesizerError(
        `${model}: ${key} must be a non-empty list of positive integers, got [${dims.join(', ')}].`,
      );
    }
  }
  if (r.batchSize % 2 !== 0 || r.batchSize % r.pac !== 0) {
    const step = r.pac % 2 === 0 ? r.pac : 2 * r.pac;
    throw new SynthesizerError(
      `${model}: batchSize must be even and a multiple of pac; got batchSize ${r.batchSize} with pac ${r.pac}. ` +
        `Use for example batchSize ${step * Math.ceil(r.batchSize / step)}.`,
    );
  }
  if (!(r.gumbelTau > 0))
    throw new SynthesizerError(`${model}: gumbelTau must be > 0, got ${r.gumbelTau}.`);
  if (r.sampleBatchNorm !== 'running' && r.sampleBatchNorm !== 'batch') {
    throw new SynthesizerError(
      `${model}: sampleBatchNorm must be 'running' or 'batch', got '${String(r.sampleBatchNorm)}'.`,
    );
  }
}
