import { initBackend } from '@synthctr/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConformanceOptions,
  checkConditions,
  checkConstraint,
  checkInterface,
  checkPersistence,
  checkResources,
  checkSeeds,
  checkSmallData,
  conformanceTables,
  describeSynthesizerConformance,
} from '../src/testing/index.js';
import { type BrokenMode, MarginalBootstrap } from './fixtures/marginal-bootstrap.js';

const reference: ConformanceOptions = {
  create: ({ seed, constraints }) => new MarginalBootstrap({ seed, constraints }),
  load: (saved) => MarginalBootstrap.load(saved),
  iterative: false,
};

// The reference synthesizer passes the whole suite, on mixed and on categorical-only tables.
describeSynthesizerConformance('marginal-bootstrap', reference);
describeSynthesizerConformance('marginal-bootstrap (categorical tables, key column)', {
  ...reference,
  tables: 'categorical',
  keyColumn: true,
});

function broken(mode: BrokenMode, extra: Partial<ConformanceOptions> = {}): ConformanceOptions {
  return {
    create: ({ seed, constraints }) => new MarginalBootstrap({ seed, constraints, broken: mode }),
    load: (saved) => MarginalBootstrap.load(saved, mode),
    iterative: true,
    ...extra,
  };
}

describe('the conformance suite catches broken synthesizers', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('a synthesizer that ignores the seed', async () => {
    await expect(checkSeeds(broken('ignoresSeed'))).rejects.toThrow(
      'seeds: two fresh fits with seed 7 sampled different rows (row 0 column',
    );
  });

  it('a synthesizer that returns the wrong row count', async () => {
    await expect(checkInterface(broken('wrongRowCount'))).rejects.toThrow(
      'interface: sample(40): expected exactly 40 rows, got 39.',
    );
  });

  it('a synthesizer that calls Math.random', async () => {
    await expect(checkSeeds(broken('callsMathRandom'))).rejects.toThrow(
      /seeds: Math.random was called \d+ times \(use Rng; tfjs random ops need a seed from rng.seed\(\)\)/,
    );
  });

  it('a synthesizer that leaks a tensor per sample', async () => {
    await expect(checkResources(broken('leaksTensor'))).rejects.toThrow(
      /resources: sample\(40\) changed the live tensor count from (\d+) to \d+; wrap every step in tf.tidy/,
    );
  });

  it('a synthesizer that drops the condition', async () => {
    await expect(checkConditions(broken('dropsCondition'))).rejects.toThrow(
      /conditions: sample\(40, \{ conditions: \{ label: 0 \} \}\): row \d+ has label = 1\./,
    );
  });

  it('a synthesizer that never sends its final progress event', async () => {
    await expect(checkResources(broken('noFinalProgress'))).rejects.toThrow(
      "resources: fit progress: phase 'fit' never sent its final event (done: true); its last event was step 5 of 5.",
    );
  });

  it('a synthesizer that skips output enforcement', async () => {
    await expect(checkInterface(broken('noEnforcement'))).rejects.toThrow(
      /interface: sample\(40\): column '(visits|spend)' row \d+ is -?[\d.]+(e-?\d+)?, (outside the learned bounds|not a whole number)/,
    );
  });

  it('a synthesizer that ignores its constraints', async () => {
    await expect(checkConstraint(broken('ignoresConstraint'))).rejects.toThrow(
      /constraint: \d+ of 120 sampled rows have a \(country, city\) pair never seen in the real data\./,
    );
  });

  it('a synthesizer that draws before checking its conditions', async () => {
    await expect(checkConditions(broken('drawsBeforeChecking'))).rejects.toThrow(
      'conditions: a rejected call moved the random stream',
    );
  });

  it('a synthesizer that does not save its random stream', async () => {
    await expect(checkPersistence(broken('forgetsStream'))).rejects.toThrow(
      "persistence: the loaded model's next sample differs from the original's",
    );
  });

  it('a silent zero-step fit of an iterative synthesizer', async () => {
    await expect(checkSmallData(broken('silentZeroSteps'), 'tiny')).rejects.toThrow(
      'small data (tiny, 6 rows): fit() ran 0 optimiser steps without a notice',
    );
  });

  it('reports how each odd table went for a correct synthesizer', async () => {
    await expect(checkSmallData(reference, 'constant')).resolves.toBe('works');
  });
});

describe('conformance tables', () => {
  it('are seeded, with the documented shapes and odd columns', () => {
    const t = conformanceTables();
    const again = conformanceTables();
    expect(t.mixed.toRows()).toEqual(again.mixed.toRows());
    expect([t.mixed.nRows, t.constrained.nRows, t.tiny.nRows]).toEqual([120, 90, 6]);
    expect(t.mixed.schema.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([
      'label:categorical',
      'color:categorical',
      'device:categorical',
      'visits:integer',
      'spend:float',
    ]);
    expect(t.mixed.columnSchema('color')).toMatchObject({
      categories: expect.arrayContaining([null]),
    });
    const devices = t.mixed.toRows().map((r) => r.device);
    expect(devices.filter((d) => d === 'tv')).toHaveLength(1);
    expect(t.mixed.columnSchema('spend')).toMatchObject({ kind: 'float', digits: 2 });
    expect(t.constant.columnSchema('version')).toMatchObject({ min: 3, max: 3 });
    const pairs = new Set(t.constrained.toRows().map((r) => `${r.country}/${r.city}`));
    expect(pairs.size).toBe(12);
    const keyed = conformanceTables({ kind: 'categorical', keyColumn: true });
    expect(keyed.mixed.columnNames).toEqual(['user_id', 'label', 'color', 'device']);
    expect(keyed.mixed.columnSchema('user_id').kind).toBe('id');
  });
});
