import { init, type ParamStore, type Rng, tf } from '@synthctr/runtime';

/** FuxiCTR's embedding initialiser: N(0, std 1e-4). */
export const EMBEDDING_INIT_STD = 1e-4;

/**
 * One embedding table per field, stored as one concatenated [sum of sizes, dim] variable so a
 * batch needs a single gather (its gradient is the O(N) UnsortedSegmentSum of the runtime).
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

/** Backends whose tensors live in this process's memory, where a gather loop is cheapest. */
const IN_PROCESS_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * The embeddings [B, F, dim] of global row ids [B, F] (int32, offsets already added). On
 * the wasm and cpu backends the lookup is a copy loop (tfjs's wasm GatherV2 takes about ten
 * times longer for a [4096, 10] batch); either way the gradient is the same segment sum of
 * the output gradient into the table's rows, the runtime's O(N) UnsortedSegmentSum.
 */
export function embed(e: FeatureEmbedding, ids: tf.Tensor2D): tf.Tensor3D {
  if (!IN_PROCESS_BACKENDS.has(tf.getBackend())) return tf.gather(e.table, ids) as tf.Tensor3D;
  const [b, f] = ids.shape;
  const d = e.dim;
  const rows = e.table.shape[0];
  const op = tf.customGrad((table, idx, save) => {
    (save as tf.GradSaveFunc)([idx as tf.Tensor]);
    const values = gatherRows(
      (table as tf.Tensor).dataSync() as Float32Array,
      (idx as tf.Tensor).dataSync() as Int32Array,
      d,
    );
    return {
      value: tf.tensor3d(values, [b, f, d]),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => [
        tf.unsortedSegmentSum(tf.reshape(dy, [b * f, d]), tf.reshape(saved, [b * f]), rows),
        tf.zerosLike(saved),
      ],
    };
  });
  return op(e.table, ids) as tf.Tensor3D;
}

function gatherRows(table: Float32Array, ids: Int32Array, d: number): Float32Array {
  const out = new Float32Array(ids.length * d);
  for (let i = 0; i < ids.length; i++) {
    const src = ids[i] * d;
    const dst = i * d;
    for (let k = 0; k < d; k++) out[dst + k] = table[src + k];
  }
  return out;
}

/** The embeddings of a batch flattened to [B, F x dim], the input of an MLP tower. */
export function flatten(emb: tf.Tensor3D): tf.Tensor2D {
  const [b, f, d] = emb.shape;
  return tf.reshape(emb, [b, f * d]);
}
