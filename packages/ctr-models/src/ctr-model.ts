import { initBackend, type ParamStore, Rng } from '@synthctr/runtime';
import { CategoryEncoder, type CategoryValue, type Dataset } from '@synthctr/tabular-schema';
import {
  checkCategoricalFeatures,
  type EncodedTable,
  encodeDataset,
  type FieldInfo,
  isEncodedTable,
  resolvePositiveLabel,
  toGlobalIds,
} from './data.js';
import { CtrModelError } from './errors.js';
import { initNetwork } from './models/index.js';
import type { CtrNetwork } from './models/network.js';
import { type CtrModelOptions, type ResolvedCtrOptions, resolveCtrOptions } from './options.js';
import {
  assertFinitePredictions,
  predictProbabilities,
  scorePredictions,
} from './train/evaluate.js';
import { runTraining } from './train/loop.js';
import type {
  CtrEvaluation,
  CtrFitOptions,
  CtrFitReport,
  CtrModelSummary,
  SavedCtrModel,
} from './types.js';

const FORMAT_VERSION = 1;

/**
 * DNN, DeepFM or MaskNet on TensorFlow.js, trained with the BARS protocol. Fit it on a
 * Dataset of categorical features and a binary label (the vocabulary is learned from the
 * training table) or on an {@link EncodedTable}; then predict click probabilities.
 */
export class CtrModel {
  /** The resolved options. */
  readonly options: ResolvedCtrOptions;
  private store: ParamStore | null = null;
  private net: CtrNetwork | null = null;
  private fields: FieldInfo[] = [];
  private encoder: CategoryEncoder | null = null;
  private label: { name: string; positive: CategoryValue } | null = null;

  constructor(options: CtrModelOptions = {}) {
    this.options = resolveCtrOptions(options);
  }

  /** True once fitted or loaded. */
  get fitted(): boolean {
    return this.net !== null;
  }

  /** The model's fields with their vocabulary sizes (empty before fit). */
  get fieldInfo(): readonly FieldInfo[] {
    return this.fields;
  }

  /** The fitted vocabulary, or null (not fitted, or trained on encoded ids). */
  get vocabulary(): CategoryEncoder | null {
    return this.encoder;
  }

  /** Trains on `train`, monitoring `valid`; the model keeps the best epoch's weights. */
  async fit(train: Dataset | EncodedTable, options: CtrFitOptions): Promise<CtrFitReport> {
    const started = performance.now();
    if (this.net)
      throw new CtrModelError('CtrModel.fit: the model is fitted already; make a new one.');
    if (!options?.valid) {
      throw new CtrModelError(
        'CtrModel.fit: the BARS protocol needs a validation table; pass { valid }.',
      );
    }
    await initBackend();
    const trainTable = this.prepare(train);
    const trainIds = toGlobalIds(trainTable, this.fields, 'CtrModel.fit (train)');
    const validTable = this.encode(options.valid, true, 'CtrModel.fit (valid)');
    const validIds = toGlobalIds(validTable, this.fields, 'CtrModel.fit (valid)');
    const f = this.fields.length;
    const { store, net } = initNetwork(this.fields, this.options);
    this.store = store;
    this.net = net;
    const outcome = runTraining(
      this.net,
      { ids: trainIds, labels: trainTable.labels as Float32Array, fields: f },
      { ids: validIds, labels: validTable.labels as Float32Array, fields: f },
      this.options,
      new Rng(this.options.seed).fork('train'),
      options.onProgress,
    );
    return {
      steps: outcome.steps,
      epochs: outcome.epochs,
      seconds: (performance.now() - started) / 1000,
      history: outcome.history,
      notices: [],
      bestEpoch: outcome.bestEpoch,
      validAuc: outcome.validAuc,
      validLogloss: outcome.validLogloss,
      stoppedEarly: outcome.stoppedEarly,
      secondsPerEpoch: outcome.epochs > 0 ? outcome.trainSeconds / outcome.epochs : 0,
      cpuSecondsPerEpoch: outcome.epochs > 0 ? outcome.trainCpuSeconds / outcome.epochs : 0,
      evalSeconds: outcome.evalSeconds,
    };
  }

  /** Click probabilities of every row; unknown categories use their field's OOV row. */
  predict(data: Dataset | EncodedTable): Float32Array {
    const net = this.requireFitted('predict');
    const table = this.encode(data, false, 'CtrModel.predict');
    const ids = toGlobalIds(table, this.fields, 'CtrModel.predict');
    const predictions = predictProbabilities(
      net,
      ids,
      this.fields.length,
      this.options.evalBatchSize,
    );
    assertFinitePredictions(predictions, null, 'prediction');
    return predictions;
  }

  /** AUC and logloss on a labelled table, with the predictions and 0/1 labels behind them. */
  evaluate(data: Dataset | EncodedTable): CtrEvaluation {
    this.requireFitted('evaluate');
    const table = this.encode(data, true, 'CtrModel.evaluate');
    const labels = table.labels as Float32Array;
    const predictions = this.predict(table);
    return { ...scorePredictions(labels, predictions), predictions, labels };
  }

  /** Options, vocabulary and weights as plain data (Float32Array weight buffers). */
  save(): SavedCtrModel {
    this.requireFitted('save');
    return {
      kind: 'ctr-model',
      formatVersion: FORMAT_VERSION,
      options: { ...this.options, hiddenUnits: [...this.options.hiddenUnits] },
      fields: this.fields.map((x) => ({ ...x })),
      encoder: this.encoder ? this.encoder.toJSON() : null,
      label: this.label ? { ...this.label } : null,
      tensors: (this.store as ParamStore).save(),
    };
  }

  /** A model from {@link CtrModel.save}; it predicts exactly as the saved one did. */
  static async load(saved: SavedCtrModel): Promise<CtrModel> {
    if (saved?.kind !== 'ctr-model' || saved.formatVersion !== FORMAT_VERSION) {
      throw new CtrModelError(
        `CtrModel.load: expected a saved ctr-model of format ${FORMAT_VERSION}, got kind ` +
          `${String(saved?.kind)} format ${String(saved?.formatVersion)}; pass the output of save().`,
      );
    }
    await initBackend();
    const model = new CtrModel(saved.options);
    model.fields = saved.fields.map((x) => ({ ...x }));
    model.encoder = saved.encoder ? CategoryEncoder.fromJSON(saved.encoder) : null;
    model.label = saved.label ? { ...saved.label } : null;
    const { store, net } = initNetwork(model.fields, model.options);
    model.store = store;
    model.net = net;
    store.load(saved.tensors);
    return model;
  }

  /**
   * Parameter count and the matmul FLOPs of one row's forward pass (2 x in x out per
   * Linear). A training step costs about three times the forward FLOPs (forward, dX, dW).
   */
  summary(): CtrModelSummary {
    this.requireFitted('summary');
    const store = this.store as ParamStore;
    let forwardFlopsPerRow = 0;
    const names = store.trainableNames();
    store.trainable().forEach((v, i) => {
      if (v.shape.length === 2 && names[i].endsWith('.kernel'))
        forwardFlopsPerRow += 2 * v.shape[0] * v.shape[1];
    });
    return {
      parameters: store.size(),
      trainable: store.trainable().reduce((n, v) => n + v.size, 0),
      forwardFlopsPerRow,
    };
  }

  /** Frees every tensor; the model cannot be used afterwards. */
  dispose(): void {
    this.store?.dispose();
    this.store = null;
    this.net = null;
  }

  /** Learns the vocabulary (from a Dataset) or takes the fields (of an encoded table). */
  private prepare(train: Dataset | EncodedTable): EncodedTable {
    if (isEncodedTable(train)) {
      if (!train.labels) throw new CtrModelError('CtrModel.fit: the training table has no labels.');
      this.fields = train.fields.map((x) => ({ ...x }));
      return train;
    }
    const context = 'CtrModel.fit (train)';
    const features = checkCategoricalFeatures(train, context);
    const positive = resolvePositiveLabel(train, this.options.positiveLabel, context);
    this.label = { name: train.label as string, positive };
    this.encoder = CategoryEncoder.fit(train, {
      columns: features,
      minCount: this.options.minCount,
      missing: this.options.missing,
      unknown: 'oov',
    });
    this.fields = this.encoder.columns.map((name) => ({ name, size: this.encoder!.size(name) }));
    return encodeDataset(this.encoder, train, positive, context);
  }

  private encode(data: Dataset | EncodedTable, labelled: boolean, context: string): EncodedTable {
    if (isEncodedTable(data)) {
      if (labelled && !data.labels) throw new CtrModelError(`${context}: the table has no labels.`);
      return data;
    }
    if (!this.encoder) {
      throw new CtrModelError(
        `${context}: the model was trained on encoded ids and has no vocabulary; pass an EncodedTable.`,
      );
    }
    if (!labelled) {
      const features =
        this.label && data.has(this.label.name) ? data.withLabel(this.label.name) : data;
      return encodeDataset(this.encoder, features, null, context);
    }
    if (data.label === null && this.label && data.has(this.label.name)) {
      return this.encode(data.withLabel(this.label.name), labelled, context);
    }
    const positive = resolvePositiveLabel(data, this.label?.positive, context);
    return encodeDataset(this.encoder, data, positive, context);
  }

  private requireFitted(what: string): CtrNetwork {
    if (!this.net)
      throw new CtrModelError(`CtrModel.${what}: the model is not fitted; call fit() or load().`);
    return this.net;
  }
}
