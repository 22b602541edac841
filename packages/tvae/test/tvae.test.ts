import { initBackend, liveTensorCount, Rng } from '@synthctr/runtime';
import { type Dataset, datasetFromRows } from '@synthctr/tabular-schema';
import { b17Table } from '@synthctr/tabular-schema/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tvae, TvaeError, type TvaeOptions } from '../src/index.js';

const SMALL: TvaeOptions = {
  batchSize: 64,
  compressDims: [32],
  decompressDims: [32],
  embeddingDim: 8,
};

/** 600 rows: colour with frequencies 0.6 / 0.3 / 0.1, label tied to colour. */
function colourTable(seed = 1): Dataset {
  const rng = new Rng(seed);
  const rows = Array.from({ length: 600 }, () => {
    const colour = ['red', 'green', 'blue'][rng.categorical([0.6, 0.3, 0.1])];
    const label = rng.next() < (colour === 'red' ? 0.8 : 0.2) ? 1 : 0;
    return { colour, label };
  });
  return datasetFromRows(rows, { label: 'label' });
}

function share(d: Dataset, column: string, value: unknown): number {
  return d.toRows().filter((r) => r[column] === value).length / d.nRows;
}

beforeAll(async () => {
  await initBackend();
});

describe('Tvae', () => {
  it('learns the marginal of a categorical column: within 0.05 sampled; argmax keeps the order and favours the mode', async () => {
    const data = colourTable();
    const sampled = new Tvae({ ...SMALL, seed: 3, epochs: 30, categoricalDecoding: 'sample' });
    await sampled.fit(data);
    const rows = await sampled.sample(2000, { seed: 11 });
    expect(Math.abs(share(rows, 'colour', 'red') - 0.6)).toBeLessThan(0.05);
    expect(Math.abs(share(rows, 'colour', 'green') - 0.3)).toBeLessThan(0.05);
    expect(Math.abs(share(rows, 'colour', 'blue') - 0.1)).toBeLessThan(0.05);
    // The reference's argmax decoding is deterministic per latent draw and favours the mode.
    const argmax = Tvae.load({
      ...sampled.save(),
      state: {
        ...sampled.save().state,
        options: { ...(sampled.save().state.options as object), categoricalDecoding: 'argmax' },
      },
    });
    const byArgmax = await argmax.sample(2000, { seed: 11 });
    const [red, green, blue] = ['red', 'green', 'blue'].map((c) => share(byArgmax, 'colour', c));
    expect(red).toBeGreaterThanOrEqual(0.6);
    expect(red).toBeLessThan(0.75);
    expect(green).toBeGreaterThan(blue);
    sampled.dispose();
    argmax.dispose();
  });

  it('conditions on the label exactly and keeps the label-conditional colour mix', async () => {
    const model = new Tvae({ ...SMALL, seed: 3, epochs: 30 });
    await model.fit(colourTable());
    const pos = await model.sample(1000, { conditions: { label: 1 }, seed: 5 });
    const neg = await model.sample(1000, { conditions: { label: 0 }, seed: 5 });
    expect(pos.toRows().every((r) => r.label === 1)).toBe(true);
    expect(neg.toRows().every((r) => r.label === 0)).toBe(true);
    // P(red | label 1) = 0.48 / 0.58 = 0.83; P(red | label 0) = 0.12 / 0.42 = 0.29.
    expect(share(pos, 'colour', 'red')).toBeGreaterThan(share(neg, 'colour', 'red') + 0.3);
    model.dispose();
  });

  it('trains a table smaller than the batch with a notice, and a one-row table, never zero steps', async () => {
    const notices: string[] = [];
    const model = new Tvae({ ...SMALL, seed: 1, epochs: 2, batchSize: 500 });
    const report = await model.fit(colourTable().slice(0, 7), {
      onNotice: (n) => notices.push(n.code),
    });
    expect(notices).toContain('batch-shrunk');
    expect(report.steps).toBe(2);
    const one = new Tvae({ ...SMALL, seed: 1, epochs: 3 });
    const r1 = await one.fit(colourTable().slice(0, 1));
    expect(r1.steps).toBe(3);
    expect(r1.history.every((h) => Number.isFinite(h.loss))).toBe(true);
    expect((await one.sample(5)).nRows).toBe(5);
    model.dispose();
    one.dispose();
  });

  it('B10: same seed gives the same rows, the stream moves on, another seed differs', async () => {
    const rows = [1.2, 3.4, 2.2, 5.1, 4.0].map((x, i) => ({ x, y: [10, 30, 20, 50, 40][i] }));
    const data = datasetFromRows(rows);
    const a = new Tvae({ ...SMALL, seed: 42, epochs: 5 });
    const b = new Tvae({ ...SMALL, seed: 42, epochs: 5 });
    const c = new Tvae({ ...SMALL, seed: 43, epochs: 5 });
    await Promise.all([a.fit(data), b.fit(data), c.fit(data)]);
    const first = (await a.sample(3)).toRows();
    expect((await b.sample(3)).toRows()).toEqual(first);
    expect((await a.sample(3)).toRows()).not.toEqual(first);
    expect((await c.sample(3)).toRows()).not.toEqual(first);
    for (const m of [a, b, c]) m.dispose();
  });

  it('B16: an integer-coded categorical column only yields its own categories', async () => {
    const data = datasetFromRows(
      Array.from({ length: 50 }, (_, i) => ({ A: i, B: i })),
      { kinds: { A: 'categorical', B: 'float' } },
    );
    const model = new Tvae({ ...SMALL, seed: 2, epochs: 10, categoricalDecoding: 'sample' });
    await model.fit(data);
    const out = await model.sample(1000, { seed: 1 });
    for (const r of out.toRows()) {
      expect(Number.isInteger(r.A)).toBe(true);
      expect(r.A as number).toBeGreaterThanOrEqual(0);
      expect(r.A as number).toBeLessThanOrEqual(49);
    }
    model.dispose();
  });

  it('B17: integers stay integers in bounds and floats keep their digits', async () => {
    const data = b17Table();
    const model = new Tvae({ ...SMALL, seed: 4, epochs: 10 });
    await model.fit(data);
    for (const r of (await model.sample(500, { seed: 2 })).toRows()) {
      const v = r.visits as number;
      const s = r.spend as number;
      expect(Number.isInteger(v) && v >= 0 && v <= 5).toBe(true);
      expect(s >= 0 && s <= 95.5 && Math.round(s * 100) / 100 === s).toBe(true);
    }
    model.dispose();
  });

  it('unconditional form: a condition it cannot meet fails clearly, within bounded rounds', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      c: i === 0 ? 'rare' : 'common',
      label: i % 2,
    }));
    const model = new Tvae({
      ...SMALL,
      seed: 1,
      epochs: 5,
      conditional: false,
      maxConditionRounds: 1,
    });
    await model.fit(datasetFromRows(rows, { label: 'label' }));
    await expect(model.sample(50, { conditions: { c: 'rare' } })).rejects.toThrow(
      /tvae\.sample: only \d+ of 50 rows met c='rare' in 1 rounds/,
    );
    const labelled = await model.sample(20, { conditions: { label: 1 } });
    expect(labelled.toRows().every((r) => r.label === 1)).toBe(true);
    model.dispose();
  });

  it('resuming from a checkpoint gives the same model as an uninterrupted fit', async () => {
    const data = colourTable();
    const full = new Tvae({ ...SMALL, seed: 9, epochs: 4 });
    await full.fit(data);
    const checkpoints: Parameters<
      NonNullable<Parameters<Tvae['fit']>[1]>['onCheckpoint'] & object
    >[0][] = [];
    const first = new Tvae({ ...SMALL, seed: 9, epochs: 4 });
    await first.fit(data, { checkpointEvery: 2, onCheckpoint: (c) => checkpoints.push(c) });
    const resumed = new Tvae({ ...SMALL, seed: 9, epochs: 4 });
    const report = await resumed.fit(data, { resumeFrom: checkpoints[0] });
    expect(report.epochs).toBe(4);
    expect((await resumed.sample(20, { seed: 1 })).toRows()).toEqual(
      (await full.sample(20, { seed: 1 })).toRows(),
    );
    for (const m of [full, first, resumed]) m.dispose();
  });

  it('refuses to sample before fit and leaves no tensors behind', async () => {
    const before = liveTensorCount();
    const model = new Tvae(SMALL);
    await expect(model.sample(1)).rejects.toThrow(TvaeError);
    await model.fit(colourTable().slice(0, 100));
    for (let i = 0; i < 3; i++) await model.sample(50);
    model.dispose();
    expect(liveTensorCount()).toBe(before);
  });
});
