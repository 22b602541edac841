import type { ParamStore, Rng, tf } from '@synthctr/runtime';
import type { ForwardContext, MlpSpec } from '../blocks/mlp.js';
import type { CtrModelKind, ResolvedCtrOptions } from '../options.js';

/** A CTR network: its parameters and a forward pass from slot ids to click logits. */
export interface CtrNetwork {
  /** Which model this is. */
  readonly kind: CtrModelKind;
  /** Every parameter and buffer (BatchNorm running statistics). */
  readonly store: ParamStore;
  /** The variables under the embedding regularizer: every embedding table, whole. */
  readonly embeddingVars: readonly tf.Variable[];
  /** Click logits [B] of a batch of global ids [B, F] (field offsets added). */
  logits(ids: tf.Tensor2D, ctx: ForwardContext): tf.Tensor1D;
}

/** What every model builder gets: the field vocabulary sizes and the resolved options. */
export interface NetworkSpec {
  /** Rows of each field's embedding table (reserved slots included). */
  fieldSizes: readonly number[];
  options: ResolvedCtrOptions;
}

/** Builds a network's parameters from a spec, drawing every initial weight from `rng`. */
export type NetworkBuilder = (spec: NetworkSpec, store: ParamStore, rng: Rng) => CtrNetwork;

/** The MLP tower that ends DNN, DeepFM and parallel MaskNet: hiddenUnits to one logit. */
export function towerSpec(options: ResolvedCtrOptions, inputDim: number): MlpSpec {
  return {
    inputDim,
    hiddenUnits: options.hiddenUnits,
    batchNorm: options.batchNorm,
    dropout: options.netDropout,
    outputDim: 1,
  };
}
