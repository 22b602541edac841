import { initBackend, tf } from '@synthctr/runtime';
import { Dataset, datasetFromRows } from '@synthctr/tabular-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { CtrModel, CtrModelError, type EncodedTable, encodeDataset } from '../src/index.js';
import { plantedTable, SMALL } from './helpers.js';

beforeAll(async () => {
  await initBackend();
});

const FIELDS = [
  { name: 'a', size: 3 },
  { name: 'b', size: 2 },
];

function encoded(ids: number[], labels: number[] | null = null): EncodedTable {
  return {
    ids: Int32Array.from(ids),
    labels: labels ? Float32Array.from(labels) : null,
    fields: FIELDS,
  };
}

describe('vocabulary guard (checked before the first step, the same on every backend)', () => {
  it('an id at or beyond a field’s vocabulary names the field, the id and the size', async () => {
    const before = tf.memory().numTensors;
    const model = new CtrModel({ ...SMALL, seed: 1 });
    const train = encoded([0, 1, 2, 2], [1, 0]);
    await expect(model.fit(train, { valid: encoded([1, 1], [1]) })).rejects.toThrow(
      "CtrModel.fit (train): field 'b' has id 2 at row 1, outside its vocabulary of 2 slots (0..1); " +
        "encode the table with the model's vocabulary, or map unseen values to the OOV slot 0.",
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a negative id is refused the same way', async () => {
    const model = new CtrModel({ ...SMALL, seed: 1 });
    await expect(model.fit(encoded([-1, 0], [1]), { valid: encoded([0, 0], [0]) })).rejects.toThrow(
      "field 'a' has id -1 at row 0, outside its vocabulary of 3 slots (0..2)",
    );
  });

  it('trains on encoded ids and predicts encoded ids; a Dataset then needs the missing vocabulary', async () => {
    const rows = Array.from({ length: 64 }, (_, i) => [i % 3, i % 2]).flat();
    const labels = Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const model = new CtrModel({ ...SMALL, maxEpochs: 2, seed: 1 });
    await model.fit(encoded(rows, labels), { valid: encoded(rows, labels) });
    expect(model.predict(encoded([0, 1, 2, 0]))).toHaveLength(2);
    expect(() => model.predict(plantedTable(4, 1))).toThrow(
      'CtrModel.predict: the model was trained on encoded ids and has no vocabulary; pass an EncodedTable.',
    );
    expect(() =>
      model.predict({ ids: Int32Array.of(0), labels: null, fields: [FIELDS[0]] }),
    ).toThrow(
      "CtrModel.predict: the table's fields (a) do not match the model's (a, b); the first difference is at 'b'.",
    );
    model.dispose();
  });
});

describe('fields and labels of Dataset inputs', () => {
  const train = plantedTable(600, 1);
  const valid = plantedTable(200, 2);

  it('a field missing from the model’s vocabulary, or lacking from the table, is an error naming it', async () => {
    const model = new CtrModel({ ...SMALL, maxEpochs: 1, seed: 1 });
    await model.fit(train, { valid });
    const extra = Dataset.fromColumns(
      {
        columns: [
          ...train.schema.columns,
          { name: 'site', kind: 'categorical', categories: ['x'] },
        ],
        label: 'click',
      },
      { ...train.arrays(), site: new Int32Array(train.nRows) },
    );
    expect(() => model.predict(extra)).toThrow(
      "CtrModel.predict: the table has the field 'site', which is not in the model's vocabulary " +
        '(user, item, hour, noise); drop it or train on a table that has it.',
    );
    expect(() => model.predict(train.selectColumns(['user', 'item', 'hour']))).toThrow(
      "CtrModel.predict: the table lacks the field 'noise' of the model's vocabulary (user, item, hour, noise); every field is needed to predict.",
    );
    // The label column may be there or not when predicting; unseen categories go to OOV.
    const other = plantedTable(50, 9);
    expect(Array.from(model.predict(other.withLabel(null)))).toEqual(
      Array.from(model.predict(other)),
    );
    model.dispose();
  });

  it('refuses numeric features and non-binary labels, and resolves the positive label', async () => {
    const numeric = datasetFromRows(
      Array.from({ length: 20 }, (_, i) => ({ price: i + 0.5, c: `c${i % 2}`, click: i % 2 })),
      { label: 'click' },
    );
    await expect(new CtrModel(SMALL).fit(numeric, { valid: numeric })).rejects.toThrow(
      "CtrModel.fit (train): the feature 'price' is float; CTR models take categorical features only. " +
        'Declare it categorical (or bucket it) before training.',
    );
    const three = datasetFromRows(
      Array.from({ length: 9 }, (_, i) => ({ c: `c${i % 2}`, click: ['a', 'b', 'c'][i % 3] })),
      { label: 'click' },
    );
    await expect(new CtrModel(SMALL).fit(three, { valid: three })).rejects.toThrow(
      "CtrModel.fit (train): the label 'click' must be binary without missing cells; it has 'a', 'b', 'c'. Map it to 0/1 first.",
    );
    const words = datasetFromRows(
      Array.from({ length: 40 }, (_, i) => ({ c: `c${i % 4}`, click: i % 4 === 0 ? 'yes' : 'no' })),
      { label: 'click' },
    );
    await expect(new CtrModel(SMALL).fit(words, { valid: words })).rejects.toThrow(
      "CtrModel.fit (train): cannot tell which value of the label 'click' is a click ('yes', 'no'); pass positiveLabel.",
    );
    const model = new CtrModel({ ...SMALL, maxEpochs: 1, positiveLabel: 'yes' });
    await model.fit(words, { valid: words });
    const table = encodeDataset(model.vocabulary!, words, 'yes', 't');
    expect(Array.from(table.labels!.subarray(0, 4))).toEqual([1, 0, 0, 0]);
    model.dispose();
  });

  it('libFM-style -1/1 labels count 1 as the click; predicting before fit is an error', async () => {
    const d = datasetFromRows(
      Array.from({ length: 30 }, (_, i) => ({ c: `c${i % 3}`, label: i % 3 === 0 ? 1 : -1 })),
      { label: 'label' },
    );
    const model = new CtrModel({ ...SMALL, maxEpochs: 1 });
    expect(() => model.predict(d)).toThrow(
      'CtrModel.predict: the model is not fitted; call fit() or load().',
    );
    await model.fit(d, { valid: d });
    expect(Array.from(model.evaluate(d).labels.subarray(0, 6))).toEqual([1, 0, 0, 1, 0, 0]);
    model.dispose();
  });
});

describe('options', () => {
  it.each([
    [{ model: 'lr' }, "CtrModel: model must be one of 'dnn', 'deepfm', 'masknet', got \"lr\"."],
    [{ netDropout: 1 }, 'CtrModel: the option netDropout must be a rate in [0, 1), got 1.'],
    [
      { hiddenUnits: [400, 0] },
      'CtrModel: the option hiddenUnits must be a list of positive integers, got [400, 0].',
    ],
    [{ batchSize: 0 }, 'CtrModel: the option batchSize must be a positive integer, got 0.'],
  ])('%j is refused with a message naming it', (options, message) => {
    expect(() => new CtrModel(options as never)).toThrow(CtrModelError);
    expect(() => new CtrModel(options as never)).toThrow(message);
  });

  it('defaults to the BARS Frappe_x1 settings of each model', () => {
    const dnn = new CtrModel({ model: 'dnn' }).options;
    expect(dnn).toMatchObject({
      seed: 2021,
      embeddingDim: 10,
      hiddenUnits: [400, 400, 400],
      netDropout: 0.2,
      batchNorm: true,
      embeddingRegularizer: 0.05,
      learningRate: 1e-3,
      batchSize: 4096,
      maxEpochs: 100,
      patience: 2,
      lrDecayFactor: 0.1,
      clipNorm: 10,
    });
    expect(new CtrModel({ model: 'deepfm' }).options).toMatchObject({
      netDropout: 0.2,
      embeddingRegularizer: 0.05,
    });
    expect(new CtrModel({ model: 'masknet' }).options).toMatchObject({
      netDropout: 0.1,
      embeddingRegularizer: 0.1,
      batchNorm: false,
      maskNetType: 'parallel',
      parallelNumBlocks: 3,
      parallelBlockDim: 50,
      reductionRatio: 2,
      netLayerNorm: true,
      embLayerNorm: false,
    });
  });
});
