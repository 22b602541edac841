import type { Rng, SavedTensor } from '@synthctr/runtime/light';
import {
  type CategoryValue,
  type Dataset,
  type EnforceOptions,
  formatCategory,
  isCoded,
  type SavedModel,
} from '@synthctr/tabular-schema';
import {
  chunkProgress,
  type FitContext,
  type OutputColumns,
  Oversampler,
  savedConstraints,
  searchPool,
} from './base.js';
import { SmotenError } from './errors.js';
import type { Space } from './metric.js';
import { rowsOfClass } from './neighbours.js';
import { assertNoMissing, median, populationStd } from './numeric.js';
import {
  CHUNK_SIZE,
  DEFAULT_ENFORCE_SCHEMA,
  type ResolvedNeighbours,
  resolveNeighbours,
  resolveOversampler,
  type SmotencOptions,
} from './options.js';
import type { KnnPool } from './pool.js';
import { intArray, intTensor, numbersFromJson, numbersToJson, strategyFromJson } from './saved.js';
import { nearestNeighbours } from './search.js';
import { SMALL_VOTE } from './vote.js';

/** What SMOTE-NC keeps per class: its rows' values and each row's neighbour candidates. */
interface ClassState {
  /** Numeric features of the class rows, rows x numeric columns. */
  numeric: Float64Array;
  /** Codes of the class rows, rows x categorical columns. */
  codes: Int32Array;
  /** The distinct point of each row. */
  rowPoint: Int32Array;
  /** kNeighbors + 1 nearest class rows of each point, (distance, row) order. */
  lists: Int32Array;
}

/**
 * SMOTE-NC (Chawla et al. 2002) for tables with numeric and categorical features, with the
 * reference's semantics: per class, m is the median of the numeric columns' standard
 * deviations, and a categorical mismatch adds m^2 to the squared Euclidean distance (the
 * reference's one-hot entries of m / sqrt(2)); numeric columns are not scaled. A new row
 * takes a random class row and one of its kNeighbors nearest rows, interpolates the numeric
 * columns at a uniform step, and gives each categorical column its most common value among
 * the kNeighbors neighbours, ties broken at random.
 *
 * Porting note: the reference drops the first column of its neighbour lists as "self"; with
 * duplicate rows that may drop a duplicate and keep the row itself. Here the row itself is
 * left out and the lists are the kNeighbors nearest other rows, ties to the smaller row.
 * Porting note: integer and datetime columns of new rows are rounded to whole numbers and,
 * with `enforceSchema` (the default), floats to the decimals seen in training; the reference
 * returns the raw interpolation. Id (key) columns are not features; new rows get new keys.
 */
export class Smotenc extends Oversampler {
  readonly name = 'smotenc';
  protected readonly method = 'SMOTE-NC';
  private readonly search: ResolvedNeighbours;
  private readonly enforceSchema: boolean;
  private numericColumns: number[] = [];
  private nominalColumns: number[] = [];
  private readonly perClass = new Map<number, ClassState>();
  /** Per-row buffers of fillRow (kNeighbors long each), so sampling allocates nothing per row. */
  private readonly scratch: { neighbours: Int32Array; votes: Int32Array; tied: Int32Array };

  constructor(options: SmotencOptions = {}) {
    super(resolveOversampler('SMOTE-NC', options));
    this.search = resolveNeighbours('SMOTE-NC', options);
    this.enforceSchema = options.enforceSchema ?? DEFAULT_ENFORCE_SCHEMA;
    const k = this.search.kNeighbors;
    this.scratch = {
      neighbours: new Int32Array(k),
      votes: new Int32Array(k),
      tied: new Int32Array(k),
    };
  }

  /** A model saved with `save()`, ready to sample. */
  static load(saved: SavedModel): Smotenc {
    const s = saved.state;
    const model = new Smotenc({
      samplingStrategy: strategyFromJson(s.samplingStrategy),
      seed: s.seed as number,
      constraints: savedConstraints(saved),
      kNeighbors: s.kNeighbors as number,
      enforceSchema: s.enforceSchema as boolean,
    });
    model.restoreCommon(saved);
    model.numericColumns = s.numericColumns as number[];
    model.nominalColumns = s.nominalColumns as number[];
    const numeric = s.numeric as Record<string, (number | null)[]>;
    for (const code of model.prepared) {
      const name = (part: string) => `class${code}.${part}`;
      model.perClass.set(code, {
        numeric: numbersFromJson(numeric[String(code)]),
        codes: intArray(saved.tensors[name('codes')], name('codes')),
        rowPoint: intArray(saved.tensors[name('rowPoint')], name('rowPoint')),
        lists: intArray(saved.tensors[name('lists')], name('lists')),
      });
    }
    return model;
  }

  protected need(): { rows: number; reason: (value: CategoryValue, count: number) => string } {
    const k = this.search.kNeighbors;
    return {
      rows: k + 1,
      reason: (value, count) =>
        `class ${formatCategory(value)} has ${count} row${count === 1 ? '' : 's'}, but kNeighbors = ${k} needs at least ` +
        `kNeighbors + 1 = ${k + 1} rows in every class it samples; ` +
        (count >= 2
          ? `set kNeighbors to ${count - 1} or less, or leave class ${formatCategory(value)} out of samplingStrategy.`
          : `leave class ${formatCategory(value)} out of samplingStrategy.`),
    };
  }

  protected override enforcement(): EnforceOptions {
    return { enforceBounds: this.enforceSchema, enforceRounding: this.enforceSchema };
  }

  protected override validate(data: Dataset, where: string): void {
    this.splitColumns(data, where);
  }

  protected async prepare(data: Dataset, codes: number[], ctx: FitContext): Promise<void> {
    const pool = searchPool(this.search.threads, ctx, 'SMOTE-NC');
    try {
      for (const code of codes) {
        const start = performance.now();
        const rows = rowsOfClass(data.labelCodes(), code);
        const progress = chunkProgress(ctx, code);
        const state = await this.prepareClass(data, rows, pool, progress.onChunk);
        progress.finish();
        this.perClass.set(code, state.state);
        this.prepared.add(code);
        const seconds = (performance.now() - start) / 1000;
        ctx.history.push({
          class: code,
          rows: rows.length,
          points: state.points,
          medianStd: state.m,
          seconds,
        });
      }
    } finally {
      await pool?.close();
    }
  }

  private splitColumns(data: Dataset, where: string): void {
    const features = data.schema.columns
      .map((c, j) => ({ c, j }))
      .filter(({ c }) => c.name !== data.label && c.kind !== 'id');
    this.numericColumns = features.filter(({ c }) => !isCoded(c)).map(({ j }) => j);
    this.nominalColumns = features.filter(({ c }) => isCoded(c)).map(({ j }) => j);
    if (this.numericColumns.length === 0) {
      throw new SmotenError(
        `${where}: SMOTE-NC needs at least one numeric feature column and this table has none; use Smoten for an all-categorical table.`,
      );
    }
    if (this.nominalColumns.length === 0) {
      throw new SmotenError(
        `${where}: SMOTE-NC needs at least one categorical feature column and this table has none; ` +
          'for an all-numeric table use RandomOverSampler with shrinkage, or declare a column categorical.',
      );
    }
    const names = this.numericColumns.map((j) => data.schema.columns[j].name);
    assertNoMissing(data, names, where, 'SMOTE-NC cannot measure a distance to a missing value');
  }

  private async prepareClass(
    data: Dataset,
    rows: Int32Array,
    pool: KnnPool | null,
    onChunk: (done: number, total: number) => void,
  ): Promise<{ state: ClassState; points: number; m: number }> {
    const names = this.schema!.columns.map((c) => c.name);
    const num = this.numericColumns.map((j) => data.values(names[j]));
    const cat = this.nominalColumns.map((j) => data.codes(names[j]));
    const m = median(num.map((v) => populationStd(v, rows)));
    const dims = num.length + cat.length;
    const space: Space = {
      dims,
      nominal: Uint8Array.from({ length: dims }, (_, d) => (d < num.length ? 0 : 1)),
      weight: Float64Array.from({ length: dims }, (_, d) => (d < num.length ? 0 : m)),
      blockStart: Int32Array.from({ length: dims + 1 }, (_, d) => d),
      blockScale: new Float64Array(dims).fill(1),
      p: 1,
      r: 2,
    };
    const coords = new Float64Array(rows.length * dims);
    const numeric = new Float64Array(rows.length * num.length);
    const codes = new Int32Array(rows.length * cat.length);
    for (let i = 0; i < rows.length; i++) {
      num.forEach((v, f) => {
        coords[i * dims + f] = v[rows[i]];
        numeric[i * num.length + f] = v[rows[i]];
      });
      cat.forEach((c, f) => {
        coords[i * dims + num.length + f] = c[rows[i]];
        codes[i * cat.length + f] = c[rows[i]];
      });
    }
    const nb = await nearestNeighbours(space, coords, rows.length, this.search.kNeighbors + 1, {
      ...this.search,
      chunkSize: CHUNK_SIZE,
      pool,
      onChunk,
    });
    return {
      state: { numeric, codes, rowPoint: nb.groups.rowPoint, lists: nb.rows },
      points: nb.groups.nPoints,
      m,
    };
  }

  protected fillRow(code: number, rng: Rng, out: OutputColumns, i: number): void {
    const st = this.perClass.get(code)!;
    const k = this.search.kNeighbors;
    const n = st.rowPoint.length;
    const pick = rng.int(n * k);
    const row = Math.floor(pick / k);
    const step = rng.next();
    const nbrs = this.neighboursOf(st, row);
    const nn = nbrs[pick % k];
    const nNum = this.numericColumns.length;
    this.numericColumns.forEach((j, f) => {
      const a = st.numeric[row * nNum + f];
      out[j][i] = a + step * (st.numeric[nn * nNum + f] - a);
    });
    const nCat = this.nominalColumns.length;
    const votes = this.scratch.votes;
    this.nominalColumns.forEach((j, f) => {
      for (let v = 0; v < k; v++) votes[v] = st.codes[nbrs[v] * nCat + f];
      out[j][i] = voteAtRandom(votes, this.scratch.tied, rng);
    });
  }

  /** The kNeighbors nearest rows of `row` other than itself, in a buffer reused per row. */
  private neighboursOf(st: ClassState, row: number): Int32Array {
    const k = this.search.kNeighbors;
    const list = st.lists.subarray(st.rowPoint[row] * (k + 1), (st.rowPoint[row] + 1) * (k + 1));
    const out = this.scratch.neighbours;
    let m = 0;
    for (const r of list) if (r !== row && m < k) out[m++] = r;
    return out;
  }

  protected saveState(): { state: Record<string, unknown>; tensors: Record<string, SavedTensor> } {
    const tensors: Record<string, SavedTensor> = {};
    const numeric: Record<string, (number | null)[]> = {};
    for (const [code, st] of this.perClass) {
      numeric[String(code)] = numbersToJson(st.numeric);
      tensors[`class${code}.codes`] = intTensor(st.codes);
      tensors[`class${code}.rowPoint`] = intTensor(st.rowPoint);
      tensors[`class${code}.lists`] = intTensor(st.lists);
    }
    return {
      state: {
        kNeighbors: this.search.kNeighbors,
        enforceSchema: this.enforceSchema,
        numericColumns: this.numericColumns,
        nominalColumns: this.nominalColumns,
        numeric,
      },
      tensors,
    };
  }

  protected release(): void {
    this.perClass.clear();
  }
}

/**
 * The most common code of `codes`; among tied codes one is drawn uniformly (in ascending code
 * order). `tied` is scratch space at least as long as `codes`.
 */
function voteAtRandom(codes: Int32Array, tied: Int32Array, rng: Rng): number {
  const nTied = codes.length > SMALL_VOTE ? tiedByMap(codes, tied) : tiedByPairs(codes, tied);
  if (nTied === 1) return tied[0];
  return tied.subarray(0, nTied).sort()[rng.int(nTied)];
}

/** Writes the most common codes into `tied` (pairwise counts, no allocation); returns how many. */
function tiedByPairs(codes: Int32Array, tied: Int32Array): number {
  let top = 0;
  let nTied = 0;
  for (let a = 0; a < codes.length; a++) {
    const c = codes[a];
    let seenBefore = false;
    for (let b = 0; b < a && !seenBefore; b++) seenBefore = codes[b] === c;
    if (seenBefore) continue;
    let count = 0;
    for (let b = a; b < codes.length; b++) if (codes[b] === c) count++;
    if (count > top) {
      top = count;
      nTied = 0;
    }
    if (count === top) tied[nTied++] = c;
  }
  return nTied;
}

/** {@link tiedByPairs} for many neighbours, counting with a Map. */
function tiedByMap(codes: Int32Array, tied: Int32Array): number {
  const counts = new Map<number, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  let top = 0;
  for (const n of counts.values()) top = Math.max(top, n);
  let nTied = 0;
  for (const [c, n] of counts) if (n === top) tied[nTied++] = c;
  return nTied;
}
