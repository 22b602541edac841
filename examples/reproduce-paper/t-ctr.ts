import { trainCtrModel } from '@synthctr/ctr-models';
import { initBackend } from '@synthctr/runtime';
import { loadSplits } from './src/data.ts';

await initBackend();
const s = await loadSplits({
  dataset: 'frappe',
  split: 'pooled',
  dataDir: '../../../shared/data/frappe',
  subsample: null,
});
const model = (process.argv[2] ?? 'dnn') as 'dnn';
const hidden = JSON.parse(process.argv[3] ?? '[200,200,200]');
const t = performance.now();
const r = await trainCtrModel({
  model,
  seed: 2021,
  maxEpochs: Number(process.argv[4] ?? 30),
  hiddenUnits: hidden,
  train: s.train,
  valid: s.valid,
  test: s.test,
});
console.log(
  JSON.stringify({
    model,
    hidden,
    epochs: r.epochs,
    best: r.bestEpoch,
    spe: r.secondsPerEpoch,
    total: (performance.now() - t) / 1000,
    testAuc: r.testAuc,
    hist: r.history.map((h: any) => [h.epoch, Number((h.validAuc ?? 0).toFixed(4))]),
  }),
);
