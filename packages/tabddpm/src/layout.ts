import { type Dataset, isCoded, SynthesizerError } from '@synthctr/tabular-schema';
import type { Span } from './logspace.js';
import { QuantileTransformer, tabddpmQuantileCount } from './quantile.js';

/** The reference snaps numeric columns with at most this many distinct integer values. */
export const SNAP_MAX_VALUES = 32;

/** A numeric column: its quantile transform, the values it snaps to, whether it has nulls. */
export interface NumericPlan {
  column: string;
  quantiles: number[];
  /** Sorted distinct real values to snap to (null: no snapping). */
  snap: number[] | null;
  /** True when the column had missing cells; a 2-level indicator span then models them. */
  missing: boolean;
}

/** A categorical span: a coded column, or the missing-value indicator of a numeric one. */
export interface CategoricalPlan {
  column: string;
  kind: 'category' | 'missing';
  /** The schema code of each level (levels seen in training, in code order). */
  levels: number[];
}

/** The label fed to the denoiser as its class. */
export interface LabelPlan {
  column: string;
  /** Rows per schema code of the label in training. */
  classCounts: number[];
}

/** The fitted layout as plain data. */
export interface LayoutState {
  numeric: NumericPlan[];
  categorical: CategoricalPlan[];
  /** Coded columns with one level seen: not diffused, written back as that level. */
  constants: { column: string; code: number }[];
  label: LabelPlan | null;
}

/** Generated values per column: codes for coded columns, values (NaN = missing) otherwise. */
export type GeneratedColumns = Record<string, Int32Array | Float64Array>;

/** A table encoded for diffusion: normal scores, dense level indices, class indices. */
export interface EncodedTable {
  n: number;
  /** Row-major n x numeric count, missing cells as 0. */
  num: Float32Array;
  /** One array of level indices per categorical span. */
  cat: Int32Array[];
  /** Label codes (null without a label). */
  labels: Int32Array | null;
}

/**
 * What the diffusion model sees of a table: the numeric block first (quantile-normal scores),
 * then one categorical span per coded column and per numeric column with nulls. The label is
 * left out and becomes the class; id columns are never modelled.
 */
export class TableLayout {
  readonly spans: Span[];
  private readonly transformers: QuantileTransformer[];

  constructor(readonly state: LayoutState) {
    let start = 0;
    this.spans = state.categorical.map((c) => {
      const span = { start, width: c.levels.length };
      start += c.levels.length;
      return span;
    });
    this.transformers = state.numeric.map((p) =>
      QuantileTransformer.fromJSON({ quantiles: p.quantiles }),
    );
  }

  /** Learns the layout of `data` (already merged by the constraints). */
  static fit(data: Dataset, snapDiscrete: boolean): TableLayout {
    const numeric: NumericPlan[] = [];
    const categorical: CategoricalPlan[] = [];
    const constants: LayoutState['constants'] = [];
    const nQuantiles = tabddpmQuantileCount(data.nRows);
    for (const col of data.schema.columns) {
      if (col.kind === 'id' || col.name === data.label) continue;
      if (isCoded(col)) {
        const seen = new Uint8Array(col.categories.length);
        for (const c of data.codes(col.name)) seen[c] = 1;
        const levels = [...seen.keys()].filter((k) => seen[k] === 1);
        // Porting note: a column with one level is left out of the diffusion (the reference
        // keeps a 1-wide span that contributes 0 to the loss but counts in its divisor).
        if (levels.length === 1) constants.push({ column: col.name, code: levels[0] });
        else categorical.push({ column: col.name, kind: 'category', levels });
        continue;
      }
      const values = data.values(col.name);
      const q = QuantileTransformer.fit(values, nQuantiles, col.name);
      const missing = values.some(Number.isNaN);
      numeric.push({
        column: col.name,
        quantiles: Array.from(q.quantiles),
        snap: snapValues(values, snapDiscrete),
        missing,
      });
      if (missing) categorical.push({ column: col.name, kind: 'missing', levels: [0, 1] });
    }
    // Columns are ordered by width, so the log-space helpers treat equal widths as one op (the order of
    // the diffused columns is internal: the denoiser sees a fixed permutation of the row).
    categorical.sort((a, b) => a.levels.length - b.levels.length);
    let label: LabelPlan | null = null;
    if (data.label !== null) {
      const col = data.columnSchema(data.label);
      const counts = new Array<number>(isCoded(col) ? col.categories.length : 0).fill(0);
      for (const c of data.labelCodes()) counts[c] += 1;
      label = { column: data.label, classCounts: counts };
    }
    if (numeric.length === 0 && categorical.length === 0) {
      throw new SynthesizerError(
        `tabddpm.fit: the table has no varying column to model besides the label and id columns ` +
          `(columns: ${data.columnNames.join(', ')}); add at least one feature column that takes two values.`,
      );
    }
    return new TableLayout({ numeric, categorical, constants, label });
  }

  /** Number of numeric columns. */
  get numericCount(): number {
    return this.state.numeric.length;
  }

  /** Number of label classes (0 without a label). */
  get classCount(): number {
    return this.state.label?.classCounts.length ?? 0;
  }

  /** Encodes a table with this layout's columns. */
  encode(data: Dataset): EncodedTable {
    const n = data.nRows;
    const m = this.numericCount;
    const num = new Float32Array(n * m);
    this.state.numeric.forEach((p, j) => {
      const z = this.transformers[j].transform(data.values(p.column));
      for (let i = 0; i < n; i++) num[i * m + j] = Number.isNaN(z[i]) ? 0 : z[i];
    });
    const cat = this.state.categorical.map((p) => {
      const out = new Int32Array(n);
      if (p.kind === 'missing') {
        const v = data.values(p.column);
        for (let i = 0; i < n; i++) out[i] = Number.isNaN(v[i]) ? 1 : 0;
        return out;
      }
      const dense = new Map(p.levels.map((code, k) => [code, k]));
      const codes = data.codes(p.column);
      for (let i = 0; i < n; i++) out[i] = dense.get(codes[i]) ?? 0;
      return out;
    });
    const labels = this.state.label ? data.codes(this.state.label.column) : null;
    return { n, num, cat, labels };
  }

  /**
   * Generated columns for `buildDataset`: quantile inverse and snapping for numbers (NaN where
   * the indicator says missing), schema codes for categories, the classes as label codes.
   */
  decode(
    num: Float32Array,
    cat: Int32Array[],
    labels: Int32Array | null,
    n: number,
  ): GeneratedColumns {
    const out: GeneratedColumns = {};
    const m = this.numericCount;
    for (const c of this.state.constants) out[c.column] = new Int32Array(n).fill(c.code);
    this.state.categorical.forEach((p, j) => {
      if (p.kind === 'category') out[p.column] = Int32Array.from(cat[j], (k) => p.levels[k]);
    });
    this.state.numeric.forEach((p, j) => {
      const scores = Float64Array.from({ length: n }, (_, i) => num[i * m + j]);
      const values = this.transformers[j].inverse(scores);
      if (p.snap) for (let i = 0; i < n; i++) values[i] = nearest(p.snap, values[i]);
      const indicator = p.missing
        ? cat[
            this.state.categorical.findIndex((c) => c.kind === 'missing' && c.column === p.column)
          ]
        : null;
      if (indicator) for (let i = 0; i < n; i++) if (indicator[i] === 1) values[i] = Number.NaN;
      out[p.column] = values;
    });
    if (this.state.label && labels) out[this.state.label.column] = labels;
    return out;
  }
}

/** The reference's `round_columns` set: at most 32 distinct values, all whole. */
function snapValues(values: Float64Array, enabled: boolean): number[] | null {
  if (!enabled) return null;
  const distinct = new Set<number>();
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return null;
    distinct.add(v);
    if (distinct.size > SNAP_MAX_VALUES) return null;
  }
  return distinct.size > 0 ? [...distinct].sort((a, b) => a - b) : null;
}

/** The element of sorted `grid` nearest to x (the first on a tie, as argmin does). */
function nearest(grid: number[], x: number): number {
  if (Number.isNaN(x)) return x;
  let best = grid[0];
  for (const g of grid) if (Math.abs(g - x) < Math.abs(best - x)) best = g;
  return best;
}
