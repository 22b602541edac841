import { initBackend, tf } from '@synthctr/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainContext } from '../src/context.js';
import type { Critic, DropoutMasks } from '../src/critic.js';
import { criticGradients, drawCritic } from '../src/critic-step.js';
import { drawGenerator, generatorGradients } from '../src/generator-step.js';
import { generatorVariables } from '../src/model.js';
import { gradientPenalty } from '../src/penalty.js';
import {
  denseGrad,
  disposeContext,
  mixedTable,
  referenceActivate,
  relError,
  tinyContext,
} from './helpers.js';

beforeAll(async () => {
  await initBackend();
});

/** One-hot rows [batch, width] from positions. */
function oneHot(
  positions: Int32Array,
  values: Float32Array | null,
  batch: number,
  width: number,
): tf.Tensor2D {
  const out = new Float32Array(batch * width);
  const per = positions.length / batch;
  positions.forEach((p, e) => {
    out[Math.floor(e / per) * width + p] += values ? values[e] : 1;
  });
  return tf.tensor2d(out, [batch, width]);
}

/** The reference critic's single first-layer kernel, rows ordered [slot][data, cond]. */
function fullKernel(d: Critic): tf.Tensor2D {
  const pieces: tf.Tensor2D[] = [];
  const w = d.dataWidth;
  const c = d.condWidth;
  for (let r = 0; r < d.pac; r++) {
    pieces.push(tf.slice(d.firstData, [r * w, 0], [w, -1]) as tf.Tensor2D);
    if (d.firstCond) pieces.push(tf.slice(d.firstCond, [r * c, 0], [c, -1]) as tf.Tensor2D);
  }
  return tf.concat(pieces, 0);
}

/** Critic loss + penalty computed the reference way: dense packed inputs, nested tf.grad. */
function referenceCriticLoss(
  ctx: TrainContext,
  kernel: tf.Tensor2D,
  inputs: { fake: tf.Tensor2D; real: tf.Tensor2D; alpha: tf.Tensor2D },
  masks: { fake: DropoutMasks; real: DropoutMasks; mixed: DropoutMasks },
): tf.Scalar {
  const d = ctx.critic;
  const packs = ctx.options.batchSize / ctx.options.pac;
  const pack = (x: tf.Tensor2D) => tf.reshape(x, [packs, -1]) as tf.Tensor2D;
  const score = (x: tf.Tensor2D, m: DropoutMasks) =>
    d.upper(tf.add(tf.matMul(x, kernel), d.firstBias) as tf.Tensor2D, m);
  const xf = pack(inputs.fake);
  const xr = pack(inputs.real);
  const xi = tf.add(tf.mul(inputs.alpha, xr), tf.mul(tf.sub(1, inputs.alpha), xf)) as tf.Tensor2D;
  const gradient = tf.grad((x: tf.Tensor) => tf.sum(score(x as tf.Tensor2D, masks.mixed)))(xi);
  // A pack whose units all dropped out has a zero input gradient; like PyTorch's norm, give
  // it a zero (not NaN) derivative.
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(gradient), 1), 1e-30));
  const penalty = tf.mul(tf.mean(tf.square(tf.sub(norm, 1))), ctx.options.gradientPenaltyWeight);
  const wgan = tf.sub(tf.mean(score(xf, masks.fake)), tf.mean(score(xr, masks.real)));
  return tf.add(wgan, penalty) as tf.Scalar;
}

describe('critic gradients', () => {
  it('match nested automatic differentiation of the dense reference critic', () => {
    const ctx = tinyContext(mixedTable());
    const before = tf.memory().numTensors;
    const d = ctx.critic;
    const batch = ctx.options.batchSize;
    const draw = drawCritic(ctx);
    tf.tidy(() => {
      const manual = criticGradients(ctx, draw);
      const manualFirst = denseGrad(manual.grads[0], d.firstData.shape);
      const manualCond = denseGrad(manual.grads[1], d.firstCond!.shape);
      const g = ctx.generator;
      const out = g.output(
        g.hidden(
          tf.tensor2d(draw.z, [batch, 3]),
          tf.tensor1d(draw.c1!.position, 'int32'),
          true,
          false,
        ),
        draw.c1!.position,
      );
      const fakeData = referenceActivate(out, ctx.spans, draw.gumbel, ctx.options.gumbelTau);
      const c = d.condWidth;
      const fake = tf.concat([fakeData, oneHot(draw.c1!.position, null, batch, c)], 1);
      const real = tf.concat(
        [
          oneHot(draw.real.positions, draw.real.values, batch, d.dataWidth),
          oneHot(draw.c2!.position, null, batch, c),
        ],
        1,
      );
      const kernel = tf.variable(fullKernel(d));
      const masks = {
        fake: d.maskTensors(draw.masks.fake),
        real: d.maskTensors(draw.masks.real),
        mixed: d.maskTensors(draw.masks.mixed),
      };
      const alpha = tf.tensor2d(draw.alpha, [batch / ctx.options.pac, 1]);
      const vars = [kernel, d.firstBias, ...d.upperVariables()];
      const ref = tf.variableGrads(
        () => referenceCriticLoss(ctx, kernel, { fake, real, alpha }, masks),
        vars as tf.Variable[],
      );
      const total = manual.loss.dataSync()[0] + manual.penalty.dataSync()[0];
      expect(total).toBeCloseTo(ref.value.dataSync()[0], 4);
      const refKernel = ref.grads[kernel.name];
      const manualKernel = tf.concat(
        Array.from({ length: d.pac }, (_, r) => [
          tf.slice(
            tf.tensor2d(manualFirst, d.firstData.shape as [number, number]),
            [r * d.dataWidth, 0],
            [d.dataWidth, -1],
          ),
          tf.slice(
            tf.tensor2d(manualCond, d.firstCond!.shape as [number, number]),
            [r * c, 0],
            [c, -1],
          ),
        ]).flat(),
        0,
      );
      expect(relError(manualKernel.dataSync(), refKernel.dataSync())).toBeLessThan(1e-4);
      expect(
        relError(denseGrad(manual.grads[2], [6]), ref.grads[d.firstBias.name].dataSync()),
      ).toBeLessThan(1e-4);
      d.upperVariables().forEach((v, i) => {
        const got = denseGrad(manual.grads[3 + i], v.shape);
        expect(relError(got, ref.grads[v.name].dataSync())).toBeLessThan(1e-4);
      });
      kernel.dispose();
    });
    expect(tf.memory().numTensors).toBe(before);
    disposeContext(ctx);
  });

  it('gives a gradient penalty whose gradient matches finite differences', () => {
    const ctx = tinyContext(mixedTable(), 3);
    const d = ctx.critic;
    const packs = ctx.options.batchSize / ctx.options.pac;
    const rng = ctx.rng;
    const pre = tf.tensor2d(rng.fillNormal(new Float32Array(packs * 6)), [packs, 6]);
    const masks = d.maskTensors(d.drawMasks(packs, rng));
    const penaltyOf = () => tf.tidy(() => gradientPenalty(d, pre, masks, 10).value.dataSync()[0]);
    const analytic = tf.tidy(() => {
      const terms = gradientPenalty(d, pre, masks, 10);
      const dFirst = tf.matMul(terms.dData, terms.delta, true, false).dataSync();
      return {
        first: Float32Array.from(dFirst),
        upper: Float32Array.from(terms.upperKernelGrads[0].dataSync()),
      };
    });
    const h = 1e-2;
    const probe = (v: tf.Variable, index: number): number => {
      const values = Float32Array.from(v.dataSync());
      const at = values[index];
      values[index] = at + h;
      v.assign(tf.tensor(values, v.shape));
      const up = penaltyOf();
      values[index] = at - h;
      v.assign(tf.tensor(values, v.shape));
      const down = penaltyOf();
      values[index] = at;
      v.assign(tf.tensor(values, v.shape));
      return (up - down) / (2 * h);
    };
    for (const index of [0, 7, 23, 40]) {
      expect(probe(d.firstData, index)).toBeCloseTo(analytic.first[index], 2);
    }
    for (const index of [0, 5, 13]) {
      expect(probe(d.upperKernels()[0], index)).toBeCloseTo(analytic.upper[index], 2);
    }
    tf.dispose([pre, ...masks]);
    disposeContext(ctx);
  });
});

describe('generator gradients', () => {
  it('match automatic differentiation of the whole generator loss', () => {
    const ctx = tinyContext(mixedTable(), 5);
    const g = ctx.generator;
    const d = ctx.critic;
    const batch = ctx.options.batchSize;
    const draw = drawGenerator(ctx);
    tf.tidy(() => {
      const manual = generatorGradients(ctx, draw);
      const vars = generatorVariables(g);
      const ref = tf.variableGrads(() => {
        const condIndex = tf.tensor1d(draw.cond!.position, 'int32');
        const h = g.hidden(tf.tensor2d(draw.z, [batch, 3]), condIndex, true, false);
        const condHot = tf.oneHot(condIndex, d.condWidth).toFloat();
        const out = tf.add(
          tf.matMul(tf.concat([h, condHot], 1), tf.concat([g.outKernel, g.outCond!], 0)),
          g.outBias,
        );
        const fake = referenceActivate(out as tf.Tensor2D, ctx.spans, draw.gumbel, 0.2);
        const packs = batch / ctx.options.pac;
        const x = tf.reshape(tf.concat([fake, condHot], 1), [packs, -1]) as tf.Tensor2D;
        const kernel = fullKernel(d);
        const score = d.upper(
          tf.add(tf.matMul(x, kernel), d.firstBias) as tf.Tensor2D,
          d.maskTensors(draw.masks),
        );
        let cond = tf.scalar(0);
        ctx.discrete.forEach((span, j) => {
          const logits = tf.slice(out, [0, span.start], [batch, span.width]);
          const target = tf.tensor1d(draw.cond!.category, 'int32');
          const rows = tf.tensor1d(Float32Array.from(draw.cond!.column, (c) => (c === j ? 1 : 0)));
          const ce = tf.neg(
            tf.sum(tf.mul(tf.oneHot(target, span.width), tf.logSoftmax(logits)), 1),
          );
          cond = tf.add(cond, tf.sum(tf.mul(ce, rows)));
        });
        return tf.add(tf.neg(tf.mean(score)), tf.div(cond, batch)) as tf.Scalar;
      }, vars);
      expect(manual.loss.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0], 4);
      const errors = vars.map((v, i) =>
        relError(denseGrad(manual.grads[i], v.shape), ref.grads[v.name].dataSync()),
      );
      expect(errors.map((e, i) => `${vars[i].name}: ${e < 1e-4 ? 'ok' : e}`)).toEqual(
        vars.map((v) => `${v.name}: ok`),
      );
    });
    disposeContext(ctx);
  });
});
