import type { CategoryValue } from '../types.js';

/** What a block of the transformed matrix holds. */
export type SpanKind = 'alpha' | 'mode' | 'category';

/** The activation a generator applies to a block: tanh for scalars, softmax for one-hots. */
export type SpanActivation = 'tanh' | 'softmax';

/** One block of columns of the transformed matrix. */
export interface TransformSpan {
  /** The source column. */
  column: string;
  /** `alpha` (the scaled scalar of a numeric column), `mode` (its mode one-hot) or `category`. */
  kind: SpanKind;
  /** First matrix column of the block. */
  start: number;
  /** Number of matrix columns (1 for alpha). */
  width: number;
  /** tanh for alpha, softmax for mode and category blocks. */
  activation: SpanActivation;
}

/** A categorical block, with where it sits in the conditional vector. */
export interface DiscreteSpan {
  /** The source column. */
  column: string;
  /** First matrix column of the block. */
  start: number;
  /** Number of categories. */
  width: number;
  /** First position of the block in the conditional vector (discrete blocks only, in order). */
  condStart: number;
  /** The category of each position, in code order. */
  categories: readonly CategoryValue[];
}

/** The column layout of a fitted {@link DataTransformer}. */
export interface TransformLayout {
  /** Every block in matrix order. */
  spans: TransformSpan[];
  /** Total matrix width. */
  width: number;
  /** The categorical blocks in order: the conditional vector concatenates them. */
  discrete: DiscreteSpan[];
  /** Width of the conditional vector (sum of the discrete widths). */
  condWidth: number;
}

/**
 * A transformed table in sparse form: every row has exactly `nnz` stored entries (two per
 * numeric column: the scalar and the mode bit; one per categorical column), at
 * `indices[i * nnz + j]` with value `values[i * nnz + j]`. Exact: the dense row is the sum of
 * value x unit vector over its entries.
 */
export interface SparseRows {
  /** Row count. */
  n: number;
  /** Stored entries per row. */
  nnz: number;
  /** Matrix column of each entry, row-major n x nnz. */
  indices: Int32Array;
  /** Value of each entry, row-major n x nnz. */
  values: Float32Array;
}
