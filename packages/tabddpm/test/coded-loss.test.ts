import { initBackend, Rng, tf } from '@synthctr/runtime';
import { beforeAll, describe, expect, test } from 'vitest';
import { makeSchedule, multinomialLoss, posteriorCoefs, type Span } from '../src/index.js';
import { logOneHot, logWidths } from '../src/logspace.js';
import { codedMultinomialLoss, modelPosterior, sharedPosteriorCoefs } from '../src/multinomial.js';
import { posteriorWeights } from '../src/sample.js';

beforeAll(async () => {
  await initBackend();
});

/** A random batch over columns of the given widths, with every timestep drawn, 0 and T-1 included. */
function batch(widths: number[], rows: number, steps: number, seed: number) {
  const rng = new Rng(seed);
  const spans: Span[] = [];
  let start = 0;
  for (const w of widths) {
    spans.push({ start, width: w });
    start += w;
  }
  const t = Int32Array.from({ length: rows }, (_, i) => (i < 2 ? i * (steps - 1) : rng.int(steps)));
  const x0 = spans.map((s) => Int32Array.from({ length: rows }, () => rng.int(s.width)));
  // x_t equals x0 on about half the rows, as at small t.
  const xt = spans.map((s, j) =>
    Int32Array.from({ length: rows }, (_, i) => (rng.next() < 0.5 ? x0[j][i] : rng.int(s.width))),
  );
  const logits = rng.fillNormal(new Float32Array(rows * start), 0, 3);
  return { spans, t, x0, xt, logits, width: start };
}

function blocks(flat: tf.Tensor2D, spans: Span[]): tf.Tensor2D[] {
  return spans.map((s) => tf.slice(flat, [0, s.start], [-1, s.width]) as tf.Tensor2D);
}

describe('the multinomial loss from level indices', () => {
  test.each([
    [[4, 2, 37], 100],
    [[957, 7, 2, 3], 20],
    [[2, 5], 4],
  ])(
    'equals the log-space loss of the reference, value and gradient (widths %j, T = %i)',
    (widths, steps) => {
      const schedule = makeSchedule('cosine', steps);
      const b = batch(widths, 48, steps, widths.length * 7 + steps);
      const rows = b.t.length;
      tf.tidy(() => {
        const logits = tf.tensor2d(b.logits, [rows, b.width]);
        const logX0 = logOneHot(
          b.x0.map((c) => tf.tensor1d(c, 'int32')),
          b.spans,
        );
        const logXt = logOneHot(
          b.xt.map((c) => tf.tensor1d(c, 'int32')),
          b.spans,
        );
        const logK = logWidths(b.spans);
        const coefs = posteriorCoefs(schedule, b.t);
        const reference = (x: tf.Tensor) =>
          multinomialLoss({
            modelOut: x as tf.Tensor2D,
            logX0,
            logXt,
            coefs,
            logK,
            spans: b.spans,
            schedule,
          });
        const coded = (x: tf.Tensor) =>
          codedMultinomialLoss({
            logits: blocks(x as tf.Tensor2D, b.spans),
            x0: b.x0,
            xt: b.xt,
            t: b.t,
            spans: b.spans,
            schedule,
          });
        const want = reference(logits).arraySync() as number[];
        const got = coded(logits).arraySync() as number[];
        for (let i = 0; i < rows; i++) {
          expect(Number.isFinite(got[i])).toBe(true);
          expect(Math.abs(got[i] - want[i])).toBeLessThan(2e-4 * Math.max(1, Math.abs(want[i])));
        }
        const gWant = tf
          .grad((x) => tf.sum(reference(x)))(logits)
          .dataSync();
        const gGot = tf
          .grad((x) => tf.sum(coded(x)))(logits)
          .dataSync();
        let scale = 0;
        for (const v of gWant) scale = Math.max(scale, Math.abs(v));
        expect(scale).toBeGreaterThan(0);
        for (let i = 0; i < gWant.length; i++)
          expect(Math.abs(gGot[i] - gWant[i])).toBeLessThan(2e-4 * scale);
      });
    },
  );
});

describe("the sampler's posterior in probability space", () => {
  test('normalised, equals exp of the log-space p(x_{t-1} | x_t) at every kind of timestep', () => {
    const steps = 20;
    const schedule = makeSchedule('cosine', steps);
    const b = batch([957, 3], 16, steps, 5);
    tf.tidy(() => {
      const logits = tf.tensor2d(b.logits, [16, b.width]);
      const parts = blocks(logits, b.spans);
      const logK = logWidths(b.spans);
      const logXt = logOneHot(
        b.xt.map((c) => tf.tensor1d(c, 'int32')),
        b.spans,
      );
      for (const t of [0, 1, 7, steps - 1]) {
        const want = blocks(
          tf.exp(modelPosterior(logits, logXt, sharedPosteriorCoefs(schedule, t), logK, b.spans)),
          b.spans,
        );
        b.spans.forEach((_, j) => {
          const w = posteriorWeights(parts[j], b.xt[j], schedule, t);
          const got = tf.div(w, tf.sum(w, 1, true)).dataSync();
          const ref = want[j].dataSync();
          for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-5);
        });
      }
    });
  });
});
