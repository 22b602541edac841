import { initBackend, type ProgressEvent, tf } from '@synthctr/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CtrModel,
  type CtrModelOptions,
  initNetwork,
  resolveCtrOptions,
  trainCtrModel,
} from '../src/index.js';
import { plantedTable, SMALL } from './helpers.js';

beforeAll(async () => {
  await initBackend();
});

const train = plantedTable(4000, 1);
const valid = plantedTable(1500, 2);
const test = plantedTable(1500, 3);

const CASES: [string, CtrModelOptions][] = [
  ['dnn', { model: 'dnn' }],
  ['deepfm', { model: 'deepfm' }],
  ['masknet (parallel, 3 blocks of 50)', { model: 'masknet', batchSize: 256 }],
  [
    'masknet (serial, field layer norm)',
    { model: 'masknet', maskNetType: 'serial', embLayerNorm: true },
  ],
];

describe('CtrModel learns a planted signal', () => {
  it.each(CASES)(
    '%s: test AUC > 0.9, and fit / predict / dispose leak no tensors',
    async (_, options) => {
      const before = tf.memory().numTensors;
      const model = new CtrModel({ ...SMALL, maxEpochs: 4, batchSize: 512, seed: 3, ...options });
      const report = await model.fit(train, { valid });
      const afterFit = tf.memory().numTensors;
      // What fit leaves behind is the model's variables and nothing else.
      expect(afterFit - before).toBe(Object.keys(model.save().tensors).length);
      const scored = model.evaluate(test);
      model.predict(test);
      expect(tf.memory().numTensors).toBe(afterFit);
      expect(scored.auc).toBeGreaterThan(0.9);
      // Logloss is not pinned: after so few steps BatchNorm's running statistics (momentum
      // 0.1) lag the weights, as in PyTorch, which moves the calibration but not the ranking.
      expect(Number.isFinite(scored.logloss)).toBe(true);
      expect(report.validAuc).toBeGreaterThan(0.9);
      expect(report.history).toHaveLength(report.epochs);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('the BARS protocol', () => {
  it('decays the learning rate x0.1 on each non-improving epoch, stops after 2 in a row, restores the best', async () => {
    // A label that is pure noise: validation AUC wanders around 0.5, so epochs miss often.
    const labelled = plantedTable(1200, 4, 99, true);
    const events: ProgressEvent[] = [];
    const model = new CtrModel({ ...SMALL, batchSize: 400, maxEpochs: 12, seed: 8 });
    const report = await model.fit(labelled, {
      valid: plantedTable(600, 6, 99, true),
      onProgress: (e) => events.push(e),
    });
    const h = report.history;
    let misses = 0;
    for (let i = 0; i < h.length; i++) {
      if (i > 0) {
        const expected = h[i - 1].improved
          ? h[i - 1].learningRate
          : Math.max(h[i - 1].learningRate * 0.1, 1e-6);
        expect(h[i].learningRate).toBeCloseTo(expected, 12);
      }
      misses = h[i].improved ? 0 : misses + 1;
      if (i < h.length - 1) expect(misses).toBeLessThan(2);
    }
    expect(h.some((e) => !e.improved)).toBe(true);
    expect(report.stoppedEarly).toBe(misses === 2);
    const best = h.reduce((b, e) => (e.improved ? e : b));
    expect(report.bestEpoch).toBe(best.epoch);
    expect(report.validAuc).toBe(best.validAuc);
    // The kept weights are the best epoch's: scoring valid again gives its AUC exactly.
    expect(model.evaluate(plantedTable(600, 6, 99, true)).auc).toBe(best.validAuc);
    // Progress: one epoch event per epoch plus a final one; per epoch 3 batches plus a final one.
    expect(events.filter((e) => e.phase === 'epoch')).toHaveLength(report.epochs + 1);
    expect(events.filter((e) => e.phase === 'batch')).toHaveLength(report.epochs * 4);
    expect(events.filter((e) => e.done).length).toBe(report.epochs + 1);
    model.dispose();
  });

  it('same seed, same backend: identical predictions; another seed differs', async () => {
    const run = async (seed: number) => {
      const model = new CtrModel({ model: 'deepfm', ...SMALL, maxEpochs: 2, seed });
      await model.fit(train, { valid });
      const p = model.predict(test);
      model.dispose();
      return p;
    };
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('save / load keeps options, vocabulary and weights: the reloaded model predicts exactly the same', async () => {
    const model = new CtrModel({ model: 'masknet', ...SMALL, maxEpochs: 2, seed: 4 });
    await model.fit(train, { valid });
    const saved = structuredClone(model.save());
    const before = tf.memory().numTensors;
    const back = await CtrModel.load(saved);
    expect(Array.from(back.predict(test))).toEqual(Array.from(model.predict(test)));
    expect(back.options).toEqual(model.options);
    expect(back.vocabulary?.toJSON()).toEqual(model.vocabulary?.toJSON());
    back.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('trainCtrModel returns valid and test figures, the test predictions, and frees the model', async () => {
    const before = tf.memory().numTensors;
    const result = await trainCtrModel({
      model: 'dnn',
      train,
      valid,
      test,
      seed: 5,
      ...SMALL,
      maxEpochs: 3,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.testPredictions).toHaveLength(test.nRows);
    expect(result.testLabels).toHaveLength(test.nRows);
    expect(result.testAuc).toBeGreaterThan(0.9);
    expect(result.epochs).toBe(result.history.length);
    expect(result.secondsPerEpoch).toBeGreaterThan(0);
    expect(result.model).toBe('dnn');
  });
});

describe('parameter layout', () => {
  // Ten fields whose vocabularies sum to 5,389 rows, the Frappe_x1 vocabulary of BARS's runs.
  const fields = Array.from({ length: 10 }, (_, i) => ({
    name: `f${i}`,
    size: i === 0 ? 889 : 500,
  }));
  const count = (options: CtrModelOptions) => {
    const { store } = initNetwork(fields, resolveCtrOptions(options));
    const n = store.trainable().reduce((total, v) => total + v.size, 0);
    store.dispose();
    return n;
  };

  it('MaskNet has FuxiCTR’s 571,691 parameters (53,890 embedding, 3 x 45,400 blocks, 381,601 MLP)', () => {
    expect(count({ model: 'masknet' })).toBe(571_691);
  });

  it('DeepFM has FuxiCTR’s 423,280 less the three pre-BatchNorm biases (Porting note in mlp.ts)', () => {
    expect(count({ model: 'deepfm' })).toBe(423_280 - 3 * 400);
  });
});
