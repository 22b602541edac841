import { type Constraint, SynthesizerError } from '@synthctr/tabular-schema';
import type { Scheduler } from './schedule.js';

/** Which weights `sample` uses: the trained ones, or their exponential moving average. */
export type SampleWeights = 'model' | 'ema';

/** Options of {@link Tabddpm}. */
export interface TabddpmOptions {
  /** Seed of the model's random stream (weights, batches, noise, sampling). @default 0 */
  seed?: number;
  /** Hidden widths of the denoiser MLP (the paper's d_layers). @default [512, 1024, 1024, 1024, 1024, 1024, 512] */
  denoiserDims?: readonly number[];
  /** Width of the timestep and label embeddings (dim_t). @default 128 */
  embeddingDim?: number;
  /** Number of diffusion timesteps T (the paper's 100). @default 100 */
  numTimesteps?: number;
  /** Noise schedule. @default 'cosine' */
  scheduler?: Scheduler;
  /** Optimiser steps. @default 30000 */
  steps?: number;
  /** Rows per step (the released TabDDPM configs' 4,096). @default 4096 */
  batchSize?: number;
  /** Rows per gradient pass; a batch is split into such chunks and their gradients summed. @default 1024 */
  microBatchSize?: number;
  /** Initial AdamW learning rate, decayed linearly to 0 over the steps. @default 0.002 */
  learningRate?: number;
  /** AdamW's decoupled weight decay. @default 1e-4 */
  weightDecay?: number;
  /** Rate of the exponential moving average of the weights. @default 0.999 */
  emaRate?: number;
  /** The weights `sample` uses; the reference pipeline samples the non-EMA ones. @default 'model' */
  sampleWeights?: SampleWeights;
  /** Rows per sampling pass (memory only: the rows are the same for any value). @default 2048 */
  sampleBatchSize?: number;
  /** Snap numeric columns with at most 32 distinct whole values to the nearest real value. @default true */
  snapDiscrete?: boolean;
  /** Clip numeric output to the training [min, max]. @default true */
  enforceBounds?: boolean;
  /** Round float output to the digits learned at fit time. @default true */
  enforceRounding?: boolean;
  /** Constraints on the output (fixed combinations). @default [] */
  constraints?: readonly Constraint[];
}

/** The options with every default filled in. */
export type ResolvedTabddpmOptions = Required<Omit<TabddpmOptions, 'constraints'>> & {
  constraints: readonly Constraint[];
};

export const DEFAULT_SEED = 0;
export const DEFAULT_DENOISER_DIMS = [512, 1024, 1024, 1024, 1024, 1024, 512] as const;
export const DEFAULT_EMBEDDING_DIM = 128;
export const DEFAULT_NUM_TIMESTEPS = 100;
export const DEFAULT_SCHEDULER: Scheduler = 'cosine';
export const DEFAULT_STEPS = 30000;
export const DEFAULT_BATCH_SIZE = 4096;
export const DEFAULT_MICRO_BATCH_SIZE = 1024;
export const DEFAULT_LEARNING_RATE = 0.002;
export const DEFAULT_WEIGHT_DECAY = 1e-4;
export const DEFAULT_EMA_RATE = 0.999;
export const DEFAULT_SAMPLE_WEIGHTS: SampleWeights = 'model';
export const DEFAULT_SAMPLE_BATCH_SIZE = 2048;

/** Fills in the defaults and checks every value, naming the option that is wrong. */
export function resolveOptions(options: TabddpmOptions): ResolvedTabddpmOptions {
  const r: ResolvedTabddpmOptions = {
    seed: options.seed ?? DEFAULT_SEED,
    denoiserDims: [...(options.denoiserDims ?? DEFAULT_DENOISER_DIMS)],
    embeddingDim: options.embeddingDim ?? DEFAULT_EMBEDDING_DIM,
    numTimesteps: options.numTimesteps ?? DEFAULT_NUM_TIMESTEPS,
    scheduler: options.scheduler ?? DEFAULT_SCHEDULER,
    steps: options.steps ?? DEFAULT_STEPS,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    microBatchSize: options.microBatchSize ?? DEFAULT_MICRO_BATCH_SIZE,
    learningRate: options.learningRate ?? DEFAULT_LEARNING_RATE,
    weightDecay: options.weightDecay ?? DEFAULT_WEIGHT_DECAY,
    emaRate: options.emaRate ?? DEFAULT_EMA_RATE,
    sampleWeights: options.sampleWeights ?? DEFAULT_SAMPLE_WEIGHTS,
    sampleBatchSize: options.sampleBatchSize ?? DEFAULT_SAMPLE_BATCH_SIZE,
    snapDiscrete: options.snapDiscrete ?? true,
    enforceBounds: options.enforceBounds ?? true,
    enforceRounding: options.enforceRounding ?? true,
    constraints: options.constraints ?? [],
  };
  const positiveInts: (keyof ResolvedTabddpmOptions)[] = [
    'embeddingDim',
    'numTimesteps',
    'steps',
    'batchSize',
    'microBatchSize',
    'sampleBatchSize',
  ];
  for (const key of positiveInts) checkPositiveInt(key, r[key] as number);
  if (r.denoiserDims.length === 0 || !r.denoiserDims.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new SynthesizerError(
      `tabddpm: denoiserDims must be a non-empty list of positive integers, got [${r.denoiserDims.join(', ')}]; ` +
        'for example [512, 1024, 1024, 512].',
    );
  }
  if (!Number.isFinite(r.seed))
    throw new SynthesizerError(`tabddpm: seed must be a finite number, got ${r.seed}.`);
  checkRange('learningRate', r.learningRate, 0, Number.POSITIVE_INFINITY, false);
  checkRange('weightDecay', r.weightDecay, 0, Number.POSITIVE_INFINITY, true);
  checkRange('emaRate', r.emaRate, 0, 1, true);
  if (r.scheduler !== 'cosine' && r.scheduler !== 'linear') {
    throw new SynthesizerError(
      `tabddpm: scheduler must be 'cosine' or 'linear', got '${String(r.scheduler)}'.`,
    );
  }
  if (r.scheduler === 'linear' && r.numTimesteps <= 20) {
    throw new SynthesizerError(
      `tabddpm: the linear schedule needs numTimesteps > 20 (its last beta is 20 / T), got ${r.numTimesteps}; ` +
        "use more timesteps or scheduler 'cosine'.",
    );
  }
  if (r.sampleWeights !== 'model' && r.sampleWeights !== 'ema') {
    throw new SynthesizerError(
      `tabddpm: sampleWeights must be 'model' or 'ema', got '${String(r.sampleWeights)}'.`,
    );
  }
  return r;
}

function checkPositiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new SynthesizerError(`tabddpm: ${name} must be a positive integer, got ${value}.`);
  }
}

function checkRange(name: string, value: number, lo: number, hi: number, includeLo: boolean): void {
  const ok = Number.isFinite(value) && (includeLo ? value >= lo : value > lo) && value <= hi;
  if (!ok) {
    const range = `${includeLo ? '[' : '('}${lo}, ${hi === Number.POSITIVE_INFINITY ? 'Infinity)' : `${hi}]`}`;
    throw new SynthesizerError(`tabddpm: ${name} must be in ${range}, got ${value}.`);
  }
}
