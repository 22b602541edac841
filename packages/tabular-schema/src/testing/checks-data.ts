import { initBackend, liveTensorCount, type ProgressEvent } from '@synthctr/runtime';
import { FixedCombinations } from '../constraints/fixed-combinations.js';
import type { Dataset } from '../dataset.js';
import type { Synthesizer } from '../synthesizer.js';
import type { CodedColumnSchema } from '../types.js';
import { assertConforms, assertDomainError, assertProgress, ensure, rejection } from './assert.js';
import { type ConformanceOptions, resolve, type SmallDataCase, using } from './options.js';

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
