import { initBackend, tf } from '@synthctr/runtime';
import { beforeAll, expect, test } from 'vitest';
import { Tabddpm } from '../src/index.js';
import { knownTable, TINY } from './helpers.js';

beforeAll(async () => {
  await initBackend();
});

test('smoke', async () => {
  const data = knownTable(300);
  const before = tf.memory().numTensors;
  const model = new Tabddpm({ ...TINY, steps: 50, seed: 1 });
  const t0 = Date.now();
  const report = await model.fit(data);
  console.log('after fit', tf.memory().numTensors - before, model.parameterCount);
  const t1 = Date.now();
  const mid = tf.memory().numTensors;
  const out = await model.sample(500);
  console.log('after sample', tf.memory().numTensors - mid);
  const t2 = Date.now();
  console.log(report.history.slice(-1), (t1 - t0) / 50, 'ms/step', t2 - t1, 'ms sample');
  console.log(out.toRows().slice(0, 5));
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
