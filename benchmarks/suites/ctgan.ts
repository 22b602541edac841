import { CopulaGan, Ctgan } from '@synthctr/gan-tabular';
import { columnShapes, identicalRows } from '@synthctr/metrics';
import { type DatasetName, loadDataset } from '@synthctr/tabular-schema';
import {
  type BenchArgs,
  type BenchResult,
  mean,
  num,
  opt,
  peakRssMb,
  stepTimer,
} from '../harness.js';

/**
 * The reference CTGAN (PyTorch with OpenBLAS, one core, the paper's settings) on
 * frappe-pooled train here: seconds per epoch (121 steps), from shared/reference/peer-figures.md.
 */
const REFERENCE_SECONDS_PER_EPOCH = 560;

/**
 * `pnpm bench ctgan -- --dataset frappe --split pooled --data-dir ../shared/data/frappe --epochs 2
 * [--model copulagan] [--rows 60000] [--seed 1]`: seconds per epoch with the paper's settings
 * (embedding 128, (256, 256) both networks, lr 2e-4, decay 1e-6, batch 500, pac 10), the mean
 * over every epoch but the first (warm-up, with the fit's set-up in it; `timedEpochs` says how
 * many), then the identical-row count and column-shape similarity of `rows` sampled rows.
 */
export default async function ctgan(
  args: BenchArgs,
  emit: (r: BenchResult) => void,
): Promise<void> {
  const name = opt(args, 'dataset', 'frappe') as DatasetName;
  const which = opt(args, 'model', 'ctgan');
  if (which !== 'ctgan' && which !== 'copulagan') {
    throw new Error(`bench ctgan: --model must be ctgan or copulagan, got '${which}'.`);
  }
  const loaded = await loadDataset(name, {
    split: opt(args, 'split', 'pooled'),
    dataDir: opt(args, 'data-dir', '../shared/data/frappe'),
  });
  const train = loaded.parts.train;
  const epochs = num(args, 'epochs', 2);
  const rows = num(args, 'rows', 60_000);
  const options = { seed: num(args, 'seed', 1), epochs };
  const model = which === 'ctgan' ? new Ctgan(options) : new CopulaGan(options);
  const timer = stepTimer('epoch');
  const fitStart = performance.now();
  const report = await model.fit(train, {
    onProgress: (e) => {
      timer.onProgress(e);
      if (e.phase !== 'epoch' || e.done) return;
      const elapsed = (performance.now() - fitStart) / 1000;
      process.stderr.write(`epoch ${e.step}/${e.total}: ${elapsed.toFixed(1)} s\n`);
    },
  });
  const sampleStart = performance.now();
  const { data: synthetic, report: sampled } = await model.sampleWithReport(rows, { seed: 1 });
  const sampleSeconds = (performance.now() - sampleStart) / 1000;
  const labelStart = performance.now();
  const label = train.label;
  const positives = label
    ? await model.sampleWithReport(5000, { conditions: { [label]: 1 }, seed: 2 })
    : null;
  const labelSeconds = (performance.now() - labelStart) / 1000;
  const copies = identicalRows(train, synthetic);
  const shapes = columnShapes(train, synthetic);
  const perEpoch = mean(timer.seconds);
  const cpuPerEpoch = mean(timer.cpuSeconds);
  const stepsPerEpoch = report.epochs > 0 ? report.steps / report.epochs : 0;
  emit({
    name: `${which}/${loaded.protocol}`,
    protocol: loaded.protocol,
    trainRows: train.nRows,
    epochs: report.epochs,
    steps: report.steps,
    timedEpochs: timer.seconds.length,
    secondsPerEpoch: Number(perEpoch.toFixed(1)),
    secondsPerStep: Number((stepsPerEpoch > 0 ? perEpoch / stepsPerEpoch : 0).toFixed(3)),
    cpuSecondsPerEpoch: Number(cpuPerEpoch.toFixed(1)),
    referenceSecondsPerEpoch: REFERENCE_SECONDS_PER_EPOCH,
    ratioToReference: Number((perEpoch / REFERENCE_SECONDS_PER_EPOCH).toFixed(3)),
    cpuRatioToReference: Number((cpuPerEpoch / REFERENCE_SECONDS_PER_EPOCH).toFixed(3)),
    finalGeneratorLoss: report.history.at(-1)?.generatorLoss,
    finalDiscriminatorLoss: report.history.at(-1)?.discriminatorLoss,
    sampledRows: rows,
    sampleSeconds: Number(sampleSeconds.toFixed(2)),
    identicalRows: copies.identicalRows,
    exactCopyRate: Number(copies.exactCopyRate.toFixed(4)),
    columnShapes: Number(shapes.mean.toFixed(4)),
    labelComplianceRaw: positives
      ? Number((positives.report.compliance[label!] ?? 0).toFixed(4))
      : null,
    labelSampleSeconds: Number(labelSeconds.toFixed(2)),
    freeSampleVectorColumns: sampled.vectorColumns.length,
    peakRssMb: Math.round(await peakRssMb()),
  });
  model.dispose();
}
