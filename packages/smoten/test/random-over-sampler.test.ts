import { datasetFromRows, formatCategory } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { RandomOverSampler } from '../src/index.js';
import { csvRows } from './helpers.js';

describe('RandomOverSampler', () => {
  it('copies class rows with replacement, missing values included', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({
      x: i % 4 === 0 ? null : i,
      c: `k${i % 3}`,
      label: i < 3 ? 'rare' : 'common',
    }));
    const data = datasetFromRows(rows, { label: 'label', kinds: { x: 'integer' } });
    const { data: out } = await new RandomOverSampler({ seed: 4 }).fitResample(data);
    const rare = new Set(
      data
        .toRows()
        .filter((r) => r.label === 'rare')
        .map((r) => JSON.stringify(r)),
    );
    const fresh = out.slice(12).toRows();
    expect(fresh).toHaveLength(6);
    for (const r of fresh) expect(rare.has(JSON.stringify(r))).toBe(true);
  });

  it('smooths with noise of scale shrinkage x h x the class standard deviation', async () => {
    // One feature, 40 rows: h = (4 / (3 x 40)) ^ (1 / 5) = 0.50649. Class P holds 0 and 100
    // (std 50), so with shrinkage 0.1 the noise around each copied value has std 2.532.
    const rows = Array.from({ length: 40 }, (_, i) => ({
      x: i < 10 ? (i % 2) * 100 : 500 + i,
      label: i < 10 ? 'P' : 'N',
    }));
    const data = datasetFromRows(rows, { label: 'label', kinds: { x: 'float' } });
    const model = new RandomOverSampler({ shrinkage: 0.1, enforceSchema: false, seed: 8 });
    await model.fit(data);
    const xs = (await model.sample(4000, { conditions: { label: 'P' } })).values('x');
    const residuals = Array.from(xs, (x) => x - (x > 50 ? 100 : 0));
    const mean = residuals.reduce((s, v) => s + v, 0) / residuals.length;
    const std = Math.sqrt(residuals.reduce((s, v) => s + (v - mean) ** 2, 0) / residuals.length);
    const expected = 0.1 * (4 / (3 * 40)) ** (1 / 5) * 50;
    expect(expected).toBeCloseTo(2.532, 3);
    expect(std).toBeGreaterThan(expected * 0.95);
    expect(std).toBeLessThan(expected * 1.05);
    expect(Math.abs(mean)).toBeLessThan(0.15);
  });

  it('keeps smoothed values in range with their precision by default (bad-inputs B17)', async () => {
    const table = `visits,spend,label
0,0.0,a
1,12.5,a
0,0.0,b
3,40.0,a
2,18.0,b
0,0.0,a
5,95.5,b
1,7.25,a`;
    const data = datasetFromRows(
      csvRows(table).map((r) => ({
        visits: Number(r.visits),
        spend: Number(r.spend),
        label: r.label,
      })),
      {
        label: 'label',
        kinds: { visits: 'integer', spend: 'float' },
      },
    );
    const model = new RandomOverSampler({ shrinkage: 2, seed: 6 });
    await model.fit(data);
    for (const r of (await model.sample(500)).toRows()) {
      const visits = r.visits as number;
      const spend = r.spend as number;
      expect(Number.isInteger(visits) && visits >= 0 && visits <= 5).toBe(true);
      expect(spend >= 0 && spend <= 95.5).toBe(true);
      expect(Math.round(spend * 100) / 100).toBe(spend);
    }
  });

  it('refuses shrinkage on categorical features and a class without a factor', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => ({
      x: i,
      c: i % 2 ? 'u' : 'v',
      label: i < 3 ? 'P' : 'N',
    }));
    const mixed = datasetFromRows(rows, { label: 'label', kinds: { x: 'float' } });
    await expect(new RandomOverSampler({ shrinkage: 1 }).fit(mixed)).rejects.toThrow(
      "RandomOverSampler.fit: shrinkage adds numeric noise, so every feature must be numeric, but 'c' is categorical; " +
        'drop it or set shrinkage to null.',
    );
    const numeric = datasetFromRows(
      rows.map(({ x, label }) => ({ x, label })),
      { label: 'label', kinds: { x: 'float' } },
    );
    await expect(
      new RandomOverSampler({ shrinkage: { N: 1 } }).fitResample(numeric),
    ).rejects.toThrow(
      `RandomOverSampler.fitResample: shrinkage gives no factor for class ${formatCategory('P')}, which will be sampled; give one for every such class.`,
    );
  });
});
