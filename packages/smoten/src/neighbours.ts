import type { CategoryValue, Dataset } from '@synthctr/tabular-schema';
import { formatCategory, isCoded } from '@synthctr/tabular-schema';
import { SmotenError } from './errors.js';
import { type NominalFeature, nominalFeatures } from './features.js';
import { bruteForce, type Space } from './metric.js';
import {
  CHUNK_SIZE,
  type ResolvedNeighbours,
  resolveNeighbours,
  resolveVdm,
  type SmotenOptions,
} from './options.js';
import { KnnPool } from './pool.js';
import { type Neighbours, nearestNeighbours } from './search.js';
import { ValueDifferenceMetric } from './vdm.js';

/** A table seen through the VDM: its features as categories, the fitted metric and its space. */
export interface VdmView {
  features: NominalFeature[];
  labels: Int32Array;
  vdm: ValueDifferenceMetric;
  space: Space;
  /** Coordinates of table rows `rows` (rows x dims). */
  coordinates: (rows: ArrayLike<number>) => Float64Array;
}

/**
 * Fits the VDM on every row and class of the table. Every column but the label and the id
 * (key) columns is a feature. Porting note: the reference would vote on a key like any
 * column; a unique key adds nothing to distances within a class, and new rows get new keys.
 */
export function vdmView(data: Dataset, vdmK: number, vdmR: number): VdmView {
  const names = data.schema.columns
    .filter((c) => c.name !== data.label && c.kind !== 'id')
    .map((c) => c.name);
  const features = nominalFeatures(data, names);
  const labels = data.labelCodes();
  const label = data.columnSchema(data.label!);
  const nClasses = isCoded(label) ? label.categories.length : 0;
  const codes = features.map((f) => f.codes);
  const vdm = ValueDifferenceMetric.fit(
    codes,
    features.map((f) => f.nCategories),
    labels,
    nClasses,
    { k: vdmK, r: vdmR },
  );
  const seen = new Uint8Array(nClasses);
  for (const c of labels) seen[c] = 1;
  const present = [...seen.keys()].filter((c) => seen[c] === 1);
  const { space, coordinates } = vdm.space(present);
  return { features, labels, vdm, space, coordinates: (rows) => coordinates(codes, rows) };
}

/** The table rows of class `code`, ascending. */
export function rowsOfClass(labels: Int32Array, code: number): Int32Array {
  let n = 0;
  for (const c of labels) if (c === code) n++;
  const rows = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === code) rows[j++] = i;
  return rows;
}

/** The exact neighbour lists of one class's rows (k entries, the row itself a candidate). */
export function searchClass(
  view: VdmView,
  rows: Int32Array,
  k: number,
  search: ResolvedNeighbours,
  pool: KnnPool | null,
  onChunk?: (done: number, total: number) => void,
): Promise<Neighbours> {
  return nearestNeighbours(view.space, view.coordinates(rows), rows.length, k, {
    leafSize: search.leafSize,
    threads: search.threads,
    parallelMinPoints: search.parallelMinPoints,
    parallelMinSeconds: search.parallelMinSeconds,
    chunkSize: CHUNK_SIZE,
    pool,
    onChunk,
  });
}

/** Every row's neighbour list in table row numbers. */
export interface NeighbourTable {
  /** Table row numbers of the rows the lists belong to. */
  rows: Int32Array;
  /** Entries per list: kNeighbors + 1 (the row itself is a candidate). */
  k: number;
  /** neighbours[i * k + j]: the table row of rows[i]'s j-th nearest, in (distance, row) order. */
  neighbours: Int32Array;
  /** The matching distances. */
  distances: Float64Array;
  /** Distinct posterior vectors among the class's rows (0 for a brute-force search). */
  points: number;
}

function classCode(data: Dataset, value: CategoryValue, where: string): number {
  if (data.label === null)
    throw new SmotenError(`${where}: the table has no label column; give the Dataset a label.`);
  try {
    return data.codeOf(data.label, value);
  } catch (error) {
    throw new SmotenError(
      `${where}: the label '${data.label}' has no class ${formatCategory(value)}.`,
      { cause: error },
    );
  }
}

/**
 * The SMOTEN neighbour lists of every row of one class, exactly as `Smoten` finds them: VDM
 * fitted on the whole table, search within the class, kNeighbors + 1 entries per row, ties
 * at equal distance to the smaller row number. Memory O(n k); no n x n matrix.
 */
export async function smotenNeighbours(
  data: Dataset,
  value: CategoryValue,
  options: SmotenOptions = {},
): Promise<NeighbourTable> {
  const where = 'smotenNeighbours';
  const search = resolveNeighbours(where, options);
  const { vdmK, vdmR } = resolveVdm(where, options);
  const code = classCode(data, value, where);
  const view = vdmView(data, vdmK, vdmR);
  const rows = rowsOfClass(view.labels, code);
  const k = search.kNeighbors + 1;
  if (rows.length < k) {
    throw new SmotenError(
      `${where}: class ${formatCategory(value)} has ${rows.length} rows, fewer than kNeighbors + 1 = ${k}.`,
    );
  }
  const pool = search.threads > 1 ? new KnnPool(search.threads, () => undefined) : null;
  try {
    const nb = await searchClass(view, rows, k, search, pool);
    const neighbours = new Int32Array(rows.length * k);
    const distances = new Float64Array(rows.length * k);
    for (let i = 0; i < rows.length; i++) {
      const u = nb.groups.rowPoint[i];
      for (let j = 0; j < k; j++) {
        neighbours[i * k + j] = rows[nb.rows[u * k + j]];
        distances[i * k + j] = nb.dist[u * k + j];
      }
    }
    return { rows, k, neighbours, distances, points: nb.groups.nPoints };
  } finally {
    await pool?.close();
  }
}

/**
 * The same lists by scanning the whole class for each query row: O(n) per query, for checks
 * on a sample of rows. `queries` are table rows of the class (all of its rows by default).
 */
export function bruteForceNeighbours(
  data: Dataset,
  value: CategoryValue,
  options: SmotenOptions & { queries?: ArrayLike<number> } = {},
): NeighbourTable {
  const where = 'bruteForceNeighbours';
  const { kNeighbors } = resolveNeighbours(where, options);
  const { vdmK, vdmR } = resolveVdm(where, options);
  const code = classCode(data, value, where);
  const view = vdmView(data, vdmK, vdmR);
  const rows = rowsOfClass(view.labels, code);
  const position = new Map(Array.from(rows, (row, i) => [row, i]));
  const queries = Int32Array.from(options.queries ?? rows);
  const local = Array.from(queries, (row) => {
    const i = position.get(row);
    if (i === undefined)
      throw new SmotenError(`${where}: query row ${row} is not of class ${formatCategory(value)}.`);
    return i;
  });
  const k = kNeighbors + 1;
  const found = bruteForce(view.space, view.coordinates(rows), k, local);
  const neighbours = Int32Array.from(found.rows, (i) => rows[i]);
  return { rows: queries, k, neighbours, distances: found.dist, points: 0 };
}
