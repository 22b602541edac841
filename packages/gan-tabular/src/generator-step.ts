import { tf } from '@synthctr/runtime';
import { activate, condLoss, drawGumbel, gumbelNoise } from './activation.js';
import type { ParamGrad } from './adam.js';
import { drawLatent, latentTensor, type TrainContext } from './context.js';
import type { Critic, DrawnMasks } from './critic.js';
import { readOf, rowRefs } from './kernels.js';
import type { CondBatch } from './sampler.js';

/** Every random draw of one generator step. */
export interface GeneratorDraw {
  z: Float32Array;
  cond: CondBatch | null;
  gumbel: Float32Array;
  masks: DrawnMasks;
}

/** Draws a generator batch: latent values, conditions, Gumbel uniforms, critic masks. */
export function drawGenerator(ctx: TrainContext): GeneratorDraw {
  const { options: o, rng } = ctx;
  const batch = o.batchSize;
  const z = drawLatent(batch, o.embeddingDim, rng);
  const cond = ctx.sampler ? ctx.sampler.sampleTraining(batch, rng) : null;
  const gumbel = drawGumbel(ctx.spans, batch, ctx.generator.dataWidth, rng);
  return { z, cond, gumbel, masks: ctx.critic.drawMasks(batch / o.pac, rng) };
}

/**
 * The generator's loss (−mean D(fake) plus the conditional loss) and gradients, in the order
 * of the generator optimiser's variables (call inside tf.tidy). The last Linear's gradients
 * are assembled by hand (a dense product and conditional-row gradients); the residual blocks
 * get theirs by differentiating their output against the hand-made upstream gradient.
 */
export function generatorGradients(
  ctx: TrainContext,
  draw: GeneratorDraw,
): { grads: ParamGrad[]; loss: tf.Scalar } {
  const { generator: g, critic: d, options: o } = ctx;
  const batch = o.batchSize;
  const { cond } = draw;
  const z = latentTensor(draw.z, batch);
  const condIndex = cond ? tf.tensor1d(cond.position, 'int32') : null;
  const h = g.hidden(z, condIndex, true, true);
  const out = g.output(h, cond?.position ?? null);
  const masks = d.maskTensors(draw.masks);
  const noise = gumbelNoise(draw.gumbel, batch);
  const condPart = cond ? d.condFirst(d.condRefs(cond.position, batch)) : null;
  const fixedFirst = condPart ? tf.add(condPart, d.firstBias) : d.firstBias;
  const first = tf.customGrad((...inputs) => ({
    value: d.denseFirst(inputs[0] as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor2D) => denseFirstGrad(d, dy, batch),
  }));
  const { value, grad: dOut } = tf.valueAndGrad((y: tf.Tensor) => {
    const fake = activate(y as tf.Tensor2D, ctx.spans, noise, o.gumbelTau);
    const score = d.upper(tf.add(first(fake) as tf.Tensor2D, fixedFirst) as tf.Tensor2D, masks);
    const adversarial = tf.neg(tf.mean(score)) as tf.Scalar;
    return cond ? tf.add(adversarial, condLoss(y as tf.Tensor2D, ctx.discrete, cond)) : adversarial;
  })(out);
  const dH = tf.transpose(tf.matMul(g.outKernel as tf.Tensor2D, tf.transpose(dOut))) as tf.Tensor2D;
  const blocks = g.blockVariables();
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(g.hidden(z, condIndex, true, false), dH)) as tf.Scalar,
    blocks,
  );
  const paramGrads: ParamGrad[] = blocks.map((v) => ({ dense: grads[v.name] ?? tf.zerosLike(v) }));
  paramGrads.push({ dense: tf.matMul(h, dOut as tf.Tensor2D, true, false) });
  if (g.outCond && cond) {
    const dy = Float32Array.from(readOf(dOut));
    paramGrads.push({ dense: null, rows: [{ refs: rowRefs(cond.position), dy }] });
  }
  paramGrads.push({ dense: tf.sum(dOut, 0) });
  return { grads: paramGrads, loss: value as tf.Scalar };
}

/** ∂/∂(dense data rows) of the first Linear: reshape((W · dyᵀ)ᵀ), avoiding a transposed W. */
function denseFirstGrad(d: Critic, dy: tf.Tensor2D, batch: number): tf.Tensor {
  const t = tf.transpose(tf.matMul(d.firstData as tf.Tensor2D, tf.transpose(dy)));
  return tf.reshape(t, [batch, d.dataWidth]);
}

/** One generator update; returns its loss. */
export function generatorStep(ctx: TrainContext): number {
  const draw = drawGenerator(ctx);
  return tf.tidy(() => {
    const { grads, loss } = generatorGradients(ctx, draw);
    ctx.generatorOptimizer.step(grads);
    return loss.dataSync()[0];
  });
}
