import { type Rng, tf } from '@synthctr/runtime';
import type { DiscreteSpan, SparseRows, TransformSpan } from '@synthctr/tabular-schema';
import type { FusedAdam } from './adam.js';
import type { Critic } from './critic.js';
import type { Generator } from './generator.js';
import type { ResolvedCtganOptions } from './options.js';
import type { CondSampler } from './sampler.js';

/** Everything one training step reads and updates. */
export interface TrainContext {
  generator: Generator;
  critic: Critic;
  generatorOptimizer: FusedAdam;
  criticOptimizer: FusedAdam;
  /** Null when the table has no discrete column (no conditional vector). */
  sampler: CondSampler | null;
  /** The transformed training rows. */
  data: SparseRows;
  spans: readonly TransformSpan[];
  discrete: readonly DiscreteSpan[];
  options: ResolvedCtganOptions;
  rng: Rng;
}

/** z ~ N(0, I) for a batch: drawn values. */
export function drawLatent(rows: number, dim: number, rng: Rng): Float32Array {
  return rng.fillNormal(new Float32Array(rows * dim));
}

/** Drawn latent values as a tensor. */
export function latentTensor(z: Float32Array, rows: number): tf.Tensor2D {
  return tf.tensor2d(z, [rows, z.length / rows]);
}

/** The sparse entries of the given training rows, row-major [rows, nnz]. */
export function pickRows(
  data: SparseRows,
  rows: Int32Array,
): { positions: Int32Array; values: Float32Array } {
  const { nnz } = data;
  const positions = new Int32Array(rows.length * nnz);
  const values = new Float32Array(rows.length * nnz);
  rows.forEach((r, i) => {
    positions.set(data.indices.subarray(r * nnz, (r + 1) * nnz), i * nnz);
    values.set(data.values.subarray(r * nnz, (r + 1) * nnz), i * nnz);
  });
  return { positions, values };
}
