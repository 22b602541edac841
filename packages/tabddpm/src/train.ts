import { Adam, type ProgressReporter, type Rng, tf } from '@synthctr/runtime';
import { BatchIterator, noisedBatch, sampleTimesteps } from './batch.js';
import type { Denoiser } from './denoiser.js';
import { TabddpmError } from './errors.js';
import { gaussianLoss } from './gaussian.js';
import type { EncodedTable, TableLayout } from './layout.js';
import { codedMultinomialLoss } from './multinomial.js';
import type { ResolvedTabddpmOptions } from './options.js';
import type { DiffusionSchedule } from './schedule.js';

/** The losses of one step, as the reference logs them. */
export interface StepLosses {
  multinomial: number;
  gaussian: number;
}

/** Everything the training loop works on. */
export interface TrainContext {
  net: Denoiser;
  ema: Denoiser;
  layout: TableLayout;
  data: EncodedTable;
  schedule: DiffusionSchedule;
  options: ResolvedTabddpmOptions;
  rng: Rng;
  progress: ProgressReporter;
}

/**
 * The learning rate of step k (0-based), as the reference's `_anneal_lr` sets it after each
 * step: the initial rate for steps 0 and 1, then lr0 x (1 - (k - 1) / steps), reaching
 * 2 lr0 / steps at the last step.
 */
export function annealedLearningRate(lr0: number, step: number, steps: number): number {
  return lr0 * (1 - Math.max(step - 1, 0) / steps);
}

/** Runs every optimiser step; returns one history entry per step. */
export function trainLoop(ctx: TrainContext): Record<string, number>[] {
  const vars = ctx.net.store.trainable();
  // Built inside a tidy: Adam's constructor leaves the zerosLike tensors of its moments alive.
  let adam: Adam | null = null;
  tf.tidy(() => {
    const { learningRate, weightDecay } = ctx.options;
    adam = new Adam(vars, { learningRate, weightDecay, decoupled: true });
  });
  return runSteps(ctx, adam!);
}

function runSteps(ctx: TrainContext, adam: Adam): Record<string, number>[] {
  const { options, net } = ctx;
  const batches = new BatchIterator(ctx.data.n, Math.min(options.batchSize, ctx.data.n), ctx.rng);
  const history: Record<string, number>[] = [];
  try {
    for (let step = 0; step < options.steps; step++) {
      adam.learningRate = annealedLearningRate(options.learningRate, step, options.steps);
      const losses = trainStep(ctx, adam, batches.next());
      checkFinite(losses, step);
      updateEma(ctx.ema, net, options.emaRate);
      const entry = {
        step: step + 1,
        loss: losses.multinomial + losses.gaussian,
        multinomialLoss: losses.multinomial,
        gaussianLoss: losses.gaussian,
        learningRate: adam.learningRate,
      };
      history.push(entry);
      ctx.progress.tick(entry);
    }
  } finally {
    adam.dispose();
  }
  return history;
}

/**
 * One optimiser step on a batch: the batch is cut into micro-batches whose gradients, each
 * weighted by its share of the rows, add up to the full batch's mean-loss gradient.
 */
function trainStep(ctx: TrainContext, adam: Adam, rows: Int32Array): StepLosses {
  const { options, schedule, net } = ctx;
  const t = sampleTimesteps(ctx.rng, rows.length, schedule.steps);
  const vars = net.store.trainable();
  let sums: tf.Tensor[] | null = null;
  let multinomial = 0;
  let gaussian = 0;
  for (let s = 0; s < rows.length; s += options.microBatchSize) {
    const e = Math.min(s + options.microBatchSize, rows.length);
    const share = (e - s) / rows.length;
    let parts: tf.Tensor | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const [lm, lg] = chunkLoss(ctx, rows.subarray(s, e), t.subarray(s, e));
      parts = tf.keep(tf.stack([lm, lg]));
      return tf.mul(tf.add(lm, lg), share) as tf.Scalar;
    }, vars);
    const ordered = vars.map((v) => grads[v.name]);
    if (sums === null) sums = ordered;
    else {
      const prev: tf.Tensor[] = sums;
      sums = prev.map((g, i) => tf.add(g, ordered[i]));
      tf.dispose([...prev, ...ordered]);
    }
    const [m, g] = (parts as unknown as tf.Tensor).dataSync();
    multinomial += m * share;
    gaussian += g * share;
    tf.dispose([value, parts as unknown as tf.Tensor]);
  }
  adam.step(sums!);
  tf.dispose(sums!);
  return { multinomial, gaussian };
}

/** The mean multinomial and Gaussian losses of one micro-batch (scalars; 0 when absent). */
function chunkLoss(ctx: TrainContext, rows: Int32Array, t: Int32Array): [tf.Scalar, tf.Scalar] {
  const { layout, schedule } = ctx;
  const batch = noisedBatch(ctx.data, layout, schedule, rows, t, ctx.rng);
  const out = ctx.net.forward(batch.input, t, batch.y);
  let lm = tf.scalar(0);
  let lg = tf.scalar(0);
  if (batch.noise && out.eps) lg = tf.mean(gaussianLoss(out.eps, batch.noise));
  if (layout.spans.length > 0) {
    const loss = codedMultinomialLoss({
      logits: out.logits,
      x0: batch.x0,
      xt: batch.xt,
      t,
      spans: layout.spans,
      schedule,
    });
    lm = tf.mean(loss);
  }
  return [lm, lg];
}

/** ema = rate x ema + (1 - rate) x model, for every trainable weight. */
function updateEma(ema: Denoiser, net: Denoiser, rate: number): void {
  const names = net.store.trainableNames();
  tf.tidy(() => {
    for (const name of names) {
      const target = ema.store.get(name);
      target.assign(tf.add(tf.mul(target, rate), tf.mul(net.store.get(name), 1 - rate)));
    }
  });
}

function checkFinite(losses: StepLosses, step: number): void {
  if (Number.isFinite(losses.multinomial) && Number.isFinite(losses.gaussian)) return;
  throw new TabddpmError(
    `tabddpm.fit: the loss became non-finite at step ${step + 1} (multinomial ${losses.multinomial}, ` +
      `gaussian ${losses.gaussian}); expected finite losses. Lower learningRate or check the numeric columns for ` +
      'extreme values.',
  );
}
