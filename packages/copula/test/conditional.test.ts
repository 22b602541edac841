import { datasetFromRows } from '@synthctr/tabular-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { GaussianCopula, marginalFromState, normCdf, normPpf } from '../src/index.js';
import { normPdf } from '../src/math/normal.js';
import { knownCopulaData, moments, scores } from './helpers.js';

const N_FIT = 5000;
const N_DRAW = 20000;
/** About 4 standard errors of a mean and of a variance of 20,000 draws. */
const MEAN_TOLERANCE = 0.03;
const VARIANCE_TOLERANCE = 0.04;

/** Moments of N(0, 1) truncated to [a, b]. */
function truncatedMoments(a: number, b: number): { mean: number; variance: number } {
  const mass = normCdf(b) - normCdf(a);
  const pa = Number.isFinite(a) ? normPdf(a) : 0;
  const pb = Number.isFinite(b) ? normPdf(b) : 0;
  const mean = (pa - pb) / mass;
  const ta = Number.isFinite(a) ? a * pa : 0;
  const tb = Number.isFinite(b) ? b * pb : 0;
  return { mean, variance: 1 + (ta - tb) / mass - mean * mean };
}

/** The label's category intervals on [0, 1]: first appearance order, widths = frequencies. */
function labelIntervals(codes: Int32Array): Record<number, [number, number]> {
  const order: number[] = [];
  const count = [0, 0];
  for (const c of codes) {
    if (count[c] === 0) order.push(c);
    count[c] += 1;
  }
  const out: Record<number, [number, number]> = {};
  let lo = 0;
  for (const c of order) {
    const hi = c === order[order.length - 1] ? 1 : lo + count[c] / codes.length;
    out[c] = [lo, hi];
    lo = hi;
  }
  return out;
}

describe.each(['encoded', 'fitted'] as const)(
  'exact conditioning on the label (categorical marginal: %s)',
  (categoricalMarginal) => {
    const data = knownCopulaData(N_FIT, 2);
    const model = new GaussianCopula({ seed: 9, categoricalMarginal });
    beforeAll(async () => {
      await model.fit(data);
    });

    it.each([0, 1])(
      'label = %i: n rows, all with that label, and x0, x1 follow the analytic conditional',
      async (value) => {
        const out = await model.sample(N_DRAW, { conditions: { label: value } });
        expect(out.nRows).toBe(N_DRAW);
        expect(out.labelCodes().every((c) => c === value)).toBe(true);
        // The conditioned score lies in [Φ⁻¹(F(lo)), Φ⁻¹(F(hi))] of the label's interval.
        const learned = model.learnedDistributions();
        const f = marginalFromState(learned.label.parameters);
        const [lo, hi] = labelIntervals(data.labelCodes())[value];
        const tn = truncatedMoments(normPpf(f.cdf(lo)), normPpf(f.cdf(hi)));
        const r = model.correlation;
        const z = ['x0', 'x1'].map((name) =>
          scores(out.values(name), marginalFromState(learned[name].parameters)),
        );
        [0, 1].forEach((j) => {
          const rho = r[j][2];
          const got = moments(z[j]);
          // z_j | z_l ~ N(ρ z_l, 1 − ρ²) with z_l truncated: mean ρ·m, variance 1 − ρ² + ρ²·v.
          expect(Math.abs(got.mean - rho * tn.mean)).toBeLessThan(MEAN_TOLERANCE);
          expect(Math.abs(got.variance - (1 - rho * rho + rho * rho * tn.variance))).toBeLessThan(
            VARIANCE_TOLERANCE,
          );
        });
        let cross = 0;
        for (let i = 0; i < N_DRAW; i++) cross += (z[0][i] * z[1][i]) / N_DRAW;
        const want =
          r[0][1] - r[0][2] * r[1][2] + r[0][2] * r[1][2] * (tn.variance + tn.mean * tn.mean);
        expect(Math.abs(cross - want)).toBeLessThan(VARIANCE_TOLERANCE);
      },
    );
  },
);

describe('other conditions', () => {
  const data = knownCopulaData(N_FIT, 3);
  const model = new GaussianCopula({ seed: 1 });
  beforeAll(async () => {
    await model.fit(data);
  });

  it('a numeric condition is an exact point: x0 as given, x1 from N(ρ z0, 1 − ρ²)', async () => {
    const out = await model.sample(N_DRAW, { conditions: { x0: 11.5 } });
    expect(out.values('x0').every((v) => v === 11.5)).toBe(true);
    const learned = model.learnedDistributions();
    const z0 = normPpf(marginalFromState(learned.x0.parameters).cdf(11.5));
    const z1 = moments(scores(out.values('x1'), marginalFromState(learned.x1.parameters)));
    const rho = model.correlation[0][1];
    expect(Math.abs(z1.mean - rho * z0)).toBeLessThan(MEAN_TOLERANCE);
    expect(Math.abs(z1.variance - (1 - rho * rho))).toBeLessThan(VARIANCE_TOLERANCE);
  });

  it('returns exactly n rows for tiny n and for per-row conditions, in row order', async () => {
    expect((await model.sample(1, { conditions: { label: 1 } })).labelCodes()).toEqual(
      Int32Array.from([1]),
    );
    const wanted = [1, 0, 0, 1, 1, 0, 1];
    const out = await model.sample(7, { conditions: { label: wanted, x0: 12 } });
    expect(Array.from(out.labelCodes())).toEqual(wanted);
    expect(Array.from(out.values('x0'))).toEqual(new Array(7).fill(12));
  });

  it('meets several categorical conditions at once, exactly', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      color: ['red', 'green', 'blue'][i % 3],
      size: i % 7 < 2 ? 'S' : 'L',
      label: (i * 13) % 5 === 0 ? 1 : 0,
      w: (i % 17) + 0.25,
    }));
    const small = new GaussianCopula({ seed: 2 });
    await small.fit(datasetFromRows(rows, { label: 'label' }));
    const out = await small.sample(500, { conditions: { label: 1, color: 'blue', size: 'S' } });
    const got = out.toRows();
    expect(got.length).toBe(500);
    expect(got.every((r) => r.label === 1 && r.color === 'blue' && r.size === 'S')).toBe(true);
  });
});
