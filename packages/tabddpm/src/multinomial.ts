import { tf } from '@synthctr/runtime';
import { logAddExp, type Span, sliceLogSoftmax } from './logspace.js';
import type { DiffusionSchedule } from './schedule.js';

/**
 * Multinomial diffusion in log space (Hoogeboom et al., as TabDDPM runs it) over the
 * categorical block [B, sum K]. Per-row timestep constants come in as [B, 1] tensors (or
 * scalars when every row shares the timestep); every normalisation goes span by span.
 */

/** The timestep constants one posterior needs, per row ([B, 1]) or shared (scalar). */
export interface PosteriorCoefs {
  /** log alphabar and log(1 - alphabar) at t - 1 (at 0 when t = 0). */
  logCumprodPrev: tf.Tensor;
  log1MinCumprodPrev: tf.Tensor;
  /** log alpha_t and log(1 - alpha_t). */
  logAlpha: tf.Tensor;
  log1MinAlpha: tf.Tensor;
  /** 1 where t = 0, else 0. */
  isFirst: tf.Tensor;
}

/** The constants for per-row timesteps `t`, built in float64 and stored as float32. */
export function posteriorCoefs(schedule: DiffusionSchedule, t: Int32Array): PosteriorCoefs {
  const col = (f: (ti: number) => number): tf.Tensor2D =>
    tf.tensor2d(Float32Array.from(t, f), [t.length, 1]);
  return {
    logCumprodPrev: col((ti) => schedule.logCumprodAlpha[Math.max(ti - 1, 0)]),
    log1MinCumprodPrev: col((ti) => schedule.log1MinCumprodAlpha[Math.max(ti - 1, 0)]),
    logAlpha: col((ti) => schedule.logAlpha[ti]),
    log1MinAlpha: col((ti) => schedule.log1MinAlpha[ti]),
    isFirst: col((ti) => (ti === 0 ? 1 : 0)),
  };
}

/** The same constants for one timestep shared by every row (sampling). */
export function sharedPosteriorCoefs(schedule: DiffusionSchedule, t: number): PosteriorCoefs {
  const prev = Math.max(t - 1, 0);
  return {
    logCumprodPrev: tf.scalar(schedule.logCumprodAlpha[prev]),
    log1MinCumprodPrev: tf.scalar(schedule.log1MinCumprodAlpha[prev]),
    logAlpha: tf.scalar(schedule.logAlpha[t]),
    log1MinAlpha: tf.scalar(schedule.log1MinAlpha[t]),
    isFirst: tf.scalar(t === 0 ? 1 : 0),
  };
}

/** Frees a coefficient set. */
export function disposeCoefs(c: PosteriorCoefs): void {
  tf.dispose([c.logCumprodPrev, c.log1MinCumprodPrev, c.logAlpha, c.log1MinAlpha, c.isFirst]);
}

/** q(x_t | x_0) in log space: log(alphabar x0 + (1 - alphabar) / K) (`q_pred`). */
export function qPred(
  logX0: tf.Tensor,
  logCumprod: tf.Tensor,
  log1MinCumprod: tf.Tensor,
  logK: tf.Tensor,
): tf.Tensor {
  return logAddExp(tf.add(logX0, logCumprod), tf.sub(log1MinCumprod, logK));
}

/** q(x_t | x_{t-1}) seen from x_t: log(alpha_t x_t + (1 - alpha_t) / K) (`q_pred_one_timestep`). */
export function qPredOneStep(logXt: tf.Tensor, c: PosteriorCoefs, logK: tf.Tensor): tf.Tensor {
  return logAddExp(tf.add(logXt, c.logAlpha), tf.sub(c.log1MinAlpha, logK));
}

/**
 * q(x_{t-1} | x_t, x_0) in log space, normalised per span (`q_posterior`): at t = 0 the first
 * factor is x0 itself. `oneStep` is {@link qPredOneStep} of x_t, shared between the true and
 * the model posterior.
 */
export function qPosterior(
  logX0: tf.Tensor2D,
  oneStep: tf.Tensor,
  c: PosteriorCoefs,
  logK: tf.Tensor,
  spans: readonly Span[],
): tf.Tensor2D {
  const prev = qPred(logX0, c.logCumprodPrev, c.log1MinCumprodPrev, logK);
  const first = tf.add(tf.mul(c.isFirst, logX0), tf.mul(tf.sub(1, c.isFirst), prev));
  return sliceLogSoftmax(tf.add(first, oneStep) as tf.Tensor2D, spans);
}

/** The inputs of {@link multinomialLoss}. */
export interface MultinomialLossInputs {
  /** Model output for the categorical block (x0 logits), [B, sum K]. */
  modelOut: tf.Tensor2D;
  /** log one-hot of the true rows and of the noised rows x_t. */
  logX0: tf.Tensor2D;
  logXt: tf.Tensor2D;
  coefs: PosteriorCoefs;
  logK: tf.Tensor2D;
  spans: readonly Span[];
  schedule: DiffusionSchedule;
}

/**
 * TabDDPM's 'vb_stochastic' loss per row ([B]): KL(q(x_{t-1}|x_t,x_0) || p(x_{t-1}|x_t)) for
 * t > 0 and -log p(x_0|x_1) at t = 0, divided by p_t = 1/T, plus the prior
 * KL(q(x_{T-1}|x_0) || uniform), all divided by the number of categorical columns.
 */
export function multinomialLoss(inp: MultinomialLossInputs): tf.Tensor1D {
  const { coefs, logK, spans, schedule } = inp;
  const oneStep = qPredOneStep(inp.logXt, coefs, logK);
  const logTrue = qPosterior(inp.logX0, oneStep, coefs, logK, spans);
  const logRecon = sliceLogSoftmax(inp.modelOut, spans);
  const logModel = qPosterior(logRecon, oneStep, coefs, logK, spans);
  const kl = tf.sum(tf.mul(tf.exp(logTrue), tf.sub(logTrue, logModel)), 1);
  const nll = tf.neg(tf.sum(tf.mul(tf.exp(inp.logX0), logModel), 1));
  const first = tf.reshape(coefs.isFirst, [-1]);
  const lt = tf.add(tf.mul(first, nll), tf.mul(tf.sub(1, first), kl));
  const last = schedule.steps - 1;
  const logQT = qPred(
    inp.logX0,
    tf.scalar(schedule.logCumprodAlpha[last]),
    tf.scalar(schedule.log1MinCumprodAlpha[last]),
    logK,
  );
  const prior = tf.sum(tf.mul(tf.exp(logQT), tf.add(logQT, logK)), 1);
  const vb = tf.add(tf.mul(lt, schedule.steps), prior);
  return tf.div(vb, spans.length) as tf.Tensor1D;
}

/**
 * The model's reverse distribution p(x_{t-1} | x_t) in log space (`p_pred` with the 'x0'
 * parametrisation): the posterior with the predicted x0 = softmax(model output) per span.
 */
export function modelPosterior(
  modelOut: tf.Tensor2D,
  logXt: tf.Tensor2D,
  c: PosteriorCoefs,
  logK: tf.Tensor2D,
  spans: readonly Span[],
): tf.Tensor2D {
  const logRecon = sliceLogSoftmax(modelOut, spans);
  return qPosterior(logRecon, qPredOneStep(logXt, c, logK), c, logK, spans);
}
