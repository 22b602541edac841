import { type ProgressReporter, type Rng, tf } from '@synthctr/runtime';
import type { Denoiser } from './denoiser.js';
import { TabddpmError } from './errors.js';
import { gaussianPSample } from './gaussian.js';
import type { TableLayout } from './layout.js';
import { logOneHotRuns, logWidths, runIndices, sliceArgMax, spanCodes } from './logspace.js';
import { disposeCoefs, modelPosterior, sharedPosteriorCoefs } from './multinomial.js';
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
  logZ: tf.Tensor2D | null;
  /** Level indices per run of equal-width spans, [n, count]. */
  codes: tf.Tensor2D[];
}

/**
 * Ancestral sampling of `classes.length` rows (or `n` unconditional rows): numbers start at
 * N(0, I) and categories at a uniform level; then for t = T-1 ... 0 one denoiser call, the
 * Gaussian reverse step and a Gumbel-max draw from the model's posterior per span. A NaN in the
 * denoiser output is an error naming the timestep. All noise comes from `rng`.
 *
 * Porting note: the start draws a uniform level per span directly, which is what Gumbel-max
 * on the reference's all-zero logits amounts to.
 */
export function sampleChain(
  ctx: SamplerContext,
  n: number,
  classes: Int32Array | null,
  rng: Rng,
): RawSample {
  const { layout, schedule } = ctx;
  const m = layout.numericCount;
  const spans = layout.spans;
  const logK = spans.length > 0 ? logWidths(spans) : null;
  const y = classes ? tf.tensor1d(classes, 'int32') : null;
  const num0 = m > 0 ? tf.tensor2d(rng.fillNormal(new Float32Array(n * m)), [n, m]) : null;
  const start = spans.map((s) => Int32Array.from({ length: n }, () => rng.int(s.width)));
  const codes0 = spans.length > 0 ? runIndices(start, spans) : [];
  const logZ0 = spans.length > 0 ? tf.tidy(() => logOneHotRuns(codes0, spans)) : null;
  let state: ChainState = { num: num0, logZ: logZ0, codes: codes0 };
  try {
    for (let t = schedule.steps - 1; t >= 0; t--) {
      const next = reverseStep(ctx, state, t, n, y, logK, rng);
      disposeState(state);
      state = next;
      ctx.progress?.tick();
    }
    const num = state.num ? (state.num.dataSync() as Float32Array).slice() : new Float32Array(0);
    const cat = spanCodes(state.codes);
    return { n, num, cat };
  } finally {
    disposeState(state);
    disposeAll([y, logK]);
  }
}

function reverseStep(
  ctx: SamplerContext,
  state: ChainState,
  t: number,
  n: number,
  y: tf.Tensor1D | null,
  logK: tf.Tensor2D | null,
  rng: Rng,
): ChainState {
  const { layout, schedule } = ctx;
  const m = layout.numericCount;
  const spans = layout.spans;
  const width = layout.categoricalWidth;
  const gaussNoise = m > 0 && t > 0 ? rng.fillNormal(new Float32Array(n * m)) : null;
  const uniform = spans.length > 0 ? rng.fillUniform(new Float32Array(n * width)) : null;
  let result: ChainState & { bad: tf.Tensor } = {
    num: null,
    logZ: null,
    codes: [],
    bad: tf.scalar(0),
  };
  result.bad.dispose();
  tf.tidy(() => {
    const inputs = [state.num, state.logZ].filter((x): x is tf.Tensor2D => x !== null);
    const input = (inputs.length === 1 ? inputs[0] : tf.concat(inputs, 1)) as tf.Tensor2D;
    const out = ctx.net.forward(
      input,
      Int32Array.from({ length: n }, () => t),
      y,
    );
    const bad = tf.any(tf.isNaN(out));
    let num: tf.Tensor2D | null = null;
    if (state.num) {
      const eps = tf.slice(out, [0, 0], [n, m]);
      const noise = gaussNoise ? tf.tensor2d(gaussNoise, [n, m]) : null;
      num = gaussianPSample(eps, state.num, schedule, t, noise);
    }
    let codes: tf.Tensor2D[] = [];
    let logZ: tf.Tensor2D | null = null;
    if (state.logZ && logK && uniform) {
      const coefs = sharedPosteriorCoefs(schedule, t);
      const logits = modelPosterior(
        tf.slice(out, [0, m], [n, width]),
        state.logZ,
        coefs,
        logK,
        spans,
      );
      disposeCoefs(coefs);
      const u = tf.tensor2d(uniform, [n, width]);
      const gumbel = tf.neg(tf.log(tf.add(tf.neg(tf.log(tf.add(u, 1e-30))), 1e-30)));
      codes = sliceArgMax(tf.add(logits, gumbel) as tf.Tensor2D, spans);
      logZ = logOneHotRuns(codes, spans);
    }
    result = {
      num: num ? tf.keep(num) : null,
      logZ: logZ ? tf.keep(logZ) : null,
      codes: codes.map((c) => tf.keep(c)),
      bad: tf.keep(bad),
    };
  });
  const bad = result.bad.dataSync()[0] !== 0;
  result.bad.dispose();
  const next: ChainState = { num: result.num, logZ: result.logZ, codes: result.codes };
  if (bad || (next.num && tf.tidy(() => tf.any(tf.isNaN(next.num!)).dataSync()[0] !== 0))) {
    disposeState(next);
    throw new TabddpmError(
      `tabddpm.sample: the denoiser produced NaN at reverse step t = ${t} (of ${schedule.steps - 1} down to 0); ` +
        'expected finite outputs. The weights have diverged or were loaded corrupt: refit, or lower learningRate.',
    );
  }
  return next;
}

function disposeState(s: ChainState): void {
  disposeAll([s.num, s.logZ, ...s.codes]);
}

function disposeAll(list: (tf.Tensor | null)[]): void {
  for (const x of list) x?.dispose();
}
