import { type NoticeCallback, Rng } from '@synthctr/runtime';
import { type Dataset, DataTransformer, modelledColumns } from '@synthctr/tabular-schema';
import { CHECKPOINT_FORMAT, type CtganCheckpoint } from './checkpoint.js';
import type { TrainContext } from './context.js';
import { createCritic, createGenerator, createOptimizers } from './model.js';
import type { ResolvedCtganOptions } from './options.js';
import { CondSampler } from './sampler.js';

/** Width of the encoded table above which fit sends a `wide-encoding` notice (SDV: 1,000). */
const WIDE_ENCODING = 1000;

/** The independent random streams of one seed, always forked in the same order. */
export interface Streams {
  transformer: Rng;
  data: Rng;
  weights: Rng;
  train: Rng;
  sample: Rng;
}

/** The streams of a seed: two models with the same seed draw the same values everywhere. */
export function streams(seed: number): Streams {
  const root = new Rng(seed);
  return {
    transformer: root.fork('transformer'),
    data: root.fork('data'),
    weights: root.fork('weights'),
    train: root.fork('train'),
    sample: root.fork('sample'),
  };
}

/** Everything a fit trains, built from the prepared table (or a checkpoint). */
export interface Training {
  transformer: DataTransformer;
  sampler: CondSampler | null;
  ctx: TrainContext;
}

/**
 * Fits (or restores) the encoding, counts the conditional vector's categories, builds both
 * networks and optimisers (loading a checkpoint's weights and moments when resuming), and
 * encodes the training rows. Sends notices for a very wide encoding or a batch larger than
 * the table.
 */
export function setupTraining(
  prepared: Dataset,
  o: ResolvedCtganOptions,
  rngs: Streams,
  resume: CtganCheckpoint | undefined,
  notify: NoticeCallback,
): Training {
  const transformer = resume
    ? DataTransformer.fromJSON(resume.transformer)
    : DataTransformer.fit(prepared, {
        columns: modelledColumns(prepared.schema),
        seed: rngs.transformer,
        maxModes: o.maxModes,
        weightThreshold: o.weightThreshold,
      });
  const { layout } = transformer;
  if (layout.width > WIDE_ENCODING) {
    notify({
      code: 'wide-encoding',
      message: `The encoded table is ${layout.width} columns wide; each step multiplies by matrices of that width.`,
    });
  }
  if (o.batchSize > prepared.nRows) {
    notify({
      code: 'batch-exceeds-rows',
      message: `batchSize ${o.batchSize} exceeds the ${prepared.nRows} rows; each step draws rows with replacement.`,
    });
  }
  const codes = layout.discrete.map((s) => prepared.codes(s.column));
  const sampler =
    layout.discrete.length > 0 ? CondSampler.fit(layout.discrete, codes, o.logFrequency) : null;
  const generator = createGenerator(layout, o, rngs.weights);
  const critic = createCritic(layout, o, rngs.weights);
  const optimizers = createOptimizers(generator, critic, o);
  if (resume) {
    generator.store.load(resume.generator);
    critic.store.load(resume.critic);
    optimizers.generatorOptimizer.load(resume.generatorOptimizer);
    optimizers.criticOptimizer.load(resume.criticOptimizer);
  }
  const ctx: TrainContext = {
    generator,
    critic,
    ...optimizers,
    sampler,
    data: transformer.transformSparse(prepared, rngs.data),
    spans: layout.spans,
    discrete: layout.discrete,
    options: o,
    rng: resume ? Rng.fromState(resume.trainRng) : rngs.train,
  };
  return { transformer, sampler, ctx };
}

/** A checkpoint of a training in progress (plain data, copies of every buffer). */
export function checkpointOf(
  model: string,
  t: Training,
  fingerprint: string,
  epoch: number,
  steps: number,
  history: Record<string, number>[],
): CtganCheckpoint {
  const { ctx } = t;
  return {
    kind: 'ctgan-checkpoint',
    formatVersion: CHECKPOINT_FORMAT,
    model,
    epoch,
    steps,
    options: ctx.options,
    fingerprint,
    transformer: t.transformer.toJSON(),
    generator: ctx.generator.store.save(),
    critic: ctx.critic.store.save(),
    generatorOptimizer: ctx.generatorOptimizer.save(),
    criticOptimizer: ctx.criticOptimizer.save(),
    trainRng: ctx.rng.state(),
    history: history.map((e) => ({ ...e })),
  };
}

/** Frees what only training needs: the critic and both optimisers' moments. */
export function releaseTraining(t: Training): void {
  t.ctx.critic.dispose();
  t.ctx.generatorOptimizer.dispose();
  t.ctx.criticOptimizer.dispose();
}
