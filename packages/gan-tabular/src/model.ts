import type { Rng } from '@synthctr/runtime';
import type { TransformLayout } from '@synthctr/tabular-schema';
import { FusedAdam } from './adam.js';
import { Critic } from './critic.js';
import { Generator } from './generator.js';
import type { ResolvedCtganOptions } from './options.js';

/** The generator of a layout, initialised from `rng` as PyTorch's nn.Linear would be. */
export function createGenerator(
  layout: TransformLayout,
  o: ResolvedCtganOptions,
  rng: Rng,
): Generator {
  return new Generator(o.embeddingDim, o.generatorDims, layout.condWidth, layout.width, rng);
}

/** The critic of a layout. */
export function createCritic(layout: TransformLayout, o: ResolvedCtganOptions, rng: Rng): Critic {
  return new Critic(o.pac, layout.width, layout.condWidth, o.discriminatorDims, rng);
}

/** The generator's trained variables, in the order its optimiser and gradients use. */
export function generatorVariables(g: Generator) {
  return [...g.blockVariables(), g.outKernel, ...(g.outCond ? [g.outCond] : []), g.outBias];
}

/** The critic's variables, in the order its optimiser and gradients use. */
export function criticVariables(d: Critic) {
  return [d.firstData, ...(d.firstCond ? [d.firstCond] : []), d.firstBias, ...d.upperVariables()];
}

/** Adam with betas and coupled decay as the reference (PyTorch Adam, weight_decay = decay). */
export function createOptimizers(g: Generator, d: Critic, o: ResolvedCtganOptions) {
  const [beta1, beta2] = o.adamBetas;
  return {
    generatorOptimizer: new FusedAdam(generatorVariables(g), {
      learningRate: o.generatorLr,
      beta1,
      beta2,
      weightDecay: o.generatorDecay,
    }),
    criticOptimizer: new FusedAdam(criticVariables(d), {
      learningRate: o.discriminatorLr,
      beta1,
      beta2,
      weightDecay: o.discriminatorDecay,
    }),
  };
}
