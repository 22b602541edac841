import type { CategoryValue, MissingPolicy } from '@synthctr/tabular-schema';
import { CtrModelError } from './errors.js';

/** The three CTR models of the paper. */
export type CtrModelKind = 'dnn' | 'deepfm' | 'masknet';

/** MaskNet's two forms: blocks side by side then an MLP, or blocks chained. */
export type MaskNetType = 'parallel' | 'serial';

/**
 * Options of a CTR model: the network and the BARS training protocol. Every default is the
 * BARS Frappe_x1 setting of the chosen model (shared/reference/algorithms.md section 7).
 */
export interface CtrModelOptions {
  /** Which network. @default 'dnn' */
  model?: CtrModelKind;
  /** Seed of the initialisation, the epoch shuffles and dropout. @default 2021 */
  seed?: number;
  /** Embedding size of every field. @default 10 */
  embeddingDim?: number;
  /** Widths of the MLP tower (serial MaskNet: the widths of its chained blocks). @default [400, 400, 400] */
  hiddenUnits?: readonly number[];
  /** Dropout rate after each hidden layer and mask block. @default 0.2 (DNN, DeepFM), 0.1 (MaskNet) */
  netDropout?: number;
  /** Batch norm after each Linear of the MLP tower. @default true (DNN, DeepFM), false (MaskNet) */
  batchNorm?: boolean;
  /** L2 factor on the whole embedding tables, (lambda / 2) sum W^2 added to every batch loss. @default 0.05 (DNN, DeepFM), 0.1 (MaskNet) */
  embeddingRegularizer?: number;
  /** The same L2 on every other trainable parameter. @default 0 */
  netRegularizer?: number;
  /** MaskNet form. @default 'parallel' */
  maskNetType?: MaskNetType;
  /** Parallel MaskNet: the number of mask blocks. @default 3 */
  parallelNumBlocks?: number;
  /** Parallel MaskNet: the output width of each block. @default 50 */
  parallelBlockDim?: number;
  /** MaskNet: the mask's hidden width is floor(block input width x ratio). @default 2 */
  reductionRatio?: number;
  /** MaskNet: layer norm inside each mask block. @default true */
  netLayerNorm?: boolean;
  /** MaskNet: layer norm of each field's embedding before masking. @default false */
  embLayerNorm?: boolean;
  /** Adam step size at the start. @default 1e-3 */
  learningRate?: number;
  /** Rows per training step. @default 4096 */
  batchSize?: number;
  /** The most epochs to train. @default 100 */
  maxEpochs?: number;
  /** Stop after this many non-improving epochs in a row. @default 2 */
  patience?: number;
  /** The learning rate is multiplied by this on every non-improving epoch. @default 0.1 */
  lrDecayFactor?: number;
  /** The learning rate never decays below this. @default 1e-6 */
  minLearningRate?: number;
  /** Gradients are clipped to this global L2 norm every step; 0 turns clipping off. @default 10 */
  clipNorm?: number;
  /** Rows per forward pass when evaluating and predicting. @default 16384 */
  evalBatchSize?: number;
  /** Rows a category needs in the training table to get its own embedding row. @default 1 */
  minCount?: number;
  /** Missing feature cells: an error, a reserved missing row per field, or the OOV row. @default 'error' */
  missing?: MissingPolicy;
  /** Shuffle the training rows every epoch. @default true */
  shuffle?: boolean;
  /** The label value that means a click. @default true, 1 or '1', whichever the label has */
  positiveLabel?: CategoryValue;
}

/** {@link CtrModelOptions} with every field set (what the model and trainer read). */
export interface ResolvedCtrOptions {
  model: CtrModelKind;
  seed: number;
  embeddingDim: number;
  hiddenUnits: number[];
  netDropout: number;
  batchNorm: boolean;
  embeddingRegularizer: number;
  netRegularizer: number;
  maskNetType: MaskNetType;
  parallelNumBlocks: number;
  parallelBlockDim: number;
  reductionRatio: number;
  netLayerNorm: boolean;
  embLayerNorm: boolean;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  patience: number;
  lrDecayFactor: number;
  minLearningRate: number;
  clipNorm: number;
  evalBatchSize: number;
  minCount: number;
  missing: MissingPolicy;
  shuffle: boolean;
  positiveLabel: CategoryValue | undefined;
}

/** The BARS seed. */
export const DEFAULT_SEED = 2021;
export const DEFAULT_EMBEDDING_DIM = 10;
export const DEFAULT_HIDDEN_UNITS: readonly number[] = [400, 400, 400];
export const DEFAULT_LEARNING_RATE = 1e-3;
export const DEFAULT_BATCH_SIZE = 4096;
export const DEFAULT_MAX_EPOCHS = 100;
export const DEFAULT_PATIENCE = 2;
export const DEFAULT_LR_DECAY_FACTOR = 0.1;
export const DEFAULT_MIN_LEARNING_RATE = 1e-6;
export const DEFAULT_CLIP_NORM = 10;
export const DEFAULT_EVAL_BATCH_SIZE = 16384;

/** The per-model BARS Frappe_x1 settings (BARS model_config.yaml of each run). */
export const BARS_SETTINGS: Record<
  CtrModelKind,
  { netDropout: number; batchNorm: boolean; embeddingRegularizer: number }
> = {
  dnn: { netDropout: 0.2, batchNorm: true, embeddingRegularizer: 0.05 },
  deepfm: { netDropout: 0.2, batchNorm: true, embeddingRegularizer: 0.05 },
  masknet: { netDropout: 0.1, batchNorm: false, embeddingRegularizer: 0.1 },
};

const KINDS: readonly CtrModelKind[] = ['dnn', 'deepfm', 'masknet'];

/** Fills in the defaults once and checks every value; a bad one names the option. */
export function resolveCtrOptions(options: CtrModelOptions = {}): ResolvedCtrOptions {
  const model = options.model ?? 'dnn';
  if (!KINDS.includes(model)) {
    throw new CtrModelError(
      `CtrModel: model must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}, got ${JSON.stringify(model)}.`,
    );
  }
  const bars = BARS_SETTINGS[model];
  const r: ResolvedCtrOptions = {
    model,
    seed: options.seed ?? DEFAULT_SEED,
    embeddingDim: options.embeddingDim ?? DEFAULT_EMBEDDING_DIM,
    hiddenUnits: [...(options.hiddenUnits ?? DEFAULT_HIDDEN_UNITS)],
    netDropout: options.netDropout ?? bars.netDropout,
    batchNorm: options.batchNorm ?? bars.batchNorm,
    embeddingRegularizer: options.embeddingRegularizer ?? bars.embeddingRegularizer,
    netRegularizer: options.netRegularizer ?? 0,
    maskNetType: options.maskNetType ?? 'parallel',
    parallelNumBlocks: options.parallelNumBlocks ?? 3,
    parallelBlockDim: options.parallelBlockDim ?? 50,
    reductionRatio: options.reductionRatio ?? 2,
    netLayerNorm: options.netLayerNorm ?? true,
    embLayerNorm: options.embLayerNorm ?? false,
    learningRate: options.learningRate ?? DEFAULT_LEARNING_RATE,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    maxEpochs: options.maxEpochs ?? DEFAULT_MAX_EPOCHS,
    patience: options.patience ?? DEFAULT_PATIENCE,
    lrDecayFactor: options.lrDecayFactor ?? DEFAULT_LR_DECAY_FACTOR,
    minLearningRate: options.minLearningRate ?? DEFAULT_MIN_LEARNING_RATE,
    clipNorm: options.clipNorm ?? DEFAULT_CLIP_NORM,
    evalBatchSize: options.evalBatchSize ?? DEFAULT_EVAL_BATCH_SIZE,
    minCount: options.minCount ?? 1,
    missing: options.missing ?? 'error',
    shuffle: options.shuffle ?? true,
    positiveLabel: options.positiveLabel,
  };
  checkResolved(r);
  return r;
}

function checkResolved(r: ResolvedCtrOptions): void {
  const positiveInts: (keyof ResolvedCtrOptions)[] = [
    'embeddingDim',
    'parallelNumBlocks',
    'parallelBlockDim',
    'batchSize',
    'maxEpochs',
    'patience',
    'evalBatchSize',
    'minCount',
  ];
  for (const key of positiveInts) {
    const v = r[key] as number;
    if (!(Number.isInteger(v) && v >= 1)) fail(key, 'a positive integer', v);
  }
  if (!Number.isFinite(r.seed)) fail('seed', 'a finite number', r.seed);
  if (!r.hiddenUnits.every((u) => Number.isInteger(u) && u >= 1)) {
    fail('hiddenUnits', 'a list of positive integers', `[${r.hiddenUnits.join(', ')}]`);
  }
  if (!(r.netDropout >= 0 && r.netDropout < 1))
    fail('netDropout', 'a rate in [0, 1)', r.netDropout);
  for (const key of ['embeddingRegularizer', 'netRegularizer', 'clipNorm'] as const) {
    if (!(r[key] >= 0 && Number.isFinite(r[key]))) fail(key, 'a finite number >= 0', r[key]);
  }
  if (!(r.learningRate > 0)) fail('learningRate', 'a number > 0', r.learningRate);
  if (!(r.reductionRatio > 0)) fail('reductionRatio', 'a number > 0', r.reductionRatio);
  if (!(r.lrDecayFactor > 0 && r.lrDecayFactor <= 1))
    fail('lrDecayFactor', 'a factor in (0, 1]', r.lrDecayFactor);
  if (!(r.minLearningRate >= 0)) fail('minLearningRate', 'a number >= 0', r.minLearningRate);
  if (r.maskNetType !== 'parallel' && r.maskNetType !== 'serial') {
    fail('maskNetType', "'parallel' or 'serial'", JSON.stringify(r.maskNetType));
  }
  if (!['error', 'slot', 'oov'].includes(r.missing)) {
    fail('missing', "'error', 'slot' or 'oov'", JSON.stringify(r.missing));
  }
}

function fail(key: string, expected: string, got: unknown): never {
  throw new CtrModelError(`CtrModel: the option ${key} must be ${expected}, got ${String(got)}.`);
}
