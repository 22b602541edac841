import { initBackend, Rng } from '@synthctr/runtime';
import { describe, expect, it } from 'vitest';
import {
  ConditionError,
  ConstraintError,
  ConstraintSet,
  datasetFromRows,
  FixedCombinations,
  SchemaError,
} from '../src/index.js';
import { MarginalBootstrap } from './fixtures/marginal-bootstrap.js';

const rows = [
  { label: 1, country: 'FR', age: 30, city: 'Paris' },
  { label: 0, country: 'FR', age: 41, city: 'Lyon' },
  { label: 0, country: 'DE', age: 52, city: 'Berlin' },
  { label: 1, country: 'FR', age: 23, city: 'Paris' },
  { label: 0, country: 'DE', age: 35, city: 'Munich' },
  { label: 1, country: 'IT', age: 64, city: 'Rome' },
];
const real = datasetFromRows(rows, { label: 'label', kinds: { age: 'integer' } });
const pair = new FixedCombinations({ columns: ['country', 'city'] });

describe('FixedCombinations', () => {
  it('learns the seen tuples with their counts, in first-appearance order', () => {
    const fitted = pair.fit(real);
    expect(pair.fitted).toBe(false);
    expect(fitted.size).toBe(5);
    expect(fitted.combinations()).toEqual([
      ['FR', 'Paris'],
      ['FR', 'Lyon'],
      ['DE', 'Berlin'],
      ['DE', 'Munich'],
      ['IT', 'Rome'],
    ]);
    expect(fitted.matching({ country: 0 })).toEqual({ ids: [0, 1], counts: [2, 1] });
  });

  it('merges into one joint column where the first column was, and splits back exactly', () => {
    const fitted = pair.fit(real);
    const merged = fitted.merge(real);
    expect(merged.columnNames).toEqual(['label', 'country+city', 'age']);
    expect(merged.columnSchema('country+city')).toEqual({
      name: 'country+city',
      kind: 'categorical',
      categories: [
        '["FR","Paris"]',
        '["FR","Lyon"]',
        '["DE","Berlin"]',
        '["DE","Munich"]',
        '["IT","Rome"]',
      ],
    });
    expect(Array.from(merged.codes('country+city'))).toEqual([0, 1, 2, 0, 3, 4]);
    const back = fitted.split(merged, real.schema);
    expect(back.schema).toEqual(real.schema);
    expect(back.toRows()).toEqual(real.toRows());
  });

  it('counts and masks rows with unseen tuples, matching categories by value', () => {
    const fitted = pair.fit(real);
    const other = datasetFromRows([
      { country: 'FR', city: 'Paris' },
      { country: 'DE', city: 'Paris' },
      { country: 'ES', city: 'Madrid' },
      { country: 'IT', city: 'Rome' },
    ]);
    expect(Array.from(fitted.validMask(other))).toEqual([1, 0, 0, 1]);
    expect(fitted.countInvalid(other)).toBe(2);
  });

  it('round-trips through plain JSON', () => {
    const fitted = pair.fit(real);
    const copy = FixedCombinations.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(copy.combinations()).toEqual(fitted.combinations());
    expect(copy.merge(real).toRows()).toEqual(fitted.merge(real).toRows());
  });

  it('rejects fewer than two columns, numeric columns, unknown columns and the label', () => {
    expect(() => new FixedCombinations({ columns: ['country'] })).toThrow(
      "FixedCombinations: needs at least two columns, got 1 (country); a single column's values are already limited to the seen ones.",
    );
    const numeric = () => new FixedCombinations({ columns: ['country', 'age'] }).fit(real);
    expect(numeric).toThrow(ConstraintError);
    expect(numeric).toThrow(SchemaError);
    expect(numeric).toThrow(
      "FixedCombinations: column 'age' is integer, expected categorical or boolean; declare it categorical (kinds: { age: 'categorical' }) to constrain it.",
    );
    expect(() => new FixedCombinations({ columns: ['country', 'town'] }).fit(real)).toThrow(
      "FixedCombinations: no column 'town'; columns: label, country, age, city.",
    );
    expect(() => new FixedCombinations({ columns: ['label', 'city'] }).fit(real)).toThrow(
      "FixedCombinations: column 'label' is the label; the label cannot be part of a fixed combination (condition on it instead). Constrain other columns.",
    );
    expect(() => pair.size).toThrow(
      'FixedCombinations.size: the constraint on (country, city) is not fitted; call fit(data) first.',
    );
  });

  it('refuses to merge a row whose tuple was never seen', () => {
    const fitted = pair.fit(real.slice(0, 3));
    expect(() => fitted.merge(real.select([0, 4]))).toThrow(ConstraintError);
  });
});

describe('ConstraintSet', () => {
  it('is the identity without constraints', () => {
    const set = ConstraintSet.fit(undefined, real);
    expect(set.active).toBe(false);
    expect(set.merge(real)).toBe(real);
    expect(set.split(real)).toBe(real);
    expect(set.conditions({ label: 1 }, 3, new Rng(1))).toEqual({ label: 1 });
  });

  it("gives the merged schema from the schema alone, equal to the merged table's", () => {
    expect(ConstraintSet.fit(undefined, real).mergedSchema()).toEqual(real.schema);
    const set = ConstraintSet.fit([pair], real);
    const schema = set.mergedSchema();
    expect(schema).toEqual(set.merge(real).schema);
    expect(schema.columns.map((c) => c.name)).toContain('country+city');
    expect(schema.columns.map((c) => c.name)).not.toContain('city');
    expect(ConstraintSet.fromJSON(set.toJSON()).mergedSchema()).toEqual(schema);
  });

  it('translates conditions: full tuples exactly, partial ones by seen frequency, others pass through', () => {
    const set = ConstraintSet.fit([pair], real);
    expect(set.conditions({ label: 0 }, 4, new Rng(1))).toEqual({ label: 0 });
    expect(set.conditions({ country: 'DE', city: 'Munich' }, 2, new Rng(1))).toEqual({
      'country+city': '["DE","Munich"]',
    });
    expect(set.conditions({ country: 'IT' }, 2, new Rng(1))).toEqual({
      'country+city': '["IT","Rome"]',
    });
    // FR is Paris twice and Lyon once among the real rows: over 3,000 draws Paris comes ~2/3 of the time.
    const drawn = set.conditions({ country: 'FR', label: 1 }, 3000, new Rng(5))!;
    const joint = drawn['country+city'] as string[];
    expect(drawn.label).toBe(1);
    expect(new Set(joint)).toEqual(new Set(['["FR","Paris"]', '["FR","Lyon"]']));
    const paris = joint.filter((j) => j === '["FR","Paris"]').length / 3000;
    expect(Math.abs(paris - 2 / 3)).toBeLessThan(0.03);
  });

  it('rejects unknown names and impossible tuples as ConditionErrors, before drawing', () => {
    const set = ConstraintSet.fit([pair], real);
    const rng = new Rng(9);
    const before = rng.state();
    expect(() => set.conditions({ country: 'DE', city: 'Paris' }, 2, rng)).toThrow(
      "sample: no real row has country = 'DE', city = 'Paris', and the fixed combination on (country, city) allows only seen tuples; condition on a combination that occurs in the training data.",
    );
    expect(() => set.conditions({ cuntry: 'DE' }, 2, rng)).toThrow(ConditionError);
    expect(() => set.conditions({ country: 'ES' }, 2, rng)).toThrow(
      "sample: column 'country' never took the value 'ES' in training",
    );
    expect(rng.state()).toEqual(before);
  });

  it('refuses two constraints sharing a column and round-trips through JSON', () => {
    expect(() =>
      ConstraintSet.fit([pair, new FixedCombinations({ columns: ['city', 'label'] })], real),
    ).toThrow(
      "ConstraintSet: column 'city' is in constraints 0 and 1; each column may be in one fixed combination. List all the linked columns in one FixedCombinations instead.",
    );
    const set = ConstraintSet.fit([pair], real);
    const copy = ConstraintSet.fromJSON(JSON.parse(JSON.stringify(set.toJSON())));
    expect(copy.split(copy.merge(real)).toRows()).toEqual(real.toRows());
  });

  it('makes a generator that samples columns independently keep only seen pairs', async () => {
    await initBackend();
    const free = new MarginalBootstrap({ seed: 2 });
    const bound = new MarginalBootstrap({ seed: 2, constraints: [pair] });
    await free.fit(real);
    await bound.fit(real);
    const fitted = pair.fit(real);
    const a = await free.sample(500);
    const b = await bound.sample(500);
    free.dispose();
    bound.dispose();
    expect(fitted.countInvalid(a)).toBeGreaterThan(100);
    expect(fitted.countInvalid(b)).toBe(0);
    expect(b.schema.columns).toEqual(real.schema.columns);
  });
});
