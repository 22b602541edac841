import { initBackend, tf } from '@synthctr/runtime';
import { EncodingError } from '@synthctr/tabular-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { CtrDivergenceError, CtrModel, encodeDataset, toGlobalIds } from '../src/index.js';
import { assertFinitePredictions, scorePredictions } from '../src/train/evaluate.js';
import { csv, plantedTable, SMALL } from './helpers.js';

beforeAll(async () => {
  await initBackend();
});

describe('bad-inputs B21: non-finite predictions are a divergence, never a score', () => {
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('all-%s predictions name the first index (0) and the count (4)', (label, value) => {
    const predictions = new Float32Array(4).fill(value);
    const call = () => assertFinitePredictions(predictions, 3, 'validation');
    expect(call).toThrow(CtrDivergenceError);
    expect(call).toThrow(
      `CtrModel: the model diverged in epoch 3: 4 of 4 validation predictions are not finite (the first, ${label}, at row 0). ` +
        'Lower the learning rate or the clip norm, or check the inputs.',
    );
  });

  it('finite but equal predictions score an AUC of exactly 0.5', () => {
    const scores = scorePredictions(
      Float32Array.of(0, 0, 1, 1),
      Float32Array.of(0.7, 0.7, 0.7, 0.7),
    );
    expect(scores.auc).toBe(0.5);
  });

  it('a model whose output goes NaN stops training with a diverged error naming the epoch', async () => {
    const before = tf.memory().numTensors;
    const model = new CtrModel({
      ...SMALL,
      batchNorm: false,
      learningRate: 1e30,
      clipNorm: 0,
      seed: 2,
    });
    const fit = model.fit(plantedTable(1024, 1), { valid: plantedTable(256, 2) });
    await expect(fit).rejects.toThrow(CtrDivergenceError);
    await expect(fit).rejects.toMatchObject({ epoch: 1 });
    await expect(fit).rejects.toThrow(
      /^CtrModel: the model diverged in epoch 1: the training loss of batch 2 of 4 is NaN\./,
    );
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

const B23_TRAIN = 'city,device,click\nA,ios,1\nB,android,0\nC,ios,0\nA,android,1\n';
const B23_PREDICT = 'city,device\nD,ios\n,android\n';

describe('bad-inputs B23: categories first seen at prediction time', () => {
  const train = csv(B23_TRAIN, 'click');
  const predict = csv(B23_PREDICT);
  const options = { hiddenUnits: [8], maxEpochs: 2, seed: 1 } as const;

  it('maps D to the OOV row and the blank to the missing row; both predictions lie strictly in (0, 1)', async () => {
    const model = new CtrModel({ ...options, missing: 'slot' });
    await model.fit(train, { valid: train });
    expect(model.fieldInfo).toEqual([
      { name: 'city', size: 5 },
      { name: 'device', size: 4 },
    ]);
    expect(model.vocabulary?.vocabulary('city')).toEqual(['A', 'B', 'C']);
    expect(model.vocabulary?.slotOf('city', 'D', 'oov')).toBe(0);
    expect(model.vocabulary?.slotOf('city', null)).toBe(1);
    const ids = toGlobalIds(
      encodeDataset(model.vocabulary!, predict, null, 't'),
      model.fieldInfo,
      't',
    );
    expect(Math.max(...ids)).toBeLessThan(5 + 4);
    // Row 0 (D, ios): city's OOV row and ios's row; row 1 (blank, android): city's missing row.
    const v = model.vocabulary!;
    expect(Array.from(ids)).toEqual([
      0,
      5 + v.slotOf('device', 'ios'),
      1,
      5 + v.slotOf('device', 'android'),
    ]);
    const p = model.predict(predict);
    expect(p).toHaveLength(2);
    for (const x of p) expect(x > 0 && x < 1).toBe(true);
    // The vocabulary is saved with the model: the reloaded one maps A/B/C/D and predicts the same.
    const back = await CtrModel.load(model.save());
    for (const v of ['A', 'B', 'C', 'D', null]) {
      expect(back.vocabulary?.slotOf('city', v, 'oov')).toBe(
        model.vocabulary?.slotOf('city', v, 'oov'),
      );
    }
    expect(Array.from(back.predict(predict))).toEqual(Array.from(p));
    back.dispose();
    model.dispose();
  });

  it('without a missing policy the blank is an error that names city', async () => {
    const model = new CtrModel(options);
    await model.fit(train, { valid: train });
    expect(() => model.predict(predict)).toThrow(EncodingError);
    expect(() => model.predict(predict)).toThrow(
      "CategoryEncoder.encode: column 'city' has 1 missing cell and the missing policy is 'error'",
    );
    model.dispose();
  });
});
