import {
  Adam,
  type ProgressCallback,
  ProgressReporter,
  type Rng,
  type SavedTensor,
} from '@synthctr/runtime';
import { CtrDivergenceError } from '../errors.js';
import type { CtrNetwork } from '../models/network.js';
import type { ResolvedCtrOptions } from '../options.js';
import { assertFinitePredictions, predictProbabilities, scorePredictions } from './evaluate.js';
import { type StepContext, trainStep } from './step.js';

/** A split ready for training: global ids [nRows x fields] and 0/1 labels. */
export interface TrainSplit {
  ids: Int32Array;
  labels: Float32Array;
  fields: number;
}

/** The figures of one epoch. */
export type EpochFigures = {
  /** The epoch, from 1. */
  epoch: number;
  /** Mean training loss (BCE plus regularization) over the epoch's batches. */
  loss: number;
  validAuc: number;
  validLogloss: number;
  /** The learning rate the epoch trained with. */
  learningRate: number;
  /** Seconds of training steps. */
  trainSeconds: number;
  /** Seconds of the validation pass. */
  evalSeconds: number;
  /** 1 when the validation AUC improved on the best so far (the weights were kept), else 0. */
  improved: number;
};

/** What the epoch loop returns; the network holds the best epoch's weights afterwards. */
export interface TrainOutcome {
  history: EpochFigures[];
  epochs: number;
  steps: number;
  bestEpoch: number;
  validAuc: number;
  validLogloss: number;
  stoppedEarly: boolean;
  trainSeconds: number;
  evalSeconds: number;
}

/** FuxiCTR's min_delta: an AUC below best + 1e-6 does not count as an improvement. */
const MIN_DELTA = 1e-6;

/**
 * The BARS protocol: Adam with global-norm clipping; after every epoch the validation AUC;
 * on an epoch that does not improve it the learning rate is multiplied by lrDecayFactor
 * (floor minLearningRate) and, after `patience` such epochs in a row, training stops; the
 * best epoch's weights (running statistics included) are restored at the end.
 */
export function runTraining(
  net: CtrNetwork,
  train: TrainSplit,
  valid: TrainSplit,
  o: ResolvedCtrOptions,
  rng: Rng,
  onProgress: ProgressCallback | undefined,
): TrainOutcome {
  const adam = new Adam(net.store.trainable(), {
    learningRate: o.learningRate,
    clipNorm: o.clipNorm > 0 ? o.clipNorm : undefined,
  });
  const embeddingVars = new Set(net.embeddingVars);
  const ctx: StepContext = {
    net,
    adam,
    rng,
    embeddingRegularizer: o.embeddingRegularizer,
    netRegularizer: o.netRegularizer,
    netVars: net.store.trainable().filter((v) => !embeddingVars.has(v)),
  };
  const epochs = new ProgressReporter('epoch', o.maxEpochs, onProgress);
  const outcome: TrainOutcome = {
    history: [],
    epochs: 0,
    steps: 0,
    bestEpoch: 0,
    validAuc: Number.NaN,
    validLogloss: Number.NaN,
    stoppedEarly: false,
    trainSeconds: 0,
    evalSeconds: 0,
  };
  let best: Record<string, SavedTensor> | null = null;
  let misses = 0;
  try {
    for (let epoch = 1; epoch <= o.maxEpochs; epoch++) {
      const learningRate = adam.learningRate;
      const t0 = performance.now();
      const loss = runEpoch(ctx, train, o, epoch, onProgress);
      const t1 = performance.now();
      const predictions = predictProbabilities(net, valid.ids, valid.fields, o.evalBatchSize);
      assertFinitePredictions(predictions, epoch, 'validation');
      const scores = scorePredictions(valid.labels, predictions);
      const evalSeconds = (performance.now() - t1) / 1000;
      const improved = !(
        scores.auc <
        (best ? outcome.validAuc : Number.NEGATIVE_INFINITY) + MIN_DELTA
      );
      if (improved) {
        misses = 0;
        best = net.store.save();
        Object.assign(outcome, {
          bestEpoch: epoch,
          validAuc: scores.auc,
          validLogloss: scores.logloss,
        });
      } else {
        misses += 1;
        adam.learningRate = Math.max(adam.learningRate * o.lrDecayFactor, o.minLearningRate);
      }
      const figures: EpochFigures = {
        epoch,
        loss,
        validAuc: scores.auc,
        validLogloss: scores.logloss,
        learningRate,
        trainSeconds: (t1 - t0) / 1000,
        evalSeconds,
        improved: improved ? 1 : 0,
      };
      record(outcome, figures, Math.ceil(train.labels.length / o.batchSize));
      epochs.tick({ loss, validAuc: scores.auc, validLogloss: scores.logloss, learningRate });
      if (misses >= o.patience) {
        outcome.stoppedEarly = true;
        break;
      }
    }
  } finally {
    adam.dispose();
  }
  if (best) net.store.load(best);
  epochs.finish({ bestEpoch: outcome.bestEpoch, validAuc: outcome.validAuc });
  return outcome;
}

function record(outcome: TrainOutcome, figures: EpochFigures, steps: number): void {
  outcome.history.push(figures);
  outcome.epochs = figures.epoch;
  outcome.steps += steps;
  outcome.trainSeconds += figures.trainSeconds;
  outcome.evalSeconds += figures.evalSeconds;
}

/** One pass over the shuffled training rows; returns the mean batch loss. */
function runEpoch(
  ctx: StepContext,
  train: TrainSplit,
  o: ResolvedCtrOptions,
  epoch: number,
  onProgress: ProgressCallback | undefined,
): number {
  const { ids, labels } = o.shuffle ? shuffled(train, ctx.rng) : train;
  const n = labels.length;
  const f = train.fields;
  const steps = Math.ceil(n / o.batchSize);
  const batches = new ProgressReporter('batch', steps, onProgress);
  let total = 0;
  for (let s = 0; s < steps; s++) {
    const start = s * o.batchSize;
    const end = Math.min(n, start + o.batchSize);
    const loss = trainStep(ctx, ids.subarray(start * f, end * f), labels.subarray(start, end), f);
    if (!Number.isFinite(loss)) {
      throw new CtrDivergenceError(
        epoch,
        `CtrModel: the model diverged in epoch ${epoch}: the training loss of batch ${s + 1} of ${steps} is ${loss}. ` +
          'Lower the learning rate or the clip norm, or check the inputs.',
      );
    }
    total += loss;
    batches.tick({ epoch, loss });
  }
  batches.finish({ epoch, loss: total / steps });
  return total / steps;
}

/** The rows in a fresh seeded order (one permutation per epoch, as a shuffling DataLoader). */
function shuffled(train: TrainSplit, rng: Rng): { ids: Int32Array; labels: Float32Array } {
  const n = train.labels.length;
  const f = train.fields;
  const order = rng.permutation(n);
  const ids = new Int32Array(n * f);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = order[i];
    labels[i] = train.labels[r];
    ids.set(train.ids.subarray(r * f, r * f + f), i * f);
  }
  return { ids, labels };
}
