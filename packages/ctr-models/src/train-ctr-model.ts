import type { ProgressCallback } from '@synthctr/runtime';
import type { Dataset } from '@synthctr/tabular-schema';
import { CtrModel } from './ctr-model.js';
import type { CtrModelOptions } from './options.js';
import type { EpochFigures } from './train/loop.js';

/** Options of {@link trainCtrModel}: the model's options plus the three splits. */
export interface TrainCtrModelOptions extends CtrModelOptions {
  /** The training table (its vocabulary becomes the model's). */
  train: Dataset;
  /** The validation table the protocol monitors. */
  valid: Dataset;
  /** The test table scored with the best epoch's weights. */
  test: Dataset;
  /** Receives `epoch` and `batch` progress events. @default none */
  onProgress?: ProgressCallback;
}

/** The figures of one training run. */
export interface CtrRunResult {
  model: CtrModelOptions['model'];
  seed: number;
  validAuc: number;
  validLogloss: number;
  testAuc: number;
  testLogloss: number;
  /** Epochs run (the best one plus the non-improving ones after it). */
  epochs: number;
  bestEpoch: number;
  /** Mean seconds of one epoch's training steps. */
  secondsPerEpoch: number;
  /** Mean CPU seconds of the same steps. */
  cpuSecondsPerEpoch: number;
  /** Wall-clock seconds of the whole run. */
  seconds: number;
  history: EpochFigures[];
  /** Test click probabilities, row by row (for DeLong's test). */
  testPredictions: Float32Array;
  /** Test labels as 0/1, row by row. */
  testLabels: Float32Array;
}

/**
 * Trains one CTR model with the BARS protocol and scores it on valid and test, then frees
 * it: the call the experiment pipelines make, once per model, seed and training table.
 */
export async function trainCtrModel(options: TrainCtrModelOptions): Promise<CtrRunResult> {
  const { train, valid, test, onProgress, ...modelOptions } = options;
  const started = performance.now();
  const model = new CtrModel(modelOptions);
  try {
    const report = await model.fit(train, { valid, onProgress });
    const scored = model.evaluate(test);
    return {
      model: model.options.model,
      seed: model.options.seed,
      validAuc: report.validAuc,
      validLogloss: report.validLogloss,
      testAuc: scored.auc,
      testLogloss: scored.logloss,
      epochs: report.epochs,
      bestEpoch: report.bestEpoch,
      secondsPerEpoch: report.secondsPerEpoch,
      cpuSecondsPerEpoch: report.cpuSecondsPerEpoch,
      seconds: (performance.now() - started) / 1000,
      history: report.history,
      testPredictions: scored.predictions,
      testLabels: scored.labels,
    };
  } finally {
    model.dispose();
  }
}
