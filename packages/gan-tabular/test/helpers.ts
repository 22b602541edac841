import { Rng, tf } from '@synthctr/runtime';
import {
  Dataset,
  DataTransformer,
  numericSchema,
  type Schema,
  type TransformSpan,
} from '@synthctr/tabular-schema';
import { FusedAdam, type ParamGrad } from '../src/adam.js';
import type { TrainContext } from '../src/context.js';
import { readOf } from '../src/kernels.js';
import {
  createCritic,
  createGenerator,
  criticVariables,
  generatorVariables,
} from '../src/model.js';
import { resolveCtganOptions } from '../src/options.js';
import { CondSampler } from '../src/sampler.js';

/** A small mixed table: a bimodal number, a 3-level and a 2-level category. */
export function mixedTable(n = 60, seed = 1): Dataset {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: n }, (_, i) =>
    i % 2 ? rng.normal(5, 0.5) : rng.normal(-5, 0.5),
  );
  const colour = Int32Array.from({ length: n }, () => rng.int(3));
  const flag = Int32Array.from({ length: n }, () => rng.int(2));
  const schema: Schema = {
    columns: [
      numericSchema('x', 'float', x),
      { name: 'colour', kind: 'categorical', categories: ['r', 'g', 'b'] },
      { name: 'flag', kind: 'categorical', categories: [0, 1] },
    ],
    label: null,
  };
  return Dataset.fromColumns(schema, { x, colour, flag });
}

/** A training context with tiny networks on a table. */
export function tinyContext(data: Dataset, seed = 0): TrainContext {
  const options = resolveCtganOptions({
    embeddingDim: 3,
    generatorDims: [5, 4],
    discriminatorDims: [6, 4],
    batchSize: 8,
    pac: 2,
    seed,
  });
  const rng = new Rng(seed);
  const transformer = DataTransformer.fit(data, { seed: 1 });
  const { layout } = transformer;
  const { discrete, spans } = layout;
  const generator = createGenerator(layout, options, rng);
  const critic = createCritic(layout, options, rng);
  const sampler =
    discrete.length > 0
      ? CondSampler.fit(
          discrete,
          discrete.map((s) => data.codes(s.column)),
          true,
        )
      : null;
  return {
    generator,
    critic,
    generatorOptimizer: new FusedAdam(generatorVariables(generator), { learningRate: 1e-3 }),
    criticOptimizer: new FusedAdam(criticVariables(critic), { learningRate: 1e-3 }),
    sampler,
    data: transformer.transformSparse(data, new Rng(2)),
    spans,
    discrete,
    options,
    rng,
  };
}

/** A hand-assembled gradient (dense part plus row scatters) as plain values. */
export function denseGrad(g: ParamGrad, shape: number[]): Float32Array {
  const size = shape.reduce((p, d) => p * d, 1);
  const out = g.dense ? Float32Array.from(readOf(g.dense)) : new Float32Array(size);
  const width = shape[shape.length - 1];
  for (const { refs, dy } of g.rows ?? []) {
    for (let e = 0; e < refs.index.length; e++) {
      const s = refs.scale ? refs.scale[e] : 1;
      for (let j = 0; j < width; j++)
        out[refs.index[e] * width + j] += s * dy[refs.group[e] * width + j];
    }
  }
  return out;
}

/** Largest absolute difference relative to the largest magnitude. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-3;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Disposes what a context owns. */
export function disposeContext(ctx: TrainContext): void {
  ctx.generator.dispose();
  ctx.critic.dispose();
  ctx.generatorOptimizer.dispose();
  ctx.criticOptimizer.dispose();
}

/** The output activation written with tensor ops (the reference for the fused op). */
export function referenceActivate(
  out: tf.Tensor2D,
  spans: readonly TransformSpan[],
  u: Float32Array,
  tau: number,
): tf.Tensor2D {
  const rows = out.shape[0];
  const noise = tf.neg(tf.log(tf.neg(tf.log(tf.tensor2d(u, out.shape)))));
  const parts = spans.map((s) => {
    const x = tf.slice(out, [0, s.start], [rows, s.width]);
    if (s.activation === 'tanh') return tf.tanh(x);
    return tf.softmax(tf.div(tf.add(x, tf.slice(noise, [0, s.start], [rows, s.width])), tau));
  });
  return tf.concat(parts, 1) as tf.Tensor2D;
}
