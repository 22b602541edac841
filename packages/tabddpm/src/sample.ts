import { type ProgressReporter, type Rng, tf } from '@synthctr/runtime';
import { levelPositions } from './batch.js';
import type { Denoiser } from './denoiser.js';
import { TabddpmError } from './errors.js';
import { gaussianPSample } from './gaussian.js';
import type { TableLayout } from './layout.js';
import type { DiffusionSchedule } from './schedule.js';

/** What one sampling chunk produced: normal scores and level indices, not yet decoded. */
export interface RawSample {
  n: number;
  /** Row-major n x numeric count. */
  num: Float32Array;
  /** Level indices per categorical span. */
  cat: Int32Array[];
}

/** What the sampler needs. */
export interface SamplerContext {
  net: Denoiser;
  layout: TableLayout;
  schedule: DiffusionSchedule;
  progress: ProgressReporter | null;
}

/** The state carried from one reverse step to the next. */
interface ChainState {
  num: tf.Tensor2D | null;
  /** Current level of every row, per categorical column. */
  codes: Int32Array[];
}

/**
 * Ancestral sampling of `classes.length` rows (or `n` unconditional rows): numbers start at
 * N(0, I) and categories at a uniform level; then for t = T-1 ... 0 one denoiser call, the
 * Gaussian reverse step and a Gumbel-max draw from the model's posterior per column. A NaN in
 * the denoiser output is an error naming the timestep. All noise comes from `rng`.
 *
 * Porting notes: the start draws a uniform level per column directly, which is what
 * Gumbel-max on the reference's all-zero logits amounts to. Each draw is computed in
 * probability space: with pi = softmax(x0 logits) per column, the posterior is proportional to
 * (abar_{t-1} pi + (1 - abar_{t-1}) / K) (alpha_t [k = x_t] + (1 - alpha_t) / K) (pi itself at
 * t = 0), and argmax_k(log p_k - log(-log u_k)) = argmax_k(p_k / -log u_k), so the Gumbel-max
 * draw over the same uniforms needs one logarithm per level instead of the reference's log-space
 * chain of about ten.
 */
export function sampleChain(
  ctx: SamplerContext,
  n: number,
  classes: Int32Array | null,
  rng: Rng,
): RawSample {
  const { layout, schedule } = ctx;
  const m = layout.numericCount;
  const y = classes ? tf.tensor1d(classes, 'int32') : null;
  const num0 = m > 0 ? tf.tensor2d(rng.fillNormal(new Float32Array(n * m)), [n, m]) : null;
  const codes0 = layout.spans.map((s) => Int32Array.from({ length: n }, () => rng.int(s.width)));
  let state: ChainState = { num: num0, codes: codes0 };
  try {
    for (let t = schedule.steps - 1; t >= 0; t--) {
      const next = reverseStep(ctx, state, t, n, y, rng);
      state.num?.dispose();
      state = next;
      ctx.progress?.tick();
    }
    const num = state.num ? (state.num.dataSync() as Float32Array).slice() : new Float32Array(0);
    return { n, num, cat: state.codes };
  } finally {
    state.num?.dispose();
    y?.dispose();
  }
}

function reverseStep(
  ctx: SamplerContext,
  state: ChainState,
  t: number,
  n: number,
  y: tf.Tensor1D | null,
  rng: Rng,
): ChainState {
  const { layout, schedule } = ctx;
  const m = layout.numericCount;
  const spans = layout.spans;
  const gaussNoise = m > 0 && t > 0 ? rng.fillNormal(new Float32Array(n * m)) : null;
  const uniforms = spans.map((s) => rng.fillUniform24(new Float32Array(n * s.width)));
  const kept = tf.tidy(() => {
    const positions = spans.length > 0 ? levelPositions(state.codes, spans) : null;
    const out = ctx.net.forward({ num: state.num, positions }, t, y);
    const blocks = out.eps ? [out.eps, ...out.logits] : out.logits;
    const total = tf.addN(blocks.map((b) => tf.sum(b)));
    const bad = tf.logicalNot(tf.isFinite(total));
    let num: tf.Tensor2D | null = null;
    if (state.num && out.eps) {
      const noise = gaussNoise ? tf.tensor2d(gaussNoise, [n, m]) : null;
      num = gaussianPSample(out.eps, state.num, schedule, t, noise);
    }
    const draws = spans.map((span, j) => {
      const p = posteriorWeights(out.logits[j], state.codes[j], schedule, t);
      // p / log(u) <= 0: its smallest entry is the largest p / -log(u).
      return tf.argMin(tf.div(p, tf.log(tf.tensor2d(uniforms[j], [n, span.width]))), 1);
    });
    return { bad, nums: num ? [num] : [], draws };
  });
  const num = kept.nums[0] ?? null;
  const bad = kept.bad.dataSync()[0] !== 0;
  const codes = kept.draws.map((d) => Int32Array.from(d.dataSync()));
  tf.dispose([kept.bad, ...kept.draws]);
  if (bad || (num && tf.tidy(() => tf.any(tf.isNaN(num)).dataSync()[0] !== 0))) {
    num?.dispose();
    throw new TabddpmError(
      `tabddpm.sample: the denoiser produced NaN at reverse step t = ${t} (of ${schedule.steps - 1} down to 0); ` +
        'expected finite outputs. The weights have diverged or were loaded corrupt: refit, or lower learningRate.',
    );
  }
  return { num, codes };
}

/**
 * The model's reverse distribution p(x_{t-1} | x_t) of one column, unnormalised, in
 * probability space ([B, K]): (abar_{t-1} pi + (1 - abar_{t-1}) / K) (alpha_t [k = x_t] +
 * (1 - alpha_t) / K) with pi = softmax(logits), and pi itself for the first factor at t = 0.
 */
export function posteriorWeights(
  logits: tf.Tensor2D,
  codes: Int32Array,
  schedule: DiffusionSchedule,
  t: number,
): tf.Tensor2D {
  const k = logits.shape[1];
  const alpha = schedule.alphas[t];
  const abPrev = t > 0 ? schedule.alphasCumprod[t - 1] : 1;
  const pi = tf.softmax(logits);
  const mix = t > 0 ? tf.add(tf.mul(pi, abPrev), (1 - abPrev) / k) : pi;
  const hot = tf.cast(tf.oneHot(tf.tensor1d(codes, 'int32'), k), 'float32');
  return tf.mul(mix, tf.add(tf.mul(hot, alpha), (1 - alpha) / k)) as tf.Tensor2D;
}
