import type { Dataset } from '../dataset.js';
import { DataSourceError } from '../errors.js';
import { pooledSplit } from '../split.js';
import { type FrappeOptions, loadFrappe } from './frappe.js';
import { loadMovielens100k } from './movielens.js';
import { loadAvazuSample, loadCriteoSample } from './samples.js';

/** The datasets synthctr knows by name. */
export type DatasetName = 'frappe' | 'movielens-100k' | 'criteo-sample' | 'avazu-sample';

/** Every name {@link loadDataset} accepts, with the splits each offers (default first). */
export const DATASET_SPLITS: Readonly<Record<DatasetName, readonly string[]>> = {
  frappe: ['pooled', 'official'],
  'movielens-100k': ['modulo', 'all'],
  'criteo-sample': ['all', 'modulo'],
  'avazu-sample': ['all', 'modulo'],
};

/** Options of {@link loadDataset}: the split, the data folder and Frappe's download settings. */
export interface LoadDatasetOptions extends Omit<FrappeOptions, 'split'> {
  /** The split (see {@link DATASET_SPLITS}). @default the dataset's first split */
  split?: string;
  /** A rating at or above this is a click (MovieLens only). @default 4 */
  threshold?: number;
}

/** A loaded dataset: its parts by name and the protocol to label figures with. */
export interface LoadedDataset {
  name: DatasetName;
  split: string;
  /** For example `frappe-pooled`, `movielens-100k-modulo`, `criteo-sample`. */
  protocol: string;
  /** `train`, `valid` and `test`, or `all` for the unsplit table. */
  parts: Record<string, Dataset>;
}

/**
 * Loads a dataset by name. Frappe's splits are `pooled` and `official` (see loadFrappe); the
 * others are one table, `all`, or `modulo`, the frappe-pooled rule applied to their row
 * order (row i to train when i mod 10 < 7, valid at 7 or 8, test at 9).
 */
export async function loadDataset(
  name: DatasetName,
  options: LoadDatasetOptions = {},
): Promise<LoadedDataset> {
  const splits = DATASET_SPLITS[name];
  if (!splits) {
    throw new DataSourceError(
      `loadDataset: unknown dataset '${name}'; expected one of ${Object.keys(DATASET_SPLITS).join(', ')}.`,
    );
  }
  const split = options.split ?? splits[0];
  if (!splits.includes(split)) {
    throw new DataSourceError(
      `loadDataset: ${name} has no split '${split}'; expected one of ${splits.join(', ')}.`,
    );
  }
  if (name === 'frappe') {
    const data = await loadFrappe({ ...options, split: split as 'pooled' | 'official' });
    return {
      name,
      split,
      protocol: data.protocol,
      parts: { train: data.train, valid: data.valid, test: data.test },
    };
  }
  const table =
    name === 'movielens-100k'
      ? loadMovielens100k(options)
      : name === 'criteo-sample'
        ? loadCriteoSample(options)
        : loadAvazuSample(options);
  if (split === 'all') return { name, split, protocol: name, parts: { all: table } };
  return { name, split, protocol: `${name}-modulo`, parts: { ...pooledSplit(table) } };
}
