import type { NoticeCallback, ProgressCallback, SavedTensor } from '@synthctr/runtime';
import type {
  CategoryEncoderJSON,
  CategoryValue,
  Dataset,
  FitReport,
} from '@synthctr/tabular-schema';
import type { EncodedTable, FieldInfo } from './data.js';
import type { ResolvedCtrOptions } from './options.js';
import type { SplitScores } from './train/evaluate.js';
import type { EpochFigures } from './train/loop.js';

/** Options of {@link CtrModel.fit}. */
export interface CtrFitOptions {
  /** The validation table the protocol monitors (AUC after every epoch). */
  valid: Dataset | EncodedTable;
  /** Receives `epoch` events (with loss, validAuc, validLogloss, learningRate) and `batch` events. */
  onProgress?: ProgressCallback;
  /** Receives notices (none are raised yet; kept for the shared fit signature). @default none */
  onNotice?: NoticeCallback;
}

/** What {@link CtrModel.fit} returns: the shared FitReport plus the protocol's figures. */
export interface CtrFitReport extends FitReport {
  /** Every epoch's figures, in order. */
  history: EpochFigures[];
  /** The epoch whose weights the model kept. */
  bestEpoch: number;
  /** Validation AUC and logloss of the kept weights. */
  validAuc: number;
  validLogloss: number;
  /** True when it stopped on patience rather than at maxEpochs. */
  stoppedEarly: boolean;
  /** Mean seconds of the training steps of one epoch (validation excluded). */
  secondsPerEpoch: number;
  /** Mean CPU seconds of the same steps (less disturbed by other work on the machine). */
  cpuSecondsPerEpoch: number;
  /** Seconds spent in validation passes, in all. */
  evalSeconds: number;
}

/** What {@link CtrModel.evaluate} returns. */
export interface CtrEvaluation extends SplitScores {
  /** Click probabilities, row by row. */
  predictions: Float32Array;
  /** The 0/1 labels, row by row. */
  labels: Float32Array;
}

/** What {@link CtrModel.summary} returns. */
export interface CtrModelSummary {
  /** Every scalar of the model, buffers (running statistics) included. */
  parameters: number;
  /** The trainable scalars. */
  trainable: number;
  /** Matmul FLOPs of one row's forward pass. */
  forwardFlopsPerRow: number;
}

/** A saved CTR model: options, vocabulary and weights as plain data. */
export interface SavedCtrModel {
  kind: 'ctr-model';
  formatVersion: 1;
  options: ResolvedCtrOptions;
  fields: FieldInfo[];
  /** The vocabulary, or null when the model was trained on encoded ids. */
  encoder: CategoryEncoderJSON | null;
  /** The label column and the value that means a click, or null (encoded training). */
  label: { name: string; positive: CategoryValue } | null;
  tensors: Record<string, SavedTensor>;
}
