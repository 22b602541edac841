import { type ProgressCallback, ProgressReporter } from '@synthctr/runtime';
import { SynthesizerError } from '@synthctr/tabular-schema';
import type { CtganCheckpoint } from './checkpoint.js';
import type { TrainContext } from './context.js';
import { criticStep } from './critic-step.js';
import { generatorStep } from './generator-step.js';

/** What the epoch loop reports to and asks of its caller. */
export interface EpochHooks {
  onProgress?: ProgressCallback;
  /** Take a checkpoint after every this many epochs (0: never). */
  checkpointEvery: number;
  onCheckpoint?: (checkpoint: CtganCheckpoint) => void | Promise<void>;
  /** Builds a checkpoint of the current state. */
  checkpoint: (epoch: number, steps: number, history: Record<string, number>[]) => CtganCheckpoint;
  /** The model's name, for messages. */
  model: string;
}

/** Optimiser steps per epoch: ⌊rows / batch⌋, at least 1, as the reference. */
export function stepsPerEpoch(rows: number, batchSize: number): number {
  return Math.max(Math.floor(rows / batchSize), 1);
}

/**
 * Runs epochs `from`..`to`−1: per step `discriminatorSteps` critic updates then one generator
 * update. Each epoch appends the mean losses to `history`, sends a progress event and, when
 * due, a checkpoint; the event loop gets a turn between epochs. Returns the steps taken in all.
 *
 * Porting note: the reference logs the last batch's losses; the epoch means are steadier.
 */
export async function trainEpochs(
  ctx: TrainContext,
  from: number,
  to: number,
  history: Record<string, number>[],
  stepsSoFar: number,
  hooks: EpochHooks,
): Promise<number> {
  const perEpoch = stepsPerEpoch(ctx.data.n, ctx.options.batchSize);
  const criticSteps = ctx.options.discriminatorSteps;
  const reporter = new ProgressReporter('epoch', Math.max(to - from, 0), hooks.onProgress);
  let steps = stepsSoFar;
  for (let epoch = from; epoch < to; epoch++) {
    const started = Date.now();
    let g = 0;
    let d = 0;
    let p = 0;
    for (let s = 0; s < perEpoch; s++) {
      for (let k = 0; k < criticSteps; k++) {
        const r = criticStep(ctx);
        d += r.loss;
        p += r.penalty;
      }
      g += generatorStep(ctx);
      steps += 1;
    }
    const entry = {
      epoch: epoch + 1,
      generatorLoss: g / perEpoch,
      discriminatorLoss: d / (perEpoch * criticSteps),
      gradientPenalty: p / (perEpoch * criticSteps),
      seconds: (Date.now() - started) / 1000,
    };
    if (
      ![entry.generatorLoss, entry.discriminatorLoss, entry.gradientPenalty].every(Number.isFinite)
    ) {
      throw new SynthesizerError(
        `${hooks.model}.fit: training diverged in epoch ${epoch + 1} (generator loss ${entry.generatorLoss}, ` +
          `critic loss ${entry.discriminatorLoss}); lower the learning rates or check the data for extreme values.`,
      );
    }
    history.push(entry);
    reporter.tick(entry);
    if (
      hooks.checkpointEvery > 0 &&
      (epoch + 1) % hooks.checkpointEvery === 0 &&
      hooks.onCheckpoint
    ) {
      await hooks.onCheckpoint(hooks.checkpoint(epoch + 1, steps, history));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  reporter.finish(history.length > 0 ? history[history.length - 1] : undefined);
  return steps;
}
