import { datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { RandomOverSampler, type SamplingStrategy, Smoten, SmotenError } from '../src/index.js';

/** A table with `sizes[class]` rows per class and one feature column. */
function table(sizes: Record<string, number>) {
  const rows = Object.entries(sizes).flatMap(([label, n]) =>
    Array.from({ length: n }, (_, i) => ({ f: `v${i % 3}`, label })),
  );
  return datasetFromRows(rows, { label: 'label' });
}

async function added(strategy: SamplingStrategy, sizes: Record<string, number>) {
  const result = await new RandomOverSampler({ samplingStrategy: strategy }).fitResample(
    table(sizes),
  );
  return Object.fromEntries(result.added);
}

describe('samplingStrategy (the reference semantics, on A: 10, B: 4, C: 6)', () => {
  const sizes = { A: 10, B: 4, C: 6 };

  it.each([
    ['auto', { B: 6, C: 4 }],
    ['not majority', { B: 6, C: 4 }],
    ['minority', { B: 6 }],
    ['not minority', { C: 4 }],
    ['all', { B: 6, C: 4 }],
  ] as const)("'%s' raises the chosen classes to the majority's 10 rows", async (name, want) => {
    expect(await added(name, sizes)).toEqual(want);
  });

  it('takes target totals, for any class including the majority, by string key, Map or function', async () => {
    expect(await added({ B: 8 }, sizes)).toEqual({ B: 4 });
    expect(await added({ A: 12, C: 6 }, sizes)).toEqual({ A: 2 });
    expect(await added(new Map([['C', 9]]), sizes)).toEqual({ C: 3 });
    expect(await added((counts) => ({ B: 2 * counts.get('B')! }), sizes)).toEqual({ B: 4 });
  });

  it('puts the input rows first and unchanged, then new rows class by class in sorted order', async () => {
    const data = table({ C: 2, A: 5, B: 1 });
    const { data: out } = await new RandomOverSampler({
      samplingStrategy: 'auto',
      seed: 1,
    }).fitResample(data);
    expect(out.slice(0, 8).toRows()).toEqual(data.toRows());
    expect(
      out
        .slice(8)
        .toRows()
        .map((r) => r.label),
    ).toEqual(['B', 'B', 'B', 'B', 'C', 'C', 'C']);
  });

  it('takes the first class in sorted order as majority or minority when counts tie', async () => {
    const tied = { B: 5, A: 5, C: 2, D: 2 };
    expect(await added('auto', tied)).toEqual({ C: 3, D: 3 });
    expect(await added('minority', tied)).toEqual({ C: 3 });
    expect(await added('not minority', tied)).toEqual({ D: 3 });
  });

  it('rejects totals below the current count, unknown classes and bad numbers, before any work', async () => {
    await expect(added({ A: 9 }, sizes)).rejects.toThrow(
      "RandomOverSampler.fitResample: samplingStrategy asks for 9 rows of class 'A' in total, but it already has 10; " +
        'over-sampling cannot remove rows, so give a total of at least 10.',
    );
    await expect(added({ Z: 9 }, sizes)).rejects.toThrow(
      "RandomOverSampler.fitResample: samplingStrategy names class 'Z', which is not in the table; classes: 'A', 'B', 'C'.",
    );
    await expect(added({ B: 4.5 }, sizes)).rejects.toThrow(SmotenError);
    await expect(added({ B: 4.5 }, sizes)).rejects.toThrow(
      "RandomOverSampler.fitResample: the samplingStrategy total for class 'B' must be a whole number >= 0, got 4.5.",
    );
    await expect(added('majority' as SamplingStrategy, sizes)).rejects.toThrow(
      "RandomOverSampler.fitResample: samplingStrategy 'majority' is not one of 'auto', 'minority', 'not minority', " +
        "'not majority', 'all'; give one of those, a ratio in (0, 1], target totals per class or a function.",
    );
    await expect(added('auto', { A: 3 })).rejects.toThrow(
      "RandomOverSampler.fitResample: the label has 1 class ('A'); oversampling needs at least 2 classes. " +
        'Use fit() and sample(n) to draw rows of a single class.',
    );
  });

  it('tells a string key that matches two classes (1 and "1") to use a Map', async () => {
    const rows = [
      ...Array.from({ length: 3 }, () => ({ f: 'x', label: 1 })),
      ...Array.from({ length: 2 }, () => ({ f: 'y', label: '1' })),
    ];
    const data = datasetFromRows(rows, { label: 'label' });
    const run = new RandomOverSampler({ samplingStrategy: { '1': 4 } }).fitResample(data);
    await expect(run).rejects.toThrow(
      "the samplingStrategy key '1' matches classes 1 and '1'; key them by class value with a Map",
    );
    const ok = await new RandomOverSampler({ samplingStrategy: new Map([['1', 4]]) }).fitResample(
      data,
    );
    expect(ok.added).toEqual(new Map([['1', 2]]));
  });
});

describe('a ratio samplingStrategy (two classes: A 10, B 4)', () => {
  const sizes = { A: 10, B: 4 };

  it('raises the minority to floor(ratio x majority)', async () => {
    expect(await added(0.5, sizes)).toEqual({ B: 1 });
    expect(await added(0.77, sizes)).toEqual({ B: 3 });
    expect(await added(1, sizes)).toEqual({ B: 6 });
  });

  it('refuses a ratio that would add nothing, one out of range, or more than two classes', async () => {
    await expect(added(0.4, sizes)).rejects.toThrow(
      "RandomOverSampler.fitResample: samplingStrategy 0.4 gives class 'B' floor(0.4 x 10) rows, but it already has 4; " +
        'a ratio only adds rows, so give one above 4 / 10 = 0.4000.',
    );
    await expect(added(1.5, sizes)).rejects.toThrow(
      'a samplingStrategy ratio must be in (0, 1], got 1.5.',
    );
    await expect(added(0.5, { A: 10, B: 4, C: 3 })).rejects.toThrow(
      'a samplingStrategy ratio needs exactly 2 classes, got 3; give target totals per class instead.',
    );
  });
});

describe('class size checks follow the strategy', () => {
  it('needs kNeighbors + 1 rows only in the classes that get new rows', async () => {
    // B has 2 rows: too few for kNeighbors = 2, but a strategy that only grows A is fine.
    const data = table({ A: 6, B: 2 });
    const { added: grown } = await new Smoten({
      kNeighbors: 2,
      samplingStrategy: { A: 8 },
    }).fitResample(data);
    expect(grown).toEqual(new Map([['A', 2]]));
    await expect(new Smoten({ kNeighbors: 2 }).fitResample(data)).rejects.toThrow(
      "class 'B' has 2 rows",
    );
  });

  it('works with a class of exactly kNeighbors + 1 rows', async () => {
    const data = table({ A: 9, B: 3 });
    const { data: out } = await new Smoten({ kNeighbors: 2, seed: 2 }).fitResample(data);
    expect(out.nRows).toBe(18);
    // The three B rows are each other's whole neighbour set: v0, v1, v2 once each, so the
    // vote is a three-way tie won by the first in sorted order.
    for (const row of out.slice(12).toRows()) expect(row).toEqual({ f: 'v0', label: 'B' });
  });
});
