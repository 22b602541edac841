import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dataset } from '../dataset.js';
import { DataSourceError } from '../errors.js';
import { readCsvFile } from '../io/csv.js';
import type { ColumnKind } from '../types.js';

/**
 * The tiny Criteo and Avazu excerpts DeepCTR ships as examples (200 and 100 rows): for
 * parser and pipeline smoke tests only, never for accuracy claims. Read from a folder.
 */

/** Options of the sample loaders. */
export interface SampleDataOptions {
  /** The folder holding the sample file. Required. */
  dataDir?: string;
}

/** The file name of the Criteo excerpt (DeepCTR's examples/criteo_sample.txt). */
export const CRITEO_SAMPLE_FILE = 'criteo_sample.txt';
/** The file name of the Avazu excerpt (DeepCTR's examples/avazu_sample.txt). */
export const AVAZU_SAMPLE_FILE = 'avazu_sample.txt';
const SOURCE = 'https://github.com/shenweichen/DeepCTR/tree/master/examples';

function samplePath(loader: string, file: string, options: SampleDataOptions): string {
  if (!options.dataDir) {
    throw new DataSourceError(
      `${loader}: no data folder given; pass the folder that holds ${file} as dataDir ` +
        `(the CLIs take --data-dir). The file is in ${SOURCE}.`,
    );
  }
  const path = join(resolve(options.dataDir), file);
  if (!existsSync(path)) {
    throw new DataSourceError(
      `${loader}: ${file} is not in '${resolve(options.dataDir)}'; get it from ${SOURCE}.`,
    );
  }
  return path;
}

/**
 * Loads the Criteo excerpt: `label` (0/1), the 13 count features I1..I13 as integers (empty
 * cells missing) and the 26 hashed categorical features C1..C26 (empty cells the missing
 * level).
 */
export function loadCriteoSample(options: SampleDataOptions = {}): Dataset {
  const path = samplePath('loadCriteoSample', CRITEO_SAMPLE_FILE, options);
  const kinds: Record<string, ColumnKind> = {};
  for (let i = 1; i <= 13; i++) kinds[`I${i}`] = 'integer';
  for (let i = 1; i <= 26; i++) kinds[`C${i}`] = 'categorical';
  return readCsvFile(path, { label: 'label', kinds });
}

/**
 * Loads the Avazu excerpt: `id` (an id column, kept as text: the ids exceed 2^53), `click`
 * as the label, and every other column categorical (`hour` is YYMMDDHH).
 */
export function loadAvazuSample(options: SampleDataOptions = {}): Dataset {
  const path = samplePath('loadAvazuSample', AVAZU_SAMPLE_FILE, options);
  const header = [
    'hour',
    'C1',
    'banner_pos',
    'site_id',
    'site_domain',
    'site_category',
    'app_id',
    'app_domain',
    'app_category',
    'device_id',
    'device_ip',
    'device_model',
    'device_type',
    'device_conn_type',
    'C14',
    'C15',
    'C16',
    'C17',
    'C18',
    'C19',
    'C20',
    'C21',
  ];
  const kinds: Record<string, ColumnKind> = { id: 'id' };
  for (const name of header) kinds[name] = 'categorical';
  return readCsvFile(path, { label: 'click', kinds });
}
