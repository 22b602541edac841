import { datasetFromRows, FixedCombinations } from '@synthctr/tabular-schema';
import { copySaved } from '@synthctr/tabular-schema/testing';
import { describe, expect, it } from 'vitest';
import { RandomOverSampler, Smoten, Smotenc } from '../src/index.js';

// Each city lies in one country; 'visits' makes the table usable by SMOTE-NC too.
const CITIES: Record<string, string[]> = {
  FR: ['Paris', 'Lyon'],
  DE: ['Berlin', 'Munich'],
  IT: ['Rome', 'Milan'],
};

function table() {
  const countries = Object.keys(CITIES);
  const rows = Array.from({ length: 90 }, (_, i) => {
    const country = countries[i % 3];
    const city = CITIES[country][Math.floor(i / 3) % 2];
    return { user_id: 1000 + i, country, city, visits: (i * 7) % 11, label: i % 4 === 0 ? 1 : 0 };
  });
  return datasetFromRows(rows, {
    label: 'label',
    kinds: { user_id: 'id', visits: 'integer', country: 'categorical', city: 'categorical' },
  });
}

const seen = (data: ReturnType<typeof table>) =>
  new Set(data.toRows().map((r) => `${r.country}/${r.city}`));

describe.each([
  [
    'Smoten',
    (seed: number, c: FixedCombinations[]) => new Smoten({ seed, constraints: c, kNeighbors: 2 }),
    Smoten.load,
  ],
  [
    'Smotenc',
    (seed: number, c: FixedCombinations[]) => new Smotenc({ seed, constraints: c, kNeighbors: 2 }),
    Smotenc.load,
  ],
  [
    'RandomOverSampler',
    (seed: number, c: FixedCombinations[]) => new RandomOverSampler({ seed, constraints: c }),
    RandomOverSampler.load,
  ],
] as const)('%s with a fixed combination and a key column', (_, create, load) => {
  it('samples only seen (country, city) pairs with new keys, and keeps doing so after save and load', async () => {
    const data = table();
    const model = create(5, [new FixedCombinations({ columns: ['country', 'city'] })]);
    const { data: out } = await model.fitResample(data);
    const pairs = seen(data);
    const fresh = out.slice(data.nRows).toRows();
    expect(fresh.length).toBeGreaterThan(0);
    for (const r of fresh) expect(pairs.has(`${r.country}/${r.city}`)).toBe(true);
    const keys = out.toRows().map((r) => r.user_id);
    expect(new Set(keys).size).toBe(keys.length);
    expect(out.columnNames).toEqual(data.columnNames);
    const copy = load(copySaved(model.save()));
    const [a, b] = [await model.sample(30), await copy.sample(30)];
    expect(b.toRows()).toEqual(a.toRows());
    for (const r of a.toRows()) expect(pairs.has(`${r.country}/${r.city}`)).toBe(true);
  });
});
