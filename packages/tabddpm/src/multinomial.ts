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

/** What {@link codedMultinomialLoss} needs: per column the logits and the level indices. */
export interface CodedLossInputs {
  /** Model output per categorical column (x0 logits), [B, K] each. */
  logits: readonly tf.Tensor2D[];
  /** Level indices of the clean rows (x0) and of the noised rows (x_t), per column. */
  x0: readonly Int32Array[];
  xt: readonly Int32Array[];
  /** Per-row timesteps. */
  t: Int32Array;
  spans: readonly Span[];
  schedule: DiffusionSchedule;
}

/** v log v, with 0 log 0 = 0. */
function xlogx(v: number): number {
  return v > 0 ? v * Math.log(v) : 0;
}

/** w log c, with 0 log 0 = 0. */
function xlogy(w: number, c: number): number {
  return w === 0 ? 0 : w * Math.log(c);
}

/**
 * {@link multinomialLoss} computed from the level indices instead of log one-hots ([B]), equal
 * to it up to float32 rounding. Because x0 and x_t are one-hot, the true posterior takes at
 * most three values per column and the model posterior's normaliser is
 * c2 + alpha (abar pi_b + c1), with pi = softmax(logits), b = x_t's level, c1 = (1 - abar) / K
 * and c2 = (1 - alpha) / K; so KL(q || p) = const - sum_k q_k log(abar pi_k + c1) + log Z_p,
 * where the constant (from q alone) is computed in float64 and the sum needs one logarithm
 * per level. At t = 0 the term is -log p(x0 | x1) = -log pi_a - log(c2 + alpha [a = b]) +
 * log(c2 + alpha pi_b). The prior KL(q(x_{T-1} | x0) || uniform) does not depend on the row.
 * Every softmax is per column, stable in float32; the work per level is a log-softmax, one
 * exp and one log where the log-space form takes about ten transcendental passes.
 */
export function codedMultinomialLoss(inp: CodedLossInputs): tf.Tensor1D {
  const { t, spans, schedule } = inp;
  const b = t.length;
  const T = schedule.steps;
  const abT = schedule.alphasCumprod[T - 1];
  let prior = 0;
  let total: tf.Tensor | null = null;
  spans.forEach((span, j) => {
    const k = span.width;
    const cT = (1 - abT) / k;
    prior += xlogx(abT + cT) + (abT + cT) * Math.log(k) + (k - 1) * (xlogx(cT) + cT * Math.log(k));
    const x0 = inp.x0[j];
    const xt = inp.xt[j];
    const mixScale = new Float32Array(b);
    const mixShift = new Float32Array(b);
    const constant = new Float32Array(b);
    const cSum = new Float32Array(b);
    const cA = new Float32Array(b);
    const cB = new Float32Array(b);
    const cLsm = new Float32Array(b);
    const zc = new Float32Array(b);
    const zs = new Float32Array(b);
    const idxA = new Int32Array(b);
    const idxB = new Int32Array(b);
    for (let i = 0; i < b; i++) {
      const ti = t[i];
      const same = x0[i] === xt[i];
      idxA[i] = i * k + x0[i];
      idxB[i] = i * k + xt[i];
      const alpha = schedule.alphas[ti];
      const c2 = (1 - alpha) / k;
      if (ti === 0) {
        // The first factor is the predicted x0 itself; the log below still needs finite
        // arguments, so it keeps t = 0's forward marginal, which no term here uses.
        const ab0 = schedule.alphasCumprod[0];
        mixScale[i] = ab0;
        mixShift[i] = (1 - ab0) / k;
        constant[i] = -Math.log(c2 + (same ? alpha : 0));
        cLsm[i] = -1;
        zc[i] = c2;
        zs[i] = alpha;
        continue;
      }
      const ab = schedule.alphasCumprod[ti - 1];
      const c1 = (1 - ab) / k;
      const zq = c2 + alpha * ((same ? ab : 0) + c1);
      const v0 = c1 * c2;
      const vB = c1 * (c2 + alpha);
      const sumVLogV = same
        ? xlogx((ab + c1) * (c2 + alpha)) + (k - 1) * xlogx(v0)
        : xlogx((ab + c1) * c2) + xlogx(vB) + (k - 2) * xlogx(v0);
      const qb = (same ? (ab + c1) * (c2 + alpha) : vB) / zq;
      constant[i] = sumVLogV / zq - Math.log(zq) - xlogy(qb, c2 + alpha) - xlogy(1 - qb, c2);
      mixScale[i] = ab;
      mixShift[i] = c1;
      cSum[i] = -v0 / zq;
      cA[i] = -(ab * c2 + (same ? ab * alpha : 0)) / zq;
      cB[i] = (-c1 * alpha) / zq;
      zc[i] = c2 + alpha * c1;
      zs[i] = alpha * ab;
    }
    const col = (v: Float32Array): tf.Tensor2D => tf.tensor2d(v, [b, 1]);
    const vec = (v: Float32Array): tf.Tensor1D => tf.tensor1d(v);
    const atA = tf.tensor1d(idxA, 'int32');
    const atB = tf.tensor1d(idxB, 'int32');
    const pick = (x: tf.Tensor, idx: tf.Tensor1D): tf.Tensor1D =>
      tf.gather(tf.reshape(x, [-1]), idx) as tf.Tensor1D;
    const lsm = tf.logSoftmax(inp.logits[j]);
    const pi = tf.exp(lsm);
    const logMix = tf.log(tf.add(tf.mul(pi, col(mixScale)), col(mixShift)));
    const terms = [
      vec(constant),
      tf.mul(tf.sum(logMix, 1), vec(cSum)),
      tf.mul(pick(logMix, atA), vec(cA)),
      tf.mul(pick(logMix, atB), vec(cB)),
      tf.mul(pick(lsm, atA), vec(cLsm)),
      tf.log(tf.add(tf.mul(pick(pi, atB), vec(zs)), vec(zc))),
    ];
    const span1 = tf.addN(terms);
    total = total ? tf.add(total, span1) : span1;
  });
  if (!total) return tf.zeros([b]);
  return tf.div(tf.add(tf.mul(total, T), prior), spans.length) as tf.Tensor1D;
}
