import { SmotenError } from './errors.js';
import type { Space } from './metric.js';

/** Exponents of the Value Difference Metric. */
export interface VdmOptions {
  /** Minkowski exponent of the per-feature distance between class posteriors. @default 1 */
  k?: number;
  /** Exponent of each per-feature distance in the row distance. @default 2 */
  r?: number;
}

/** The reference's default exponents. */
export const DEFAULT_VDM_K = 1;
export const DEFAULT_VDM_R = 2;

/** Cells `pairwise` will compute before refusing (it is for small inputs and checks). */
const MAX_PAIRWISE_CELLS = 10_000_000;

/**
 * The Value Difference Metric of Stanfill and Waltz as imbalanced-learn computes it. For each
 * feature f and category v, P_f[v, c] is the share of rows with value v that belong to class
 * c (0 when v never occurs). Two values differ by
 * `delta_f(a, b) = (sum_c |P_f[a, c] - P_f[b, c]| ^ k) ^ (1 / k)`, and two rows by
 * `sum_f delta_f(x_f, y_f) ^ r`, with no final root.
 */
export class ValueDifferenceMetric {
  private constructor(
    /** Per feature: the K_f x C posterior table, row-major. */
    readonly posteriors: readonly Float64Array[],
    /** Categories per feature. */
    readonly nCategories: readonly number[],
    /** Classes (columns of every posterior table). */
    readonly nClasses: number,
    readonly k: number,
    readonly r: number,
  ) {}

  /**
   * Fits the posteriors on every row: `features[f][i]` is row i's code in feature f (0 ..
   * nCategories[f] - 1) and `y[i]` its class (0 .. nClasses - 1).
   */
  static fit(
    features: readonly Int32Array[],
    nCategories: readonly number[],
    y: Int32Array,
    nClasses: number,
    options: VdmOptions = {},
  ): ValueDifferenceMetric {
    const posteriors = features.map((codes, f) => {
      const kf = nCategories[f];
      const table = new Float64Array(kf * nClasses);
      for (let i = 0; i < codes.length; i++) table[codes[i] * nClasses + y[i]] += 1;
      for (let v = 0; v < kf; v++) {
        let total = 0;
        for (let c = 0; c < nClasses; c++) total += table[v * nClasses + c];
        if (total > 0) for (let c = 0; c < nClasses; c++) table[v * nClasses + c] /= total;
      }
      return table;
    });
    return new ValueDifferenceMetric(
      posteriors,
      nCategories,
      nClasses,
      options.k ?? DEFAULT_VDM_K,
      options.r ?? DEFAULT_VDM_R,
    );
  }

  /** delta_f(a, b): the distance between categories a and b of feature f. */
  featureDistance(f: number, a: number, b: number): number {
    const table = this.posteriors[f];
    const c = this.nClasses;
    let sum = 0;
    for (let j = 0; j < c; j++) {
      const g = Math.abs(table[a * c + j] - table[b * c + j]);
      sum += this.k === 1 ? g : g ** this.k;
    }
    return this.k === 1 ? sum : sum ** (1 / this.k);
  }

  /** The distance between two rows given as codes per feature. */
  distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
    let sum = 0;
    for (let f = 0; f < this.posteriors.length; f++)
      sum += this.featureDistance(f, a[f], b[f]) ** this.r;
    return sum;
  }

  /** The full distance matrix between rows `a` and rows `b` (for small inputs and checks). */
  pairwise(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[] = a): number[][] {
    if (a.length * b.length > MAX_PAIRWISE_CELLS) {
      throw new SmotenError(
        `ValueDifferenceMetric.pairwise: ${a.length} x ${b.length} cells is more than ${MAX_PAIRWISE_CELLS}; ` +
          'use nearest-neighbour search (Smoten) for large tables.',
      );
    }
    return a.map((x) => b.map((y) => this.distance(x, y)));
  }

  /**
   * The search space for this metric and the row coordinates of `rows`: each row becomes its
   * posterior vectors. Only classes present in `present` become coordinates (an absent
   * class's posteriors are 0 everywhere and add nothing). Porting note: with two classes,
   * |P[a, 0] - P[b, 0]| = |P[a, 1] - P[b, 1]|, so each feature is one coordinate (the second
   * class's posterior) scaled by 2^(1/k): half the work, the same distances up to rounding.
   */
  space(present: readonly number[]): {
    space: Space;
    coordinates: (features: readonly Int32Array[], rows: ArrayLike<number>) => Float64Array;
  } {
    const nf = this.posteriors.length;
    const binary = present.length === 2;
    const classes = binary ? [present[1]] : [...present];
    const width = classes.length;
    const dims = nf * width;
    const blocks = binary ? dims : nf;
    const space: Space = {
      dims,
      nominal: new Uint8Array(dims),
      weight: new Float64Array(dims),
      blockStart: Int32Array.from({ length: blocks + 1 }, (_, b) => (binary ? b : b * width)),
      blockScale: new Float64Array(blocks).fill(binary ? 2 ** (1 / this.k) : 1),
      p: this.k,
      r: this.r,
    };
    const coordinates = (
      features: readonly Int32Array[],
      rows: ArrayLike<number>,
    ): Float64Array => {
      const out = new Float64Array(rows.length * dims);
      for (let i = 0; i < rows.length; i++) {
        for (let f = 0; f < nf; f++) {
          const base = features[f][rows[i]] * this.nClasses;
          for (let j = 0; j < width; j++)
            out[i * dims + f * width + j] = this.posteriors[f][base + classes[j]];
        }
      }
      return out;
    };
    return { space, coordinates };
  }
}
