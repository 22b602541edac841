import { gatherRows, init, type ParamStore, type Rng, tf } from '@synthctr/runtime';

/** FuxiCTR's embedding initialiser: N(0, std 1e-4). */
export const EMBEDDING_INIT_STD = 1e-4;

/**
 * One embedding table per field, stored as one concatenated [sum of sizes, dim] variable so a
 * batch needs a single gather (the runtime's gatherRows, O(N) both ways).
 * Field j owns rows offsets[j] .. offsets[j] + sizes[j] - 1; its row 0 is the OOV row.
 */
export interface FeatureEmbedding {
  /** The concatenated table. */
  table: tf.Variable;
  /** Embedding width. */
  dim: number;
  /** Rows of each field's table. */
  sizes: readonly number[];
  /** First row of each field's table. */
  offsets: readonly number[];
}

/** Registers a feature embedding with every row drawn from N(0, std). */
export function addFeatureEmbedding(
  store: ParamStore,
  name: string,
  rng: Rng,
  sizes: readonly number[],
  dim: number,
  std = EMBEDDING_INIT_STD,
): FeatureEmbedding {
  const offsets: number[] = [];
  let total = 0;
  for (const size of sizes) {
    offsets.push(total);
    total += size;
  }
  const table = store.add(`${name}.table`, init.normal(rng, [total, dim], std));
  return { table, dim, sizes: [...sizes], offsets };
}

/**
 * The embeddings [B, F, dim] of global row ids [B, F] (int32, offsets already added); the
 * gradient is the segment sum of the output gradient into the table's rows.
 */
export function embed(e: FeatureEmbedding, ids: tf.Tensor2D): tf.Tensor3D {
  return gatherRows(e.table as tf.Tensor2D, ids) as tf.Tensor3D;
}

/** The embeddings of a batch flattened to [B, F x dim], the input of an MLP tower. */
export function flatten(emb: tf.Tensor3D): tf.Tensor2D {
  const [b, f, d] = emb.shape;
  return tf.reshape(emb, [b, f * d]);
}
