import { initBackend, liveTensorCount } from '@synthctr/runtime';
import type { Synthesizer } from '../synthesizer.js';
import { formatCategory, isCoded } from '../types.js';
import {
  assertConforms,
  assertDomainError,
  assertPlainSaved,
  copySaved,
  ensure,
  firstDifference,
  rejection,
} from './assert.js';
import { type ConformanceOptions, OTHER_SEED, resolve, using } from './options.js';

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
