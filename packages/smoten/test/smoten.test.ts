import { ConditionError, datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { Smoten, SmotenError } from '../src/index.js';
import { classSizes, csvDataset, syntheticTable } from './helpers.js';

// bad-inputs.md B04: class B has 2 rows, fewer than k_neighbors + 1.
const B04 = `color,shape,label
red,square,A
red,circle,A
blue,square,A
blue,circle,A
green,square,A
green,circle,A
red,square,B
blue,circle,B`;

describe('Smoten on B04 (a class smaller than kNeighbors + 1)', () => {
  it('fails before any distance work, naming the class, its size and what it needs', async () => {
    const data = csvDataset(B04);
    const events: string[] = [];
    const model = new Smoten({ kNeighbors: 5 });
    const run = model.fitResample(data, {
      onProgress: (e) => events.push(e.phase),
      onNotice: (n) => events.push(n.code),
    });
    await expect(run).rejects.toThrow(SmotenError);
    await expect(model.fitResample(data)).rejects.toThrow(
      "SMOTEN.fitResample: class 'B' has 2 rows, but kNeighbors = 5 needs at least kNeighbors + 1 = 6 rows " +
        'in every class it samples (the neighbour search counts the row itself); ' +
        "set kNeighbors to 1 or less, or leave class 'B' out of samplingStrategy.",
    );
    expect(events).toEqual([]);
    expect(model.fitted).toBe(false);
  });

  it('with kNeighbors = 1 gives 12 rows, 6 per class, new B rows only from values seen in B', async () => {
    const data = csvDataset(B04);
    const { data: out, added } = await new Smoten({ kNeighbors: 1 }).fitResample(data);
    expect(out.nRows).toBe(12);
    expect(classSizes(out)).toEqual({ A: 6, B: 6 });
    expect(added).toEqual(new Map([['B', 4]]));
    expect(out.slice(0, 8).toRows()).toEqual(data.toRows());
    // Both B rows have the posteriors P(B | red) = P(B | blue) = 1/3 and
    // P(B | square) = P(B | circle) = 1/4, so they are each other's neighbours at distance 0.
    // Each vote is a 1-1 tie, won by the value that sorts first: blue, circle.
    for (const row of out.slice(8).toRows())
      expect(row).toEqual({ color: 'blue', shape: 'circle', label: 'B' });
  });
});

describe('Smoten vote and tie-breaking', () => {
  it('takes the per-feature mode of the neighbour set, not the seed row', async () => {
    // Class P: three rows whose features have distinct posteriors; k = 2 makes every row's
    // neighbour set the whole class, so every new row is the per-feature mode.
    const data = csvDataset(`a,b,label
x,u,P
x,v,P
y,u,P
y,v,N
z,w,N
z,w,N
y,w,N`);
    const { data: out } = await new Smoten({
      kNeighbors: 2,
      samplingStrategy: { P: 7 },
    }).fitResample(data);
    const fresh = out.slice(7).toRows();
    expect(fresh).toHaveLength(4);
    for (const row of fresh) expect(row).toEqual({ a: 'x', b: 'u', label: 'P' });
  });

  it('breaks a tie in the vote towards the numerically smallest category', async () => {
    const rows = [
      { f: 30, label: 'P' },
      { f: 10, label: 'P' },
      { f: 20, label: 'P' },
      { f: 10, label: 'N' },
      { f: 20, label: 'N' },
      { f: 30, label: 'N' },
      { f: 30, label: 'N' },
    ];
    const data = datasetFromRows(rows, { label: 'label', kinds: { f: 'categorical' } });
    const { data: out } = await new Smoten({
      kNeighbors: 2,
      samplingStrategy: { P: 5 },
    }).fitResample(data);
    // All three P rows are the neighbour set of each other, one vote each: 10 wins over 20, 30.
    expect(
      out
        .slice(7)
        .toRows()
        .map((r) => r.f),
    ).toEqual([10, 10]);
  });
});

describe('Smoten determinism', () => {
  const data = syntheticTable(400, [12, 6, 3], 5);

  it('gives identical rows from two fresh models with the same seed, others for another seed', async () => {
    const a = new Smoten({ kNeighbors: 2, seed: 42 });
    const b = new Smoten({ kNeighbors: 2, seed: 42 });
    const c = new Smoten({ kNeighbors: 2, seed: 43 });
    await Promise.all([a.fit(data), b.fit(data), c.fit(data)]);
    const [ra, rb, rc] = await Promise.all([a.sample(50), b.sample(50), c.sample(50)]);
    expect(ra.toRows()).toEqual(rb.toRows());
    expect(ra.toRows()).not.toEqual(rc.toRows());
  });

  it('moves the stream on between calls, and a per-call seed repeats without moving it', async () => {
    const model = new Smoten({ kNeighbors: 2, seed: 7 });
    await model.fit(data);
    const seeded = (await model.sample(30, { seed: 99 })).toRows();
    const first = (await model.sample(30)).toRows();
    const again = (await model.sample(30, { seed: 99 })).toRows();
    const second = (await model.sample(30)).toRows();
    expect(again).toEqual(seeded);
    expect(second).not.toEqual(first);
    const twin = new Smoten({ kNeighbors: 2, seed: 7 });
    await twin.fit(data);
    expect((await twin.sample(30)).toRows()).toEqual(first);
  });
});

describe('Smoten sampling', () => {
  const data = syntheticTable(600, [10, 5, 4], 11);

  it('conditions on the label: every row of the asked class, per-row arrays in order', async () => {
    const model = new Smoten({ kNeighbors: 3, seed: 1 });
    await model.fit(data);
    const ones = await model.sample(40, { conditions: { label: 1 } });
    expect(ones.nRows).toBe(40);
    expect(new Set(ones.toRows().map((r) => r.label))).toEqual(new Set([1]));
    const mixed = await model.sample(4, { conditions: { label: [0, 1, 1, 0] } });
    expect(mixed.toRows().map((r) => r.label)).toEqual([0, 1, 1, 0]);
    expect(ones.schema).toEqual(data.schema);
  });

  it('draws classes in proportion to their size without conditions', async () => {
    const model = new Smoten({ kNeighbors: 3, seed: 2 });
    await model.fit(data);
    const share = classSizes(data)['1'] / data.nRows;
    const out = await model.sample(3000);
    const got = classSizes(out)['1'] / out.nRows;
    // Binomial standard error at n = 3000 is below 0.009; allow 4 of them.
    expect(Math.abs(got - share)).toBeLessThan(0.036);
  });

  it('rejects conditions on a feature, an unknown class, and sampling before fit', async () => {
    const model = new Smoten({ kNeighbors: 3 });
    await expect(model.sample(3)).rejects.toThrow(
      'SMOTEN.sample: the model is not fitted yet; call fit() or fitResample() first.',
    );
    await model.fit(data);
    await expect(model.sample(3, { conditions: { f0: 1 } })).rejects.toThrow(ConditionError);
    await expect(model.sample(3, { conditions: { f0: 1 } })).rejects.toThrow(
      "SMOTEN.sample: SMOTEN can only condition on the label 'label', got a condition on 'f0'; " +
        'filter the rows before fitting or the sampled rows afterwards.',
    );
    await expect(model.sample(3, { conditions: { label: 5 } })).rejects.toThrow(
      "column 'label' never took the value 5",
    );
  });

  it('only samples the classes fitResample prepared, and says so', async () => {
    const model = new Smoten({ kNeighbors: 3, samplingStrategy: 'minority' });
    await model.fitResample(data);
    const minority = classSizes(data)['1'] < classSizes(data)['0'] ? 1 : 0;
    expect(classSizes(await model.sample(20))).toEqual({ [String(minority)]: 20 });
    await expect(model.sample(2, { conditions: { label: 1 - minority } })).rejects.toThrow(
      `SMOTEN.sample: class ${1 - minority} was not prepared: fitResample() only prepares the classes its samplingStrategy ` +
        `oversamples (here ${minority}); call fit() to prepare every class.`,
    );
  });

  it('makes a paper-style fully synthetic table (S5) by sampling each class at its size', async () => {
    const model = new Smoten({ kNeighbors: 2, seed: 3 });
    await model.fit(data);
    const sizes = classSizes(data);
    const parts = await Promise.all(
      Object.entries(sizes).map(([v, n]) => model.sample(n, { conditions: { label: Number(v) } })),
    );
    const s5 = parts[0].concat(...parts.slice(1));
    expect(classSizes(s5)).toEqual(sizes);
  });
});

describe('Smoten notices and other column kinds', () => {
  it('warns about a numeric column with every value distinct, naming it', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      amount: i * 1.5,
      colour: ['r', 'g', 'b'][i % 3],
      label: i % 2 ? 'y' : 'n',
    }));
    const data = datasetFromRows(rows, { label: 'label' });
    const seen: string[] = [];
    const report = await new Smoten({ kNeighbors: 2 }).fit(data, {
      onNotice: (n) => seen.push(n.column ?? ''),
    });
    expect(seen).toEqual(['amount']);
    expect(report.notices[0]).toEqual({
      code: 'looks-continuous',
      column: 'amount',
      message:
        "SMOTEN: column 'amount' looks continuous (all 30 values distinct and numeric); SMOTEN treats every value " +
        'as a category, so new rows only copy existing values. Bin it, drop it, or use SMOTE-NC for numeric columns.',
    });
  });

  it('treats a numeric column as categories and returns only values it has seen', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      visits: [0, 1, 3, 7][i % 4],
      spend: i % 5 === 0 ? null : i % 3,
      label: i % 3 === 0 ? 'a' : 'b',
    }));
    const data = datasetFromRows(rows, {
      label: 'label',
      kinds: { visits: 'integer', spend: 'float' },
    });
    const model = new Smoten({ kNeighbors: 3, seed: 4 });
    await model.fit(data);
    const out = await model.sample(200);
    for (const r of out.toRows()) {
      expect([0, 1, 3, 7]).toContain(r.visits);
      expect([0, 1, 2, null]).toContain(r.spend);
    }
  });
});

describe('Smoten save and load', () => {
  it('restores a model that samples exactly as the original, stream included', async () => {
    const data = syntheticTable(300, [8, 4], 21);
    const model = new Smoten({ kNeighbors: 2, seed: 5 });
    await model.fit(data);
    await model.sample(7);
    const saved = model.save();
    const json = JSON.parse(JSON.stringify(saved.state));
    const copy = Smoten.load({ ...saved, state: json });
    expect((await copy.sample(25)).toRows()).toEqual((await model.sample(25)).toRows());
    expect((await copy.sample(10, { seed: 1 })).toRows()).toEqual(
      (await model.sample(10, { seed: 1 })).toRows(),
    );
    copy.dispose();
    await expect(copy.sample(1)).rejects.toThrow(
      'SMOTEN.sample: this model was disposed; create and fit a new one.',
    );
  });
});
