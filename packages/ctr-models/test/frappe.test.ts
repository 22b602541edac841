import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend, tf } from '@synthctr/runtime';
import { loadDataset } from '@synthctr/tabular-schema';
import { FRAPPE_FIELD_NAMES } from '@synthctr/tabular-schema/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { CtrModel } from '../src/index.js';

// The real data is never copied into the repository: it is read from ../shared/data at run
// time, and this file skips when it is not there.
const DATA_DIR = resolve(import.meta.dirname, '../../../../shared/data/frappe');
const present = existsSync(resolve(DATA_DIR, 'frappe.validation.libfm'));

describe.skipIf(!present)('frappe-pooled', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('[slow] a narrow DNN learns it in two epochs; the vocabulary comes from train only', async () => {
    const { parts } = await loadDataset('frappe', { split: 'pooled', dataDir: DATA_DIR });
    const { train, valid, test } = parts;
    expect([train.nRows, valid.nRows, test.nRows]).toEqual([60_608, 17_316, 8_658]);
    const before = tf.memory().numTensors;
    const model = new CtrModel({ model: 'dnn', hiddenUnits: [64, 64], maxEpochs: 2, seed: 1 });
    const report = await model.fit(train, { valid });
    const sizes = model.fieldInfo.map((f) => f.size);
    expect(model.fieldInfo.map((f) => f.name)).toEqual(FRAPPE_FIELD_NAMES);
    // Every field: the categories seen in train plus the OOV slot (5,303 features seen of 5,382).
    expect(sizes).toEqual([889, 4083, 8, 8, 3, 4, 3, 10, 77, 228]);
    expect(report.history).toHaveLength(2);
    expect(report.validAuc).toBeGreaterThan(0.9);
    expect(model.evaluate(test).auc).toBeGreaterThan(0.9);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
