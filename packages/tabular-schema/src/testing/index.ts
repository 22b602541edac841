/**
 * The synthesizer conformance suite (issue 3). Usage, in packages/<pkg>/test/<name>.test.ts:
 *
 * ```ts
 * import { describeSynthesizerConformance } from '@synthctr/tabular-schema/testing';
 * import { Copula } from '../src/index.js';
 *
 * describeSynthesizerConformance('copula', {
 *   create: ({ seed, constraints }) => new Copula({ seed, constraints }),
 *   load: (saved) => Copula.load(saved),
 *   iterative: false,                        // fit runs no optimiser steps
 *   skip: { constraint: 'not wired yet (TODO #12)' },  // opt out with a reason
 * });
 * ```
 *
 * Each check is also exported as an async function that throws a ConformanceError saying
 * what was expected and what came (checkInterface, checkConditions, checkSeeds,
 * checkPersistence, checkSmallData, checkResources, checkConstraint).
 *
 * The constraint contract: the constraint check passes `constraints` (unfitted
 * FixedCombinations objects) to `create`; the synthesizer takes them as its constructor
 * option `constraints`, and in `fit` calls `ConstraintSet.fit(constraints, data)` and models
 * `set.merge(data)`; in `sample` it translates conditions with
 * `set.conditions(conditions, n, rng)` (this also rejects unknown columns and values, before
 * any draw) and returns `set.split(rows)`. It saves `set.toJSON()` and restores it with
 * `ConstraintSet.fromJSON`.
 *
 * Progress: the suite passes `onProgress` to `fit(data, { onProgress })` (and to `sample`),
 * as the Synthesizer interface defines; `create` never receives it.
 */

import { initBackend } from '@synthctr/runtime';
import { beforeAll, describe, it } from 'vitest';
import { checkConditions, checkInterface, checkPersistence, checkSeeds } from './checks.js';
import { checkConstraint, checkResources, checkSmallData } from './checks-data.js';
import { type ConformanceCheck, type ConformanceOptions, SMALL_DATA_CASES } from './options.js';

export {
  assertConforms,
  assertPlainSaved,
  assertProgress,
  ConformanceError,
  copySaved,
  firstDifference,
} from './assert.js';
export {
  checkConditions,
  checkInterface,
  checkPersistence,
  checkSeeds,
  watchMathRandom,
} from './checks.js';
export { checkConstraint, checkResources, checkSmallData } from './checks-data.js';
export { b17Table, FRAPPE_FIELD_NAMES } from './fixtures.js';
export {
  type ConformanceCheck,
  type ConformanceFactoryOptions,
  type ConformanceOptions,
  SMALL_DATA_CASES,
  type SmallDataCase,
} from './options.js';
export { describeReadmePrints, readmeBlocks, readmeRegion, stripImports } from './readme.js';
export {
  type ConformanceTableKind,
  type ConformanceTableOptions,
  type ConformanceTables,
  conformanceTables,
} from './tables.js';

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Registers the conformance checks as vitest tests, one named test per check (and one per
 * odd table of the small-data check), inside `describe('<name> conformance')`. A check in
 * `options.skip` is registered as skipped with its reason in the title.
 */
export function describeSynthesizerConformance(name: string, options: ConformanceOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const register = (check: ConformanceCheck, title: string, run: () => Promise<unknown>): void => {
    const reason = options.skip?.[check];
    if (reason) it.skip(`${title} (skipped: ${reason})`, () => {});
    else
      it(title, { timeout }, async () => {
        await run();
      });
  };
  describe(`${name} conformance`, () => {
    beforeAll(async () => {
      await initBackend();
    });
    register('interface', 'interface: fit then sample(n) gives n rows with the real schema', () =>
      checkInterface(options),
    );
    register(
      'conditions',
      'conditions: every label value, and unknown names rejected up front',
      () => checkConditions(options),
    );
    register('seeds', 'seeds: same seed same rows, the stream moves on, no Math.random', () =>
      checkSeeds(options),
    );
    register('persistence', 'persistence: save after sampling, load, the same rows come out', () =>
      checkPersistence(options),
    );
    for (const which of SMALL_DATA_CASES) {
      register('smallData', `small and odd data: ${which} table works or fails clearly`, () =>
        checkSmallData(options, which),
      );
    }
    register(
      'resources',
      'resources: no tensor leak, progress in order ending with a final event',
      () => checkResources(options),
    );
    register('constraint', 'constraint: fixed combinations never yield an unseen tuple', () =>
      checkConstraint(options),
    );
  });
}
