import {
  DATASET_SPLITS,
  type Dataset,
  type DatasetName,
  isCoded,
  loadDataset,
} from '@synthctr/tabular-schema';
import { type BenchArgs, type BenchResult, opt, peakRssMb } from '../harness.js';

/** Where the data lives on a developer machine, per dataset (relative to the repository root). */
const DEFAULT_DIRS: Record<DatasetName, string> = {
  frappe: '../shared/data/frappe',
  'movielens-100k': '../shared/data/movielens-100k',
  'criteo-sample': '../shared/data/criteo-sample',
  'avazu-sample': '../shared/data/avazu-sample',
};

/**
 * Loads a dataset and prints one line per part: rows, positives, fields (columns other than
 * the label), how many are categorical, distinct feature values, and the load time.
 * `pnpm bench data -- --dataset frappe --split pooled --data-dir ../shared/data/frappe`
 * gives train 60,608 (20,021 positive), valid 17,316 (5,667), test 8,658 (2,911).
 * `--download` fetches Frappe into the cache instead of reading a folder.
 */
export default async function data(args: BenchArgs, emit: (r: BenchResult) => void): Promise<void> {
  const name = opt(args, 'dataset', 'frappe') as DatasetName;
  const splits = DATASET_SPLITS[name];
  if (!splits) {
    throw new Error(
      `bench data: unknown --dataset '${name}'; expected one of ${Object.keys(DATASET_SPLITS).join(', ')}.`,
    );
  }
  const split = opt(args, 'split', splits[0]);
  const dataDir =
    args.options.download === true ? undefined : opt(args, 'data-dir', DEFAULT_DIRS[name]);
  const started = performance.now();
  const loaded = await loadDataset(name, { split, dataDir });
  const loadSeconds = (performance.now() - started) / 1000;
  for (const [part, table] of Object.entries(loaded.parts)) {
    emit({
      name: `data/${name}/${loaded.split}/${part}`,
      protocol: loaded.protocol,
      split: part,
      ...describe(table),
      loadSeconds: Number(loadSeconds.toFixed(3)),
      peakRssMb: Math.round(await peakRssMb()),
    });
  }
}

function describe(table: Dataset): Record<string, number> {
  const labels = table.label === null ? null : table.labelCodes();
  const positiveCode = table.label === null ? -1 : table.codeOf(table.label, 1);
  let positives = 0;
  if (labels) for (const c of labels) if (c === positiveCode) positives++;
  const fields = table.schema.columns.filter((c) => c.name !== table.label);
  const categorical = fields.filter((c) => isCoded(c) && c.kind === 'categorical');
  const features = categorical.reduce((s, c) => s + (isCoded(c) ? c.categories.length : 0), 0);
  return {
    rows: table.nRows,
    positives,
    positiveRate: table.nRows > 0 ? Number((positives / table.nRows).toFixed(5)) : 0,
    fields: fields.length,
    categoricalFields: categorical.length,
    features,
  };
}
