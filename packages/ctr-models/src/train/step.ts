import { type Adam, type Rng, tf } from '@synthctr/runtime';
import type { CtrNetwork } from '../models/network.js';
import { bceWithLogits, l2Penalty } from './losses.js';

/** What one optimiser step needs besides the batch. */
export interface StepContext {
  net: CtrNetwork;
  adam: Adam;
  /** The stream of the dropout masks. */
  rng: Rng;
  embeddingRegularizer: number;
  netRegularizer: number;
  /** The trainable variables that are not embeddings (the net regularizer's). */
  netVars: readonly tf.Variable[];
}

/**
 * One Adam step on a batch of global ids [n x fields] and 0/1 labels: BCE plus the L2 terms
 * on the whole embedding tables (and, when set, on every other weight), gradients clipped
 * by global norm inside Adam. Returns the batch loss.
 */
export function trainStep(
  ctx: StepContext,
  ids: Int32Array,
  labels: Float32Array,
  fields: number,
): number {
  const n = labels.length;
  const idT = tf.tensor2d(ids, [n, fields], 'int32');
  const yT = tf.tensor1d(labels);
  try {
    return ctx.adam.minimize(() => {
      const z = ctx.net.logits(idT, { training: true, rng: ctx.rng });
      let loss = bceWithLogits(z, yT);
      if (ctx.embeddingRegularizer > 0) {
        loss = tf.add(loss, l2Penalty(ctx.net.embeddingVars, ctx.embeddingRegularizer));
      }
      if (ctx.netRegularizer > 0 && ctx.netVars.length > 0) {
        loss = tf.add(loss, l2Penalty(ctx.netVars, ctx.netRegularizer));
      }
      return loss;
    });
  } finally {
    idT.dispose();
    yT.dispose();
  }
}
