import { tf } from '@synthctr/runtime';
import { activate, drawGumbel, gumbelNoise } from './activation.js';
import type { ParamGrad } from './adam.js';
import { drawLatent, latentTensor, pickRows, type TrainContext } from './context.js';
import type { DrawnMasks } from './critic.js';
import type { RowRefs } from './kernels.js';
import { gradientPenalty } from './penalty.js';
import { type CondBatch, CondSampler } from './sampler.js';

/** Every random draw of one critic step, made before any tensor work. */
export interface CriticDraw {
  z: Float32Array;
  /** Conditions of the fake rows (null without a conditional vector). */
  c1: CondBatch | null;
  /** The same conditions shuffled: those of the real rows. */
  c2: CondBatch | null;
  real: { positions: Int32Array; values: Float32Array };
  gumbel: Float32Array;
  /** One interpolation weight per pack. */
  alpha: Float32Array;
  masks: { fake: DrawnMasks; real: DrawnMasks; mixed: DrawnMasks };
}

/** Draws a critic batch: conditions, real rows for the shuffled conditions, noise, masks. */
export function drawCritic(ctx: TrainContext): CriticDraw {
  const { sampler, options: o, rng, critic: d } = ctx;
  const batch = o.batchSize;
  const packs = batch / o.pac;
  const c1 = sampler ? sampler.sampleTraining(batch, rng) : null;
  const c2 = c1 ? CondSampler.permute(c1, rng.permutation(batch)) : null;
  const rows =
    c2 && sampler
      ? sampler.sampleRows(c2, rng)
      : Int32Array.from({ length: batch }, () => rng.int(ctx.data.n));
  const z = drawLatent(batch, o.embeddingDim, rng);
  const gumbel = drawGumbel(ctx.spans, batch, ctx.generator.dataWidth, rng);
  const alpha = rng.fillUniform(new Float32Array(packs));
  const masks = {
    fake: d.drawMasks(packs, rng),
    real: d.drawMasks(packs, rng),
    mixed: d.drawMasks(packs, rng),
  };
  return { z, c1, c2, real: pickRows(ctx.data, rows), gumbel, alpha, masks };
}

/** Gradients of one critic step, in the order of the critic optimiser's variables. */
export interface CriticGradients {
  grads: ParamGrad[];
  /** −(mean D(real) − mean D(fake)). */
  loss: tf.Scalar;
  penalty: tf.Scalar;
}

/**
 * The critic's loss, penalty and gradients for a drawn batch (call inside tf.tidy). The
 * interpolates' first-layer pre-activations are α·pre(real) + (1 − α)·pre(fake), exact by
 * linearity, so the interpolated inputs are never built. The first layer's gradients are
 * assembled by hand: one product for the dense fake rows and the penalty together, row
 * scatters for the one-hot real rows and conditional vectors.
 */
export function criticGradients(ctx: TrainContext, draw: CriticDraw): CriticGradients {
  const { critic: d, generator: g, options: o } = ctx;
  const batch = o.batchSize;
  const packs = batch / o.pac;
  const condIndex = draw.c1 ? tf.tensor1d(draw.c1.position, 'int32') : null;
  const out = g.output(
    g.hidden(latentTensor(draw.z, batch), condIndex, true, true),
    draw.c1?.position ?? null,
  );
  const fake = activate(out, ctx.spans, gumbelNoise(draw.gumbel, batch), o.gumbelTau);
  const realRefs = d.dataRefs(draw.real.positions, draw.real.values, batch);
  const c1Refs = draw.c1 ? d.condRefs(draw.c1.position, batch) : null;
  const c2Refs = draw.c2 ? d.condRefs(draw.c2.position, batch) : null;
  const pf = withCond(ctx, d.denseFirst(fake), c1Refs);
  const pr = withCond(ctx, d.sparseFirst(realRefs), c2Refs);
  const alpha = tf.tensor2d(draw.alpha, [packs, 1]);
  const pi = tf.add(tf.mul(alpha, pr), tf.mul(tf.sub(1, alpha), pf)) as tf.Tensor2D;
  const mf = d.maskTensors(draw.masks.fake);
  const mr = d.maskTensors(draw.masks.real);
  const upper = d.upperVariables();
  const wasserstein = tf.valueAndGrads((...args: tf.Tensor[]) =>
    tf.sub(
      tf.mean(d.upper(args[0] as tf.Tensor2D, mf)),
      tf.mean(d.upper(args[1] as tf.Tensor2D, mr)),
    ),
  )([pf, pr, ...upper]);
  const [dPf, dPr, ...dUpper] = wasserstein.grads as tf.Tensor2D[];
  const pen = gradientPenalty(d, pi, d.maskTensors(draw.masks.mixed), o.gradientPenaltyWeight);
  const packedFake = tf.reshape(fake, [packs, o.pac * d.dataWidth]);
  const dData = tf.matMul(
    tf.concat([packedFake, pen.dData], 0),
    tf.concat([dPf, pen.delta], 0),
    true,
    false,
  );
  const dfValues = dPf.dataSync() as Float32Array;
  const drValues = dPr.dataSync() as Float32Array;
  const grads: ParamGrad[] = [{ dense: dData, rows: [{ refs: realRefs, dy: drValues }] }];
  if (pen.dCond && c1Refs && c2Refs) {
    grads.push({
      dense: tf.matMul(pen.dCond, pen.delta, true, false),
      rows: [
        { refs: c1Refs, dy: dfValues },
        { refs: c2Refs, dy: drValues },
      ],
    });
  }
  grads.push({ dense: tf.add(tf.sum(dPf, 0), tf.sum(dPr, 0)) });
  const kernels = d.upperKernels();
  upper.forEach((v, i) => {
    const k = kernels.indexOf(v);
    grads.push({ dense: k >= 0 ? tf.add(dUpper[i], pen.upperKernelGrads[k]) : dUpper[i] });
  });
  return { grads, loss: wasserstein.value as tf.Scalar, penalty: pen.value };
}

/** First-layer pre-activation with the conditional rows and the bias added. */
function withCond(ctx: TrainContext, x: tf.Tensor2D, refs: RowRefs | null): tf.Tensor2D {
  const c = refs ? ctx.critic.condFirst(refs) : null;
  return tf.add(c ? tf.add(x, c) : x, ctx.critic.firstBias) as tf.Tensor2D;
}

/** One critic update; returns its loss and penalty. */
export function criticStep(ctx: TrainContext): { loss: number; penalty: number } {
  const draw = drawCritic(ctx);
  return tf.tidy(() => {
    const { grads, loss, penalty } = criticGradients(ctx, draw);
    ctx.criticOptimizer.step(grads);
    return { loss: loss.dataSync()[0], penalty: penalty.dataSync()[0] };
  });
}
