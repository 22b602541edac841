import type { Rng } from '@synthctr/runtime';
import type { DiscreteSpan } from '@synthctr/tabular-schema';

/** A batch of conditional vectors: one (column, category) pair per row. */
export interface CondBatch {
  /** The discrete column of each row (index into the discrete spans). */
  column: Int32Array;
  /** The category of each row within its column. */
  category: Int32Array;
  /** The active position of each row in the conditional vector. */
  position: Int32Array;
}

/** The saved form of a {@link CondSampler}: the category probabilities only, never rows. */
export interface CondSamplerState {
  /** Per discrete column, the probability of each category used to draw conditions. */
  probabilities: number[][];
}

/**
 * CTGAN's conditional-vector sampler. Category probabilities per discrete column are
 * log(count + 1), normalised (or the raw frequencies without `logFrequency`). Training draws a
 * column uniformly, then a category from it; real rows are drawn uniformly from the rows that
 * have the category (training-by-sampling). Free sampling draws a (column, category) pair from
 * the probabilities of all columns flattened and renormalised, as the reference does.
 */
export class CondSampler {
  private readonly cumulative: Float64Array[];
  private readonly flat: Float64Array;
  private readonly rowsOf: Int32Array[][] | null;

  private constructor(
    readonly spans: readonly DiscreteSpan[],
    readonly probabilities: number[][],
    rowsOf: Int32Array[][] | null,
  ) {
    this.rowsOf = rowsOf;
    this.cumulative = probabilities.map((p) => cumulativeOf(p));
    const all = probabilities.flat();
    const total = all.reduce((s, v) => s + v, 0);
    this.flat = cumulativeOf(all.map((v) => v / total));
  }

  /** Counts categories of the discrete columns (codes per column, in span order). */
  static fit(
    spans: readonly DiscreteSpan[],
    codes: readonly Int32Array[],
    logFrequency: boolean,
  ): CondSampler {
    const rowsOf: Int32Array[][] = [];
    const probabilities = spans.map((span, j) => {
      const counts = new Int32Array(span.width);
      for (const c of codes[j]) counts[c] += 1;
      const lists = Array.from(counts, (k) => new Int32Array(k));
      const fill = new Int32Array(span.width);
      codes[j].forEach((c, row) => {
        lists[c][fill[c]++] = row;
      });
      rowsOf.push(lists);
      const weights = Array.from(counts, (k) => (logFrequency ? Math.log(k + 1) : k));
      const total = weights.reduce((s, v) => s + v, 0);
      return weights.map((w) => w / total);
    });
    return new CondSampler(spans, probabilities, rowsOf);
  }

  /** Restores a sampler for generation only (it cannot draw real rows). */
  static fromState(spans: readonly DiscreteSpan[], state: CondSamplerState): CondSampler {
    return new CondSampler(spans, state.probabilities, null);
  }

  /** The width of the conditional vector. */
  get width(): number {
    return this.spans.reduce((s, d) => s + d.width, 0);
  }

  /** Training conditions: a uniform column, then a category by its probabilities. */
  sampleTraining(n: number, rng: Rng): CondBatch {
    const batch = emptyBatch(n);
    const columns = this.spans.length;
    for (let i = 0; i < n; i++) {
      const j = rng.int(columns);
      const k = draw(this.cumulative[j], rng.next());
      this.setRow(batch, i, j, k);
    }
    return batch;
  }

  /** Free-sampling conditions: a (column, category) pair from the flattened probabilities. */
  sampleOriginal(n: number, rng: Rng): CondBatch {
    const batch = emptyBatch(n);
    const offsets = this.spans.map((s) => s.condStart);
    for (let i = 0; i < n; i++) {
      const pos = draw(this.flat, rng.next());
      let j = offsets.length - 1;
      while (offsets[j] > pos) j -= 1;
      this.setRow(batch, i, j, pos - offsets[j]);
    }
    return batch;
  }

  /** The same condition, column j category k, for n rows. */
  fixed(n: number, j: number, k: number): CondBatch {
    const batch = emptyBatch(n);
    for (let i = 0; i < n; i++) this.setRow(batch, i, j, k);
    return batch;
  }

  /** One real row per condition, uniform among the rows that have the category. */
  sampleRows(cond: CondBatch, rng: Rng): Int32Array {
    if (!this.rowsOf) throw new Error('CondSampler: this sampler was restored without rows.');
    return Int32Array.from(cond.column, (j, i) => {
      const rows = this.rowsOf![j][cond.category[i]];
      return rows[rng.int(rows.length)];
    });
  }

  /** The conditions of a batch in another row order. */
  static permute(cond: CondBatch, order: Int32Array): CondBatch {
    return {
      column: Int32Array.from(order, (o) => cond.column[o]),
      category: Int32Array.from(order, (o) => cond.category[o]),
      position: Int32Array.from(order, (o) => cond.position[o]),
    };
  }

  /** The probabilities as plain data. */
  toJSON(): CondSamplerState {
    return { probabilities: this.probabilities.map((p) => [...p]) };
  }

  private setRow(batch: CondBatch, i: number, j: number, k: number): void {
    batch.column[i] = j;
    batch.category[i] = k;
    batch.position[i] = this.spans[j].condStart + k;
  }
}

function emptyBatch(n: number): CondBatch {
  return { column: new Int32Array(n), category: new Int32Array(n), position: new Int32Array(n) };
}

function cumulativeOf(p: readonly number[]): Float64Array {
  const c = new Float64Array(p.length);
  let s = 0;
  p.forEach((v, i) => {
    s += v;
    c[i] = s;
  });
  return c;
}

/** The first index whose cumulative probability exceeds u (inverse CDF, binary search). */
function draw(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
