import type { Constraint, SavedModel } from '@synthctr/tabular-schema';

/** How the decoder's categorical outputs become categories at sampling time. */
export type CategoricalDecoding = 'argmax' | 'sample';

/** Options of {@link Tvae}'s constructor. Field names follow the paper (camelCase). */
export interface TvaeOptions {
  /** Seed of every random draw (weights, shuffles, noise, sampling). @default 0 */
  seed?: number;
  /** Size of the latent space. @default 128 */
  embeddingDim?: number;
  /** Hidden widths of the encoder. @default [128, 128] */
  compressDims?: number[];
  /** Hidden widths of the decoder. @default [128, 128] */
  decompressDims?: number[];
  /**
   * L2 weight decay of Adam over encoder and decoder. The paper used 1e-6 (the reproduction
   * setting and this default); the reference library's own default is 1e-5. @default 1e-6
   */
  l2scale?: number;
  /** Rows per optimiser step (smaller tables train with one batch of every row). @default 500 */
  batchSize?: number;
  /** Passes over the table. @default 300 */
  epochs?: number;
  /** Weight of the reconstruction term against the KL term. @default 2 */
  lossFactor?: number;
  /** Adam's learning rate (PyTorch's default, as the reference). @default 1e-3 */
  learningRate?: number;
  /**
   * Feed the label to encoder and decoder (a conditional VAE), so sampling a label is exact
   * with no reject loop. `false` gives the reference's unconditional TVAE, whose conditioned
   * sampling keeps matching rows within `maxConditionRounds`. @default true
   */
  conditional?: boolean;
  /** `argmax` as the reference, or `sample` from the decoder's softmax. @default 'argmax' */
  categoricalDecoding?: CategoricalDecoding;
  /** Rounds of reject sampling for conditions the model cannot set directly. @default 50 */
  maxConditionRounds?: number;
  /** Fixed-combinations constraints (tabular-schema) honoured at fit and sample time. @default [] */
  constraints?: readonly Constraint[];
  /** Clip numeric output to the learned bounds. @default true */
  enforceBounds?: boolean;
  /** Round numeric output to the learned digits. @default true */
  enforceRounding?: boolean;
}

/** The resolved options (every field required). */
export interface ResolvedTvaeOptions {
  seed: number;
  embeddingDim: number;
  compressDims: number[];
  decompressDims: number[];
  l2scale: number;
  batchSize: number;
  epochs: number;
  lossFactor: number;
  learningRate: number;
  conditional: boolean;
  categoricalDecoding: CategoricalDecoding;
  maxConditionRounds: number;
  enforceBounds: boolean;
  enforceRounding: boolean;
}

export const DEFAULT_EMBEDDING_DIM = 128;
export const DEFAULT_COMPRESS_DIMS = [128, 128];
export const DEFAULT_DECOMPRESS_DIMS = [128, 128];
/** The paper's L2 (the reference library's default is 1e-5). */
export const DEFAULT_L2SCALE = 1e-6;
export const REFERENCE_L2SCALE = 1e-5;
export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_EPOCHS = 300;
export const DEFAULT_LOSS_FACTOR = 2;
export const DEFAULT_LEARNING_RATE = 1e-3;
export const DEFAULT_MAX_CONDITION_ROUNDS = 50;

/** Resolves constructor options once into the required form. */
export function resolveOptions(options: TvaeOptions): ResolvedTvaeOptions {
  return {
    seed: options.seed ?? 0,
    embeddingDim: options.embeddingDim ?? DEFAULT_EMBEDDING_DIM,
    compressDims: options.compressDims ?? DEFAULT_COMPRESS_DIMS,
    decompressDims: options.decompressDims ?? DEFAULT_DECOMPRESS_DIMS,
    l2scale: options.l2scale ?? DEFAULT_L2SCALE,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    epochs: options.epochs ?? DEFAULT_EPOCHS,
    lossFactor: options.lossFactor ?? DEFAULT_LOSS_FACTOR,
    learningRate: options.learningRate ?? DEFAULT_LEARNING_RATE,
    conditional: options.conditional ?? true,
    categoricalDecoding: options.categoricalDecoding ?? 'argmax',
    maxConditionRounds: options.maxConditionRounds ?? DEFAULT_MAX_CONDITION_ROUNDS,
    enforceBounds: options.enforceBounds ?? true,
    enforceRounding: options.enforceRounding ?? true,
  };
}

/** Options of {@link Tvae.fit} besides the shared progress and notice callbacks. */
export interface TvaeFitOptions {
  /** Receives a checkpoint every `checkpointEvery` epochs. @default none */
  onCheckpoint?: (checkpoint: SavedModel) => void;
  /** Epochs between checkpoints (0: none). @default 0 */
  checkpointEvery?: number;
  /** Resume training from a checkpoint of the same data and options. @default none */
  resumeFrom?: SavedModel;
}
