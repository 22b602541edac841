import { columnShapes, identicalRows } from '@synthctr/metrics';
import { DEFAULT_BATCH_SIZE, DEFAULT_DENOISER_DIMS, Tabddpm } from '@synthctr/tabddpm';
import { type DatasetName, loadDataset } from '@synthctr/tabular-schema';
import {
  type BenchArgs,
  type BenchResult,
  median,
  num,
  opt,
  peakRssMb,
  stepTimer,
} from '../harness.js';

function dims(text: string): number[] {
  return text.split(',').map((d) => Number(d.trim()));
}

/**
 * `pnpm bench tabddpm -- --dataset frappe --split pooled --data-dir ../shared/data/frappe --steps 200`:
 * (1) seconds per training step at the paper's width ([512, 1024 x5, 512], T = 100) and batch
 * (4,096): the median over `--timing-steps` steps but the first (warm-up, with the fit's set-up
 * in it); (2) a short fit of `--steps` steps with `--dims`,
 * `--batch` and `--timesteps`, then the identical-row count and column-shape similarity of
 * `--rows` sampled rows.
 */
export default async function tabddpm(
  args: BenchArgs,
  emit: (r: BenchResult) => void,
): Promise<void> {
  const name = opt(args, 'dataset', 'frappe') as DatasetName;
  const loaded = await loadDataset(name, {
    split: opt(args, 'split', 'pooled'),
    dataDir: opt(args, 'data-dir', '../shared/data/frappe'),
  });
  const train = loaded.parts.train;
  const seed = num(args, 'seed', 1);

  const timingSteps = num(args, 'timing-steps', 3);
  if (timingSteps > 0) {
    const paper = new Tabddpm({ seed, steps: timingSteps });
    const timer = stepTimer('fit');
    await paper.fit(train, { onProgress: timer.onProgress });
    const perStep = median(timer.seconds);
    emit({
      name: `tabddpm/paper-width/${loaded.protocol}`,
      protocol: loaded.protocol,
      trainRows: train.nRows,
      denoiserDims: DEFAULT_DENOISER_DIMS.join(','),
      batchSize: DEFAULT_BATCH_SIZE,
      parameters: paper.parameterCount,
      timedSteps: timer.seconds.length,
      secondsPerStep: Number(perStep.toFixed(3)),
      rowsPerSecond: Math.round(DEFAULT_BATCH_SIZE / perStep),
      hoursFor30000Steps: Number(((perStep * 30000) / 3600).toFixed(1)),
      peakRssMb: Math.round(await peakRssMb()),
    });
    paper.dispose();
  }

  const steps = num(args, 'steps', 200);
  const rows = num(args, 'rows', 60_000);
  const shortDims = dims(opt(args, 'dims', '256,256'));
  const model = new Tabddpm({
    seed,
    steps,
    denoiserDims: shortDims,
    batchSize: num(args, 'batch', 1024),
    numTimesteps: num(args, 'timesteps', 100),
    learningRate: num(args, 'lr', 0.002),
  });
  const timer = stepTimer('fit');
  const report = await model.fit(train, { onProgress: timer.onProgress });
  const sampleStart = performance.now();
  const synthetic = await model.sample(rows, { seed: 1 });
  const sampleSeconds = (performance.now() - sampleStart) / 1000;
  const copies = identicalRows(train, synthetic);
  const shapes = columnShapes(train, synthetic);
  emit({
    name: `tabddpm/short-fit/${loaded.protocol}`,
    protocol: loaded.protocol,
    trainRows: train.nRows,
    denoiserDims: shortDims.join(','),
    batchSize: model.options.batchSize,
    numTimesteps: model.options.numTimesteps,
    steps: report.steps,
    secondsPerStep: Number(median(timer.seconds).toFixed(3)),
    finalLoss: report.history.at(-1)?.loss,
    sampledRows: rows,
    sampleSeconds: Number(sampleSeconds.toFixed(1)),
    identicalRows: copies.identicalRows,
    exactCopyRate: copies.exactCopyRate,
    columnShapes: Number(shapes.mean.toFixed(4)),
    peakRssMb: Math.round(await peakRssMb()),
  });
  model.dispose();
}
