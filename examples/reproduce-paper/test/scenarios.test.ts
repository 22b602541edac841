import { datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import {
  buildScenario,
  maxSyntheticCounts,
  PAPER_SCENARIOS,
  parseScenario,
  syntheticCounts,
} from '../src/scenarios.js';

const train = datasetFromRows(
  Array.from({ length: 12 }, (_, i) => ({ f: `v${i % 4}`, label: i < 4 ? 1 : 0 })),
  { label: 'label', kinds: { f: 'categorical' } },
);
const pool = (label: number, n: number) =>
  datasetFromRows(
    Array.from({ length: n }, (_, i) => ({ f: `s${i}`, label })),
    { label: 'label', kinds: { f: 'categorical' } },
  );

describe('scenarios', () => {
  it('counts synthetic rows per label as the paper defines S1-S5', () => {
    expect(Object.fromEntries(syntheticCounts(train, PAPER_SCENARIOS.S1))).toEqual({ '1': 1 });
    expect(Object.fromEntries(syntheticCounts(train, PAPER_SCENARIOS.S2))).toEqual({ '1': 2 });
    expect(Object.fromEntries(syntheticCounts(train, PAPER_SCENARIOS.S3))).toEqual({ '0': 2 });
    expect(Object.fromEntries(syntheticCounts(train, PAPER_SCENARIOS.S4))).toEqual({ '0': 4 });
    expect(Object.fromEntries(syntheticCounts(train, PAPER_SCENARIOS.S5))).toEqual({
      '0': 8,
      '1': 4,
    });
    const all = Object.values(PAPER_SCENARIOS);
    expect(Object.fromEntries(maxSyntheticCounts(train, all))).toEqual({ '1': 4, '0': 8 });
  });

  it('adds prefixes of the per-label pools, or replaces the real rows for S5', () => {
    const pools = new Map([
      ['0', pool(0, 8)],
      ['1', pool(1, 4)],
    ]);
    const s4 = buildScenario(train, PAPER_SCENARIOS.S4, pools);
    expect(s4.nRows).toBe(16);
    expect(
      s4
        .slice(12)
        .toRows()
        .map((r) => r.f),
    ).toEqual(['s0', 's1', 's2', 's3']);
    expect(s4.slice(0, 12).toRows()).toEqual(train.toRows());
    const s5 = buildScenario(train, PAPER_SCENARIOS.S5, pools);
    expect(s5.nRows).toBe(12);
    expect(s5.filterByLabel(1).nRows).toBe(4);
    expect(s5.toRows().every((r) => String(r.f).startsWith('s'))).toBe(true);
    expect(buildScenario(train, PAPER_SCENARIOS.original, pools)).toBe(train);
  });

  it('parses custom ratios and rejects malformed names and missing labels', () => {
    expect(parseScenario('neg+10%&pos+5%')).toEqual({
      name: 'neg+10%&pos+5%',
      ratios: { '0': 0.1, '1': 0.05 },
      replace: false,
    });
    expect(() => parseScenario('S9')).toThrow(
      "scenario 'S9': expected original, S1..S5, synthetic, or parts like neg+25%",
    );
    expect(() => syntheticCounts(train, parseScenario('label=7+5%'))).toThrow(
      "the label has no value '7'; values: 1, 0",
    );
    expect(() => buildScenario(train, PAPER_SCENARIOS.S2, new Map([['1', pool(1, 1)]]))).toThrow(
      "scenario 'S2': needs 2 synthetic rows with label 1, the pool has 1",
    );
  });
});
