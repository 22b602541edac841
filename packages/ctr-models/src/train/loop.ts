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
  /** CPU seconds of this process during the training steps (steady when the machine is busy). */
  trainCpuSeconds: number;
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
  trainCpuSeconds: number;
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
  const ctx = stepContext(net, o, rng);
  const epochs = new ProgressReporter('epoch', o.maxEpochs, onProgress);
  const outcome = emptyOutcome();
  let best: Record<string, SavedTensor> | null = null;
  let misses = 0;
  try {
    for (let epoch = 1; epoch <= o.maxEpochs && misses < o.patience; epoch++) {
      const figures = trainAndScore(ctx, train, valid, o, epoch, onProgress);
      const bestAuc = best ? outcome.validAuc : Number.NEGATIVE_INFINITY;
      if (!(figures.validAuc < bestAuc + MIN_DELTA)) {
        figures.improved = 1;
        misses = 0;
        best = net.store.save();
        outcome.bestEpoch = epoch;
        outcome.validAuc = figures.validAuc;
        outcome.validLogloss = figures.validLogloss;
      } else {
        misses += 1;
        ctx.adam.learningRate = Math.max(
          ctx.adam.learningRate * o.lrDecayFactor,
          o.minLearningRate,
        );
      }
      record(outcome, figures, Math.ceil(train.labels.length / o.batchSize));
      const { loss, validAuc, validLogloss, learningRate } = figures;
      epochs.tick({ loss, validAuc, validLogloss, learningRate });
    }
  } finally {
    ctx.adam.dispose();
  }
  outcome.stoppedEarly = misses >= o.patience;
  if (best) net.store.load(best);
  epochs.finish({ bestEpoch: outcome.bestEpoch, validAuc: outcome.validAuc });
  return outcome;
}

function stepContext(net: CtrNetwork, o: ResolvedCtrOptions, rng: Rng): StepContext {
  const embeddingVars = new Set(net.embeddingVars);
  const adam = new Adam(net.store.trainable(), {
    learningRate: o.learningRate,
    clipNorm: o.clipNorm > 0 ? o.clipNorm : undefined,
  });
  return {
    net,
    adam,
    rng,
    embeddingRegularizer: o.embeddingRegularizer,
    netRegularizer: o.netRegularizer,
    netVars: net.store.trainable().filter((v) => !embeddingVars.has(v)),
  };
}

function emptyOutcome(): TrainOutcome {
  return {
    history: [],
    epochs: 0,
    steps: 0,
    bestEpoch: 0,
    validAuc: Number.NaN,
    validLogloss: Number.NaN,
    stoppedEarly: false,
    trainSeconds: 0,
    trainCpuSeconds: 0,
    evalSeconds: 0,
  };
}

/** One epoch of training, then the validation pass through the divergence guard. */
function trainAndScore(
  ctx: StepContext,
  train: TrainSplit,
  valid: TrainSplit,
  o: ResolvedCtrOptions,
  epoch: number,
  onProgress: ProgressCallback | undefined,
): EpochFigures {
  const learningRate = ctx.adam.learningRate;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const loss = runEpoch(ctx, train, o, epoch, onProgress);
  const cpu = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const predictions = predictProbabilities(ctx.net, valid.ids, valid.fields, o.evalBatchSize);
  assertFinitePredictions(predictions, epoch, 'validation');
  const scores = scorePredictions(valid.labels, predictions);
  return {
    epoch,
    loss,
    validAuc: scores.auc,
    validLogloss: scores.logloss,
    learningRate,
    trainSeconds: (t1 - t0) / 1000,
    trainCpuSeconds: (cpu.user + cpu.system) / 1e6,
    evalSeconds: (performance.now() - t1) / 1000,
    improved: 0,
  };
}

function record(outcome: TrainOutcome, figures: EpochFigures, steps: number): void {
  outcome.history.push(figures);
  outcome.epochs = figures.epoch;
  outcome.steps += steps;
  outcome.trainSeconds += figures.trainSeconds;
  outcome.trainCpuSeconds += figures.trainCpuSeconds;
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
