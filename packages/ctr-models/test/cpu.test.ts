import { initBackend, tf } from '@synthctr/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { CtrModel, type CtrModelOptions, initNetwork, resolveCtrOptions } from '../src/index.js';
import { plantedTable } from './helpers.js';

// The cpu backend is the test oracle for determinism (bad-inputs B10, ctr-models part).
beforeAll(async () => {
  await initBackend({ force: 'cpu' });
});

const OPTIONS: CtrModelOptions = {
  model: 'deepfm',
  seed: 42,
  hiddenUnits: [16, 16],
  batchSize: 128,
  maxEpochs: 1,
};

describe('bad-inputs B10: DeepFM with seed 42 on the cpu backend', () => {
  const train = plantedTable(512, 1);
  const valid = plantedTable(256, 2);
  const fields = [
    { name: 'user', size: 41 },
    { name: 'item', size: 31 },
  ];

  it('runs on cpu', () => {
    expect(tf.getBackend()).toBe('cpu');
  });

  it('gives identical initial weights, and different ones for seed 43', () => {
    const a = initNetwork(fields, resolveCtrOptions(OPTIONS));
    const b = initNetwork(fields, resolveCtrOptions(OPTIONS));
    const c = initNetwork(fields, resolveCtrOptions({ ...OPTIONS, seed: 43 }));
    const wa = a.store.save();
    const wb = b.store.save();
    const wc = c.store.save();
    for (const name of Object.keys(wa))
      expect(Array.from(wb[name].data)).toEqual(Array.from(wa[name].data));
    expect(Array.from(wc['embedding.table'].data)).not.toEqual(
      Array.from(wa['embedding.table'].data),
    );
    for (const x of [a, b, c]) x.store.dispose();
  });

  it('gives identical weights and predictions after 1 epoch', async () => {
    const run = async () => {
      const model = new CtrModel(OPTIONS);
      await model.fit(train, { valid });
      const out = { weights: model.save().tensors, predictions: model.predict(valid) };
      model.dispose();
      return out;
    };
    const before = tf.memory().numTensors;
    const a = await run();
    const b = await run();
    expect(tf.memory().numTensors).toBe(before);
    for (const name of Object.keys(a.weights)) {
      expect(Array.from(b.weights[name].data)).toEqual(Array.from(a.weights[name].data));
    }
    expect(Array.from(b.predictions)).toEqual(Array.from(a.predictions));
  });
});

describe('the vocabulary guard on the cpu backend', () => {
  it('refuses an id beyond a field’s vocabulary with the same message as on wasm', async () => {
    const fields = [
      { name: 'a', size: 3 },
      { name: 'b', size: 2 },
    ];
    const table = { ids: Int32Array.of(0, 1, 2, 2), labels: Float32Array.of(1, 0), fields };
    const model = new CtrModel({ ...OPTIONS, model: 'dnn' });
    await expect(model.fit(table, { valid: table })).rejects.toThrow(
      "CtrModel.fit (train): field 'b' has id 2 at row 1, outside its vocabulary of 2 slots (0..1)",
    );
  });
});
