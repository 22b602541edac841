import { initBackend, liveTensorCount, type ProgressEvent } from '@synthctr/runtime';
import type { Constraint } from '../constraints/constraint-set.js';
import { FixedCombinations } from '../constraints/fixed-combinations.js';
import type { Dataset } from '../dataset.js';
import type { SavedModel, Synthesizer } from '../synthesizer.js';
import { type CodedColumnSchema, formatCategory, isCoded } from '../types.js';
import {
  assertConforms,
  assertDomainError,
  assertPlainSaved,
  assertProgress,
  copySaved,
  ensure,
  firstDifference,
  rejection,
} from './assert.js';
import { type ConformanceTableKind, type ConformanceTables, conformanceTables } from './tables.js';

/** What the suite passes to the factory. */
export interface ConformanceFactoryOptions {
  /** The synthesizer's seed (its constructor's `seed`). */
  seed: number;
  /**
   * Unfitted constraints the synthesizer must honour; given only by the constraint check.
   * Contract: the synthesizer takes them in its constructor options as `constraints`, calls
   * `ConstraintSet.fit(constraints, data)` in `fit`, models `set.merge(data)`, translates
   * conditions with `set.conditions(...)` and returns `set.split(rows)` from `sample`.
   */
  constraints?: readonly Constraint[];
}

/** The checks the suite runs; each can be skipped with a reason. */
export type ConformanceCheck =
  | 'interface'
  | 'conditions'
  | 'seeds'
  | 'persistence'
  | 'smallData'
  | 'resources'
  | 'constraint';

/** The odd tables of the small-data check. */
export type SmallDataCase = 'tiny' | 'constant' | 'once' | 'missing';

/** The odd tables of the small-data check, in order. */
export const SMALL_DATA_CASES: readonly SmallDataCase[] = ['tiny', 'constant', 'once', 'missing'];

/** Options of the conformance checks and of `describeSynthesizerConformance`. */
export interface ConformanceOptions {
  /** A fresh, unfitted synthesizer (keep its budget small: a few epochs, small networks). */
  create: (options: ConformanceFactoryOptions) => Synthesizer;
  /** The synthesizer's static `load`. */
  load: (saved: SavedModel) => Synthesizer | Promise<Synthesizer>;
  /** Rows drawn per sample call. @default 40 */
  sampleRows?: number;
  /** The seed given to `create`. @default 7 */
  seed?: number;
  /** `mixed` tables (categorical, integer, float) or `categorical` only (for SMOTEN-like methods). @default 'mixed' */
  tables?: ConformanceTableKind;
  /** Add a numeric key column (kind `id`) to the tables; its keys must come out distinct. @default false */
  keyColumn?: boolean;
  /** The synthesizer's default output clips to the learned bounds and rounds to the learned digits. @default true */
  bounds?: boolean;
  /** `fit` runs optimiser steps, so a fit with 0 steps and no notice is a failure. @default true */
  iterative?: boolean;
  /** Checks to skip, each with the reason shown in the test title. @default none */
  skip?: Partial<Record<ConformanceCheck, string>>;
  /** Per-test timeout in milliseconds. @default 60000 */
  timeoutMs?: number;
}

interface Resolved {
  create: (options: ConformanceFactoryOptions) => Synthesizer;
  load: (saved: SavedModel) => Synthesizer | Promise<Synthesizer>;
  n: number;
  seed: number;
  bounds: boolean;
  iterative: boolean;
  tables: ConformanceTables;
}

const DEFAULT_SAMPLE_ROWS = 40;
const DEFAULT_SEED = 7;
const OTHER_SEED = 4242;
const tableCache = new Map<string, ConformanceTables>();

function resolve(options: ConformanceOptions): Resolved {
  const kind = options.tables ?? 'mixed';
  const keyColumn = options.keyColumn ?? false;
  const cacheKey = `${kind}:${keyColumn}`;
  let tables = tableCache.get(cacheKey);
  if (!tables) {
    tables = conformanceTables({ kind, keyColumn });
    tableCache.set(cacheKey, tables);
  }
  return {
    create: options.create,
    load: options.load,
    n: options.sampleRows ?? DEFAULT_SAMPLE_ROWS,
    seed: options.seed ?? DEFAULT_SEED,
    bounds: options.bounds ?? true,
    iterative: options.iterative ?? true,
    tables,
  };
}

async function using<T>(models: Synthesizer[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    for (const m of models) m.dispose();
  }
}

/** Interface: fit then sample(n) gives exactly n rows with the real schema, valid values and bounds. */
export async function checkInterface(options: ConformanceOptions): Promise<void> {
  await initBackend();
  const r = resolve(options);
  const data = r.tables.mixed;
  const model = r.create({ seed: r.seed });
  await using([model], async () => {
    ensure(!model.fitted, () => `interface: a fresh '${model.name}' must report fitted = false.`);
    const before = await rejection(() => model.sample(r.n));
    assertDomainError('interface: sample() before fit()', before, 'fit');
    await model.fit(data);
    ensure(
      model.fitted,
      () => `interface: after fit(), '${model.name}' must report fitted = true.`,
    );
    assertConforms(`interface: sample(${r.n})`, await model.sample(r.n), data.schema, r.n, r);
    assertConforms('interface: sample(1)', await model.sample(1), data.schema, 1, r);
  });
}

/** Conditions: every label value gives n rows with that label; unknown names fail before any work. */
export async function checkConditions(options: ConformanceOptions): Promise<void> {
  await initBackend();
  const r = resolve(options);
  const data = r.tables.mixed;
  const label = data.label!;
  const a = r.create({ seed: r.seed });
  const b = r.create({ seed: r.seed });
  await using([a, b], async () => {
    await a.fit(data);
    await b.fit(data);
    const col = data.columnSchema(label);
    for (const value of isCoded(col) ? col.categories : []) {
      const out = await a.sample(r.n, { conditions: { [label]: value } });
      const what = `conditions: sample(${r.n}, { conditions: { ${label}: ${formatCategory(value)} } })`;
      assertConforms(what, out, data.schema, r.n, r);
      const wrong = out.toRows().findIndex((row) => row[label] !== value);
      ensure(
        wrong < 0,
        () => `${what}: row ${wrong} has ${label} = ${formatCategory(out.value(wrong, label))}.`,
      );
      await b.sample(r.n, { conditions: { [label]: value } });
    }
    const tensors = liveTensorCount();
    const unknownColumn = await rejection(() =>
      a.sample(r.n, { conditions: { no_such_column: 1 } }),
    );
    assertDomainError(
      'conditions: a condition on an unknown column',
      unknownColumn,
      'no_such_column',
    );
    const unknownValue = await rejection(() =>
      a.sample(r.n, { conditions: { [label]: 'never-seen-value' } }),
    );
    assertDomainError(
      'conditions: a condition on an unknown label value',
      unknownValue,
      'never-seen-value',
    );
    ensure(
      liveTensorCount() === tensors,
      () => `conditions: the rejected calls left ${liveTensorCount() - tensors} tensors behind.`,
    );
    const diff = firstDifference(await a.sample(r.n), await b.sample(r.n));
    ensure(
      diff === null,
      () =>
        `conditions: a rejected call moved the random stream (a twin that made no bad call differs at ${diff}); check conditions before any work.`,
    );
  });
}

/** Seeds: same seed same rows; a second call moves on; another seed differs; no Math.random. */
export async function checkSeeds(options: ConformanceOptions): Promise<void> {
  await initBackend();
  const r = resolve(options);
  const data = r.tables.mixed;
  const a = r.create({ seed: r.seed });
  const b = r.create({ seed: r.seed });
  const c = r.create({ seed: OTHER_SEED });
  await using([a, b, c], async () => {
    const calls = await watchMathRandom(async () => {
      for (const m of [a, b, c]) await m.fit(data);
      const [a1, b1, c1] = [await a.sample(r.n), await b.sample(r.n), await c.sample(r.n)];
      const same = firstDifference(a1, b1);
      ensure(
        same === null,
        () => `seeds: two fresh fits with seed ${r.seed} sampled different rows (${same}).`,
      );
      ensure(
        firstDifference(a1, c1) !== null,
        () =>
          `seeds: seeds ${r.seed} and ${OTHER_SEED} sampled identical rows; the seed is ignored.`,
      );
      const a2 = await a.sample(r.n);
      ensure(
        firstDifference(a1, a2) !== null,
        () =>
          `seeds: a second sample(${r.n}) returned the same rows as the first; the stream must move on.`,
      );
      const s1 = await a.sample(r.n, { seed: 99 });
      const s2 = await a.sample(r.n, { seed: 99 });
      const s3 = await b.sample(r.n, { seed: 99 });
      const seeded = firstDifference(s1, s2) ?? firstDifference(s1, s3);
      ensure(
        seeded === null,
        () => `seeds: sample(${r.n}, { seed: 99 }) is not reproducible (${seeded}).`,
      );
      await b.sample(r.n);
      const [a3, b3] = [await a.sample(r.n), await b.sample(r.n)];
      const moved = firstDifference(a3, b3);
      ensure(
        moved === null,
        () =>
          `seeds: a sample call with its own seed moved the model's stream (${moved}); a seeded call must leave it as it was.`,
      );
    });
    ensure(
      calls.length === 0,
      () =>
        `seeds: Math.random was called ${calls.length} times (use Rng; tfjs random ops need a seed from rng.seed()). First call:\n${calls[0]}`,
    );
  });
}

const IGNORED_CALLERS = /[\\/](vitest|@vitest|birpc|tinypool|tinyspy|vite-node)[\\/]/;

/** Runs `work` while counting Math.random calls that do not come from the test runner itself. */
export async function watchMathRandom(work: () => Promise<void>): Promise<string[]> {
  const original = Math.random;
  const calls: string[] = [];
  Math.random = function watchedRandom(): number {
    const frames = (new Error().stack ?? '').split('\n').slice(2);
    if (!IGNORED_CALLERS.test(frames[0] ?? '')) calls.push(frames.slice(0, 6).join('\n'));
    return original();
  };
  try {
    await work();
  } finally {
    Math.random = original;
  }
  return calls;
}

/** Persistence: save after sampling, load (through JSON), and the same rows come out. */
export async function checkPersistence(options: ConformanceOptions): Promise<void> {
  await initBackend();
  const r = resolve(options);
  const data = r.tables.mixed;
  const model = r.create({ seed: r.seed });
  const loaded: Synthesizer[] = [];
  await using([model], () =>
    using(loaded, async () => {
      await model.fit(data);
      await model.sample(r.n);
      const saved = model.save();
      assertPlainSaved('persistence: save()', saved);
      const copy = await r.load(copySaved(saved));
      loaded.push(copy);
      ensure(copy.fitted, () => `persistence: a loaded '${model.name}' must report fitted = true.`);
      const next = firstDifference(await model.sample(r.n), await copy.sample(r.n));
      ensure(
        next === null,
        () =>
          `persistence: the loaded model's next sample differs from the original's (${next}); save the random stream too.`,
      );
      const seeded = firstDifference(
        await model.sample(r.n, { seed: 5 }),
        await copy.sample(r.n, { seed: 5 }),
      );
      ensure(
        seeded === null,
        () => `persistence: sample(${r.n}, { seed: 5 }) differs after load (${seeded}).`,
      );
      assertConforms('persistence: a loaded model', await copy.sample(r.n), data.schema, r.n, r);
    }),
  );
}

/** Small and odd data: the named table either fits and samples cleanly or fails with a domain error. */
export async function checkSmallData(
  options: ConformanceOptions,
  which: SmallDataCase,
): Promise<string> {
  await initBackend();
  const r = resolve(options);
  const data = r.tables[which];
  const model = r.create({ seed: r.seed });
  return using([model], async () => {
    const what = `small data (${which}, ${data.nRows} rows)`;
    let report: Awaited<ReturnType<Synthesizer['fit']>>;
    try {
      report = await model.fit(data);
    } catch (error) {
      assertDomainError(`${what}: fit()`, error, '');
      return `fails clearly: ${(error as Error).message}`;
    }
    for (const [k, entry] of report.history.entries()) {
      for (const [name, v] of Object.entries(entry)) {
        ensure(Number.isFinite(v), () => `${what}: fit history entry ${k} has ${name} = ${v}.`);
      }
    }
    const silent = r.iterative && report.steps === 0 && report.notices.length === 0;
    ensure(
      !silent,
      () =>
        `${what}: fit() ran 0 optimiser steps without a notice; shrink the batch or fail with a clear error.`,
    );
    let out: Dataset;
    try {
      out = await model.sample(r.n);
    } catch (error) {
      assertDomainError(`${what}: sample()`, error, '');
      return `fails clearly at sample: ${(error as Error).message}`;
    }
    assertConforms(`${what}: sample(${r.n})`, out, data.schema, r.n, r);
    return 'works';
  });
}

/** Resources: no tensor leaks over fit, sample and dispose; progress events in order, ending final. */
export async function checkResources(options: ConformanceOptions): Promise<void> {
  await initBackend();
  const r = resolve(options);
  const data = r.tables.mixed;
  const start = liveTensorCount();
  const model = r.create({ seed: r.seed });
  let disposed = false;
  try {
    const events: ProgressEvent[] = [];
    await model.fit(data, { onProgress: (e) => events.push({ ...e }) });
    assertProgress('resources: fit progress', events);
    const held = liveTensorCount();
    const sampled: ProgressEvent[] = [];
    await model.sample(r.n, { onProgress: (e) => sampled.push({ ...e }) });
    ensure(
      liveTensorCount() === held,
      () =>
        `resources: sample(${r.n}) changed the live tensor count from ${held} to ${liveTensorCount()}; wrap every step in tf.tidy or dispose.`,
    );
    if (sampled.length > 0) assertProgress('resources: sample progress', sampled);
    const labelValue = (data.columnSchema(data.label!) as CodedColumnSchema).categories[0];
    await model.sample(r.n, { conditions: { [data.label!]: labelValue } });
    ensure(
      liveTensorCount() === held,
      () =>
        `resources: a conditional sample changed the live tensor count from ${held} to ${liveTensorCount()}.`,
    );
    model.dispose();
    disposed = true;
    const end = liveTensorCount();
    ensure(
      end === start,
      () =>
        `resources: after fit, sample and dispose, ${end - start} tensors are still alive (${start} before, ${end} after); fit leaks or dispose frees too little.`,
    );
  } finally {
    if (!disposed) model.dispose();
  }
}

/** Constraint: with FixedCombinations on (country, city) no sampled row has an unseen tuple. */
export async function checkConstraint(options: ConformanceOptions): Promise<void> {
  await initBackend();
  const r = resolve(options);
  const data = r.tables.constrained;
  const declared = new FixedCombinations({ columns: ['country', 'city'] });
  const fitted = declared.fit(data);
  const model = r.create({ seed: r.seed, constraints: [declared] });
  await using([model], async () => {
    await model.fit(data);
    const rows = 3 * r.n;
    const out = await model.sample(rows);
    assertConforms(`constraint: sample(${rows})`, out, data.schema, rows, r);
    const bad = fitted.countInvalid(out);
    ensure(
      bad === 0,
      () =>
        `constraint: ${bad} of ${rows} sampled rows have a (country, city) pair never seen in the real data.`,
    );
    const label = data.label!;
    const positive = await model.sample(r.n, { conditions: { [label]: 1 } });
    const off = positive.toRows().filter((row) => row[label] !== 1).length;
    ensure(
      off === 0 && fitted.countInvalid(positive) === 0,
      () =>
        `constraint: with the label condition, ${off} rows lost the label or broke the constraint (${fitted.countInvalid(positive)} unseen pairs).`,
    );
    const partial = await rejection(async () => {
      const fr = await model.sample(r.n, { conditions: { country: 'FR' } });
      const wrong = fr.toRows().filter((row) => row.country !== 'FR').length;
      ensure(
        wrong === 0 && fitted.countInvalid(fr) === 0,
        () =>
          `constraint: sample with { country: 'FR' } gave ${wrong} other countries or unseen pairs.`,
      );
    });
    if (partial !== null && !(partial instanceof Error && partial.name === 'ConformanceError')) {
      assertDomainError('constraint: a condition on a constrained column', partial, 'country');
    } else if (partial !== null) throw partial;
  });
}
