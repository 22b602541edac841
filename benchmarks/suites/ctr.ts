import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CtrModel, type CtrModelKind } from '@synthctr/ctr-models';
import { type DatasetName, loadDataset } from '@synthctr/tabular-schema';
import { type BenchArgs, type BenchResult, num, opt, peakRssMb, round } from '../harness.js';

/**
 * Trains DNN, DeepFM or MaskNet with the BARS protocol on a dataset split and prints epochs,
 * seconds per training epoch, samples per second, the effective GFLOP/s of a train step,
 * test AUC and logloss, beside FuxiCTR's figures on the same split (peer-figures.md).
 *   pnpm bench ctr -- --model dnn|deepfm|masknet|all --dataset frappe --split pooled
 *     --data-dir ../shared/data/frappe [--seed 2021] [--max-epochs 100] [--parallel 2]
 * `--model all` runs the three models in parallel child processes (the wasm backend uses
 * one core each), `--parallel` at a time.
 */

/** FuxiCTR (PyTorch, 1 thread, seed 2021) on frappe-pooled, this machine (peer-figures.md). */
const REFERENCE: Record<
  CtrModelKind,
  { testAuc: number; testLogloss: number; epochs: number; secondsPerEpoch: number }
> = {
  dnn: { testAuc: 0.9586, testLogloss: 0.325, epochs: 18, secondsPerEpoch: 2.7 },
  deepfm: { testAuc: 0.9544, testLogloss: 0.3171, epochs: 17, secondsPerEpoch: 2.7 },
  masknet: { testAuc: 0.9562, testLogloss: 0.3843, epochs: 20, secondsPerEpoch: 3.3 },
};
/** A model passes when its test AUC is at least the reference minus this (about one seed's spread). */
const AUC_TOLERANCE = 0.003;
const MODELS: CtrModelKind[] = ['dnn', 'deepfm', 'masknet'];

export default async function ctr(args: BenchArgs, emit: (r: BenchResult) => void): Promise<void> {
  const model = opt(args, 'model', 'dnn');
  if (model === 'all') return runAll(args, emit);
  if (!MODELS.includes(model as CtrModelKind)) {
    throw new Error(
      `bench ctr: --model must be one of ${[...MODELS, 'all'].join(', ')}, got '${model}'.`,
    );
  }
  const dataset = opt(args, 'dataset', 'frappe') as DatasetName;
  const split = opt(args, 'split', 'pooled');
  const loaded = await loadDataset(dataset, {
    split,
    dataDir: opt(args, 'data-dir', '../shared/data/frappe'),
  });
  const { train, valid, test } = loaded.parts;
  const seed = num(args, 'seed', 2021);
  const ctrModel = new CtrModel({
    model: model as CtrModelKind,
    seed,
    maxEpochs: num(args, 'max-epochs', 100),
  });
  const started = performance.now();
  const report = await ctrModel.fit(train, { valid });
  const scored = ctrModel.evaluate(test);
  const summary = ctrModel.summary();
  ctrModel.dispose();
  const trainSeconds = report.secondsPerEpoch * report.epochs;
  const stepFlops = 3 * summary.forwardFlopsPerRow * train.nRows * report.epochs;
  const ref = REFERENCE[model as CtrModelKind];
  emit({
    name: `ctr/${model}`,
    protocol: loaded.protocol,
    model,
    seed,
    epochs: report.epochs,
    bestEpoch: report.bestEpoch,
    secondsPerEpoch: round(report.secondsPerEpoch, 2),
    cpuSecondsPerEpoch: round(report.cpuSecondsPerEpoch, 2),
    evalSecondsPerEpoch: round(report.evalSeconds / report.epochs, 2),
    samplesPerSecond: Math.round((train.nRows * report.epochs) / trainSeconds),
    effectiveGflops: round(stepFlops / trainSeconds / 1e9, 1),
    effectiveGflopsCpu: round(stepFlops / (report.cpuSecondsPerEpoch * report.epochs) / 1e9, 1),
    validAuc: round(report.validAuc, 4),
    testAuc: round(scored.auc, 4),
    testLogloss: round(scored.logloss, 4),
    parameters: summary.trainable,
    seconds: round((performance.now() - started) / 1000, 1),
    reference: ref,
    secondsPerEpochVsReference: round(report.secondsPerEpoch / ref.secondsPerEpoch, 2),
    reachesReference: scored.auc >= ref.testAuc - AUC_TOLERANCE,
    peakRssMb: Math.round(await peakRssMb()),
  });
}

/** Runs each model in its own process, `--parallel` at a time, and passes their lines on. */
async function runAll(args: BenchArgs, emit: (r: BenchResult) => void): Promise<void> {
  const parallel = Math.max(1, num(args, 'parallel', 2));
  const runner = fileURLToPath(new URL('../run.ts', import.meta.url));
  const passOn = Object.entries(args.options)
    .filter(([k]) => k !== 'model' && k !== 'parallel')
    .flatMap(([k, v]) => (v === true ? [`--${k}`] : [`--${k}`, v]));
  const queue = [...MODELS];
  const worker = async (): Promise<void> => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const lines = await runChild(runner, ['ctr', '--model', m, ...passOn]);
      for (const line of lines) emit(JSON.parse(line) as BenchResult);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, MODELS.length) }, worker));
}

function runChild(runner: string, argv: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, runner, ...argv], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`bench ctr: '${argv.join(' ')}' exited with ${code}.`));
      else resolve(out.split('\n').filter((l) => l.trim().startsWith('{')));
    });
  });
}
