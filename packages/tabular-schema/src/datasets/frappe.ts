import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NoticeCallback } from '@synthctr/runtime/light';
import type { Dataset } from '../dataset.js';
import { DataSourceError } from '../errors.js';
import { type LibfmColumns, type LibfmField, libfmToDatasets, parseLibfm } from '../io/libfm.js';
import { decodeText } from '../io/text.js';
import { pooledSplit } from '../split.js';
import { defaultCacheDir, fetchKnownFile, type KnownFile } from './download.js';

/**
 * Frappe (Baltrunas et al. 2015) as NFM published it: libFM files with ten one-hot fields in
 * one global index space of 5,382 features. Sources, sizes and hashes are those of
 * shared/data/README.md; nothing of the data is in this repository.
 */

/** The ten fields and their blocks of feature indices (NFM's README counts). */
export const FRAPPE_FIELDS: readonly LibfmField[] = [
  { name: 'user', first: 0, last: 956 },
  { name: 'item', first: 957, last: 5038 },
  { name: 'daytime', first: 5039, last: 5045 },
  { name: 'weekday', first: 5046, last: 5052 },
  { name: 'isweekend', first: 5053, last: 5054 },
  { name: 'homework', first: 5055, last: 5057 },
  { name: 'cost', first: 5058, last: 5059 },
  { name: 'weather', first: 5060, last: 5068 },
  { name: 'country', first: 5069, last: 5148 },
  { name: 'city', first: 5149, last: 5381 },
];

/** The label column of every Frappe table (0/1; libFM's -1 is 0). */
export const FRAPPE_LABEL = 'label';

/** One of NFM's three files, with its published counts and hashes. */
export interface FrappeFile extends KnownFile {
  /** Rows in the file. */
  rows: number;
  /** Rows labelled 1. */
  positives: number;
}

/** NFM's train, validation and test files (CRLF libFM, exactly as published). */
export const FRAPPE_FILES: Readonly<Record<'train' | 'validation' | 'test', FrappeFile>> = {
  train: {
    file: 'frappe.train.libfm',
    gitBlob: '176b2aaf1f63dd13d3e66a5c17c8ec8186e91893',
    rows: 202_027,
    positives: 67_604,
  },
  validation: {
    file: 'frappe.validation.libfm',
    gitBlob: '50b9c04bcf58dcb46d0b0070d3d6f88b45c9baab',
    sha256: 'fdf4be563a7dd9b15f7a6e8b32671e90e6e7a2a2bd3af4e10bf13c5ad7e76e9e',
    bytes: 4_163_044,
    rows: 57_722,
    positives: 19_063,
  },
  test: {
    file: 'frappe.test.libfm',
    gitBlob: 'd7cdd03f0e2415c97618de617f20bedd50e8fce7',
    sha256: 'a2ebaef3a9af8e55f8bb0d08bc4923965e42e43760ebd7635ac2f8c5db99e097',
    bytes: 2_081_389,
    rows: 28_860,
    positives: 9_536,
  },
};

/** The public source: the NFM repository's raw files, pinned to the commit the hashes are of. */
export const FRAPPE_SOURCE_URL =
  'https://raw.githubusercontent.com/hexiangnan/neural_factorization_machine/ca2a5d11b929816aa44c6e470e795af144608507/data/frappe/';

/** The environment variable that overrides {@link FRAPPE_SOURCE_URL} (a mirror). */
export const FRAPPE_URL_ENV = 'SYNTHCTR_FRAPPE_URL';

/** `official`: NFM's train/validation/test files; `pooled`: the frappe-pooled protocol. */
export type FrappeSplit = 'official' | 'pooled';

/** Options of {@link loadFrappe}. */
export interface FrappeOptions {
  /** Which split to build. @default 'pooled' */
  split?: FrappeSplit;
  /** A folder holding the libFM files; when given, nothing is downloaded. @default none */
  dataDir?: string;
  /** Where to download from. @default SYNTHCTR_FRAPPE_URL, else FRAPPE_SOURCE_URL */
  baseUrl?: string;
  /** The download cache (files go to `<cacheDir>/frappe`). @default SYNTHCTR_CACHE, else ~/.cache/synthctr */
  cacheDir?: string;
  /** Whether files missing from the cache may be downloaded. @default true */
  download?: boolean;
  /** The fetch function used for downloads. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Receives notices (a corrupt cached copy replaced). */
  onNotice?: NoticeCallback;
}

/** A loaded Frappe split: three tables with one schema, and where they came from. */
export interface FrappeData {
  split: FrappeSplit;
  /** `frappe-pooled` or `frappe-official`; label every figure with it. */
  protocol: 'frappe-pooled' | 'frappe-official';
  train: Dataset;
  valid: Dataset;
  test: Dataset;
  /** The path each file was read from, by NFM's file role. */
  files: Partial<Record<keyof typeof FRAPPE_FILES, string>>;
}

const ROLES_BY_SPLIT: Record<FrappeSplit, (keyof typeof FRAPPE_FILES)[]> = {
  official: ['train', 'validation', 'test'],
  pooled: ['validation', 'test'],
};

/**
 * Loads Frappe. `pooled` (the default) is the frappe-pooled protocol of shared/data/README.md:
 * validation then test in file order, row i to train when i mod 10 < 7, to valid at 7 or 8,
 * to test at 9 (60,608 / 17,316 / 8,658 rows). `official` is NFM's own 202,027 / 57,722 /
 * 28,860 split. Files come from `dataDir` when given (checked by row and positive counts),
 * else from the cache, downloaded from the public source when missing (checked by hash).
 */
export async function loadFrappe(options: FrappeOptions = {}): Promise<FrappeData> {
  const split = options.split ?? 'pooled';
  if (split !== 'pooled' && split !== 'official') {
    throw new DataSourceError(
      `loadFrappe: unknown split '${String(split)}'; expected 'pooled' or 'official'.`,
    );
  }
  const roles = ROLES_BY_SPLIT[split];
  const files: FrappeData['files'] = {};
  const parts: LibfmColumns[] = [];
  for (const role of roles) {
    const known = FRAPPE_FILES[role];
    const path = options.dataDir
      ? localFile(options.dataDir, known, split)
      : await fetchKnownFile(known, fetchOptions(options));
    files[role] = path;
    const text = decodeText(readFileSync(path), 'utf-8', 'loadFrappe');
    const part = parseLibfm(text, FRAPPE_FIELDS, `loadFrappe: ${known.file}`);
    checkCounts(part, known, path);
    parts.push(part);
  }
  const tables = libfmToDatasets(parts, FRAPPE_FIELDS, FRAPPE_LABEL);
  if (split === 'official') {
    const [train, valid, test] = tables;
    return { split, protocol: 'frappe-official', train, valid, test, files };
  }
  const pooled = pooledSplit(tables[0].concat(tables[1]));
  return { split, protocol: 'frappe-pooled', ...pooled, files };
}

function fetchOptions(options: FrappeOptions) {
  const baseUrl = options.baseUrl ?? (process.env[FRAPPE_URL_ENV]?.trim() || FRAPPE_SOURCE_URL);
  return {
    baseUrl,
    cacheDir: join(options.cacheDir ?? defaultCacheDir(), 'frappe'),
    download: options.download ?? true,
    fetch: options.fetch ?? globalThis.fetch,
    context: 'loadFrappe',
    offlineHint:
      'To use files you already have, pass their folder: loadFrappe({ dataDir: "/path/to/frappe" }) ' +
      '(the CLIs take --data-dir /path/to/frappe), or set SYNTHCTR_FRAPPE_URL to a mirror.',
    onNotice: options.onNotice,
  };
}

function localFile(dataDir: string, known: FrappeFile, split: FrappeSplit): string {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) {
    throw new DataSourceError(
      `loadFrappe: the data folder '${dir}' does not exist; pass the folder that holds ` +
        `${ROLES_BY_SPLIT[split].map((r) => FRAPPE_FILES[r].file).join(', ')}.`,
    );
  }
  const path = join(dir, known.file);
  if (existsSync(path)) return path;
  const present = readdirSync(dir).filter((f) => f.endsWith('.libfm'));
  const fix =
    known === FRAPPE_FILES.train
      ? `Download it from ${FRAPPE_SOURCE_URL}${known.file} (git blob ${known.gitBlob}) into that ` +
        `folder, or use split 'pooled', which needs only the validation and test files.`
      : `Download it from ${FRAPPE_SOURCE_URL}${known.file} into that folder.`;
  throw new DataSourceError(
    `loadFrappe: the ${split} split needs ${known.file}, which is not in '${dir}' ` +
      `(libFM files there: ${present.length > 0 ? present.join(', ') : 'none'}). ${fix}`,
  );
}

function checkCounts(part: LibfmColumns, known: FrappeFile, path: string): void {
  let positives = 0;
  for (const v of part.labels) positives += v;
  if (part.nRows !== known.rows || positives !== known.positives) {
    throw new DataSourceError(
      `loadFrappe: ${path} has ${part.nRows} rows (${positives} positive), expected ` +
        `${known.rows} (${known.positives} positive) for NFM's ${known.file}; the file is ` +
        `truncated or another version. Replace it with the published file.`,
    );
  }
}
