import { describe, expect, it } from 'vitest';
// The example of the README section "Encoders, constraints and the conformance suite", verbatim
// apart from the import path.
import {
  buildDataset,
  ConstraintSet,
  datasetFromRows,
  FixedCombinations,
  oneHotLayout,
} from '../src/index.js';

describe('README: encoders, constraints and output enforcement', () => {
  it('runs the example and prints what the README says', () => {
    const real = datasetFromRows(
      [
        { country: 'FR', city: 'Paris', visits: 3, label: 1 },
        { country: 'FR', city: 'Lyon', visits: 0, label: 0 },
        { country: 'DE', city: 'Berlin', visits: 7, label: 0 },
      ],
      { label: 'label', kinds: { visits: 'integer' } },
    );

    // Fit time: merge the constrained columns, then lay out the one-hot of the coded ones.
    const set = ConstraintSet.fit([new FixedCombinations({ columns: ['country', 'city'] })], real);
    const model = set.merge(real);
    const { spans, width } = oneHotLayout(model.schema, ['country+city', 'label'], {
      rows: model.nRows,
    });

    // Sample time: generated codes and raw values -> the fitted schema, enforced, split back.
    const generated = { 'country+city': [2, 0], visits: [9.6, -1.2], label: [1, 0] };
    const out = set.split(buildDataset(model.schema, generated, 2));

    expect(model.columnNames).toEqual(['country+city', 'visits', 'label']);
    expect(width).toBe(5);
    expect(spans.map((s) => [s.column, s.start, s.width])).toEqual([
      ['country+city', 0, 3],
      ['label', 3, 2],
    ]);
    expect(out.toRows()).toEqual([
      { country: 'DE', city: 'Berlin', visits: 7, label: 0 },
      { country: 'FR', city: 'Paris', visits: 0, label: 1 },
    ]);
  });
});
