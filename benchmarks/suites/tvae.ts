import { columnShapes, identicalRows } from '@synthctr/metrics';
import { type DatasetName, loadDataset } from '@synthctr/tabular-schema';
import { Tvae } from '@synthctr/tvae';
import {
  type BenchArgs,
  type BenchResult,
  mean,
  num,
  opt,
  peakRssMb,
  stepTimer,
} from '../harness.js';

/** The reference TVAE (PyTorch, one core, the paper's settings) on frappe-pooled train here. */
const REFERENCE_SECONDS_PER_EPOCH = 17.8;

/**
 * `pnpm bench tvae -- --dataset frappe --split pooled --data-dir ../shared/data/frappe --epochs 2`:
 * seconds per epoch with the paper's settings (embedding 128, (128, 128) both ways, l2 1e-6,
 * batch 500), the mean over every epoch but the first (warm-up, with the fit's set-up in it),
 * then the identical-row count and column-shape similarity of 60,000 sampled rows.
 */
export default async function tvae(args: BenchArgs, emit: (r: BenchResult) => void): Promise<void> {
  const name = opt(args, 'dataset', 'frappe') as DatasetName;
  const loaded = await loadDataset(name, {
    split: opt(args, 'split', 'pooled'),
    dataDir: opt(args, 'data-dir', '../shared/data/frappe'),
  });
  const train = loaded.parts.train;
  const epochs = num(args, 'epochs', 2);
  const rows = num(args, 'rows', 60_000);
  const model = new Tvae({
    seed: num(args, 'seed', 1),
    epochs,
    conditional: opt(args, 'form', 'conditional') !== 'reference',
  });
  const timer = stepTimer('epoch');
  const report = await model.fit(train, { onProgress: timer.onProgress });
  const sampleStart = performance.now();
  const synthetic = await model.sample(rows, { seed: 1 });
  const sampleSeconds = (performance.now() - sampleStart) / 1000;
  const copies = identicalRows(train, synthetic);
  const shapes = columnShapes(train, synthetic);
  const perEpoch = mean(timer.seconds);
  emit({
    name: `tvae/${loaded.protocol}`,
    protocol: loaded.protocol,
    trainRows: train.nRows,
    epochs: report.epochs,
    steps: report.steps,
    timedEpochs: timer.seconds.length,
    secondsPerEpoch: Number(perEpoch.toFixed(2)),
    referenceSecondsPerEpoch: REFERENCE_SECONDS_PER_EPOCH,
    ratioToReference: Number((perEpoch / REFERENCE_SECONDS_PER_EPOCH).toFixed(2)),
    finalLoss: report.history.at(-1)?.loss,
    sampledRows: rows,
    sampleSeconds: Number(sampleSeconds.toFixed(2)),
    identicalRows: copies.identicalRows,
    exactCopyRate: copies.exactCopyRate,
    columnShapes: Number(shapes.mean.toFixed(4)),
    peakRssMb: Math.round(await peakRssMb()),
  });
  model.dispose();
}
