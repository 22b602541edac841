import { GaussianCopula, type GaussianCopulaOptions } from '@synthctr/copula';
import { columnShapes, identicalRows } from '@synthctr/metrics';
import { type Dataset, FixedCombinations, loadFrappe } from '@synthctr/tabular-schema';
import {
  type BenchArgs,
  type BenchResult,
  cpuSeconds,
  num,
  opt,
  peakRssMb,
  round,
} from '../harness.js';

const DEFAULT_ROWS = 60_000;
const DEFAULT_DATA_DIR = '../shared/data/frappe';
/** The paper's constraint: only (country, city) pairs seen in the real data. */
const CONSTRAINED = ['country', 'city'];

/**
 * Gaussian Copula on Frappe: fit seconds, seconds to sample --rows rows (unconditional and
 * with the label fixed to 0), identical rows against train (the paper's Table 1 figure) and
 * the mean column-shape score. Runs without and with the (country, city) fixed combination
 * (`--constraint none|fixed|both`, default both); `--categorical-marginal encoded` uses the
 * encoded categorical scores directly instead of fitting Beta marginals to them. Reference (SDV stack on this machine):
 * encode 1.3 s + fit 4.9 s, sample 60,000 rows 0.5 s, 1 identical row.
 */
export default async function copula(
  args: BenchArgs,
  emit: (r: BenchResult) => void,
): Promise<void> {
  const dataset = opt(args, 'dataset', 'frappe');
  if (dataset !== 'frappe')
    throw new Error(`bench copula: only --dataset frappe is supported, got '${dataset}'.`);
  const split = opt(args, 'split', 'pooled');
  if (split !== 'pooled' && split !== 'official') {
    throw new Error(`bench copula: --split must be pooled or official, got '${split}'.`);
  }
  const data = await loadFrappe({
    split,
    dataDir: opt(args, 'data-dir', DEFAULT_DATA_DIR),
    download: false,
  });
  const rows = num(args, 'rows', DEFAULT_ROWS);
  const seed = num(args, 'seed', 0);
  const which = opt(args, 'constraint', 'both');
  const categoricalMarginal = opt(args, 'categorical-marginal', 'fitted');
  if (categoricalMarginal !== 'fitted' && categoricalMarginal !== 'encoded') {
    throw new Error(
      `bench copula: --categorical-marginal must be fitted or encoded, got '${categoricalMarginal}'.`,
    );
  }
  const variants = which === 'both' ? ['none', 'fixed'] : [which];
  for (const variant of variants) {
    if (variant !== 'none' && variant !== 'fixed') {
      throw new Error(`bench copula: --constraint must be none, fixed or both, got '${variant}'.`);
    }
    const result = await runOnce(data.train, rows, {
      seed,
      categoricalMarginal,
      constraints: variant === 'fixed' ? [new FixedCombinations({ columns: CONSTRAINED })] : [],
    });
    const suffix = `${variant === 'fixed' ? '+fixed(country,city)' : ''}${categoricalMarginal === 'encoded' ? '+encoded' : ''}`;
    emit({
      name: `copula/${dataset}${suffix}`,
      protocol: data.protocol,
      trainRows: data.train.nRows,
      ...result,
      peakRssMb: Math.round(await peakRssMb()),
    });
  }
}

async function runOnce(
  train: Dataset,
  rows: number,
  options: GaussianCopulaOptions,
): Promise<Record<string, number>> {
  const model = new GaussianCopula(options);
  let cpu = cpuSeconds();
  const report = await model.fit(train);
  const fitCpuSeconds = cpuSeconds() - cpu;
  let t = performance.now();
  cpu = cpuSeconds();
  const synthetic = await model.sample(rows);
  const sampleSeconds = (performance.now() - t) / 1000;
  const sampleCpuSeconds = cpuSeconds() - cpu;
  t = performance.now();
  const negatives = await model.sample(rows, { conditions: { label: 0 } });
  const conditionalSeconds = (performance.now() - t) / 1000;
  const copies = identicalRows(train, synthetic);
  const shapes = columnShapes(train, synthetic);
  const wrongLabel = negatives.labelCodes().filter((c) => c !== 0).length;
  model.dispose();
  return {
    fitSeconds: round(report.seconds, 3),
    fitCpuSeconds: round(fitCpuSeconds, 3),
    sampleSeconds: round(sampleSeconds, 3),
    sampleCpuSeconds: round(sampleCpuSeconds, 3),
    conditionalSampleSeconds: round(conditionalSeconds, 3),
    sampledRows: synthetic.nRows,
    identicalRows: copies.identicalRows,
    columnShapes: round(shapes.mean, 4),
    conditionalRowsOffLabel: wrongLabel,
    fallbacks: report.notices.filter((n) => n.code === 'marginal-fallback').length,
  };
}
