import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  initBackend,
  liveTensorCount,
  type Notice,
  type ProgressEvent,
  tf,
} from '@synthctr/runtime';
import { datasetFromRows } from '@synthctr/tabular-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { GaussianCopula } from '../src/index.js';
import { knownCopulaData } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(async () => {
  await initBackend();
});

describe('resources, progress and notices', () => {
  it('keeps tf.memory().numTensors unchanged over fit, sample and conditional sample', async () => {
    const before = tf.memory().numTensors;
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(knownCopulaData(500, 1));
    await model.sample(200);
    await model.sample(200, { conditions: { label: 1, x0: 11 } });
    expect(tf.memory().numTensors).toBe(before);
    expect(liveTensorCount()).toBe(before);
  });

  it('does not grow the heap over 200 repeated conditional samples (within 8 MB)', async () => {
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(knownCopulaData(2000, 4));
    const draw = async (i: number): Promise<void> => {
      await model.sample(500, { conditions: { label: i % 2, x1: 0.2 + (i % 7) * 0.05 } });
    };
    for (let i = 0; i < 20; i++) await draw(i);
    gc();
    const start = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200; i++) await draw(i);
    gc();
    const grown = process.memoryUsage().heapUsed - start;
    expect(grown).toBeLessThan(8 * 1024 * 1024);
  });

  it('reports fit progress per column plus the correlation, then a final event', async () => {
    const events: ProgressEvent[] = [];
    const model = new GaussianCopula({ seed: 1 });
    await model.fit(knownCopulaData(300, 1), { onProgress: (e) => events.push({ ...e }) });
    expect(events.map((e) => [e.phase, e.step, e.total, e.done])).toEqual([
      ['fit', 1, 4, false],
      ['fit', 2, 4, false],
      ['fit', 3, 4, false],
      ['fit', 4, 4, false],
      ['fit', 4, 4, true],
    ]);
  });

  it('raises a marginal-fallback notice when the Beta fit is rejected', async () => {
    const notices: Notice[] = [];
    const data = datasetFromRows(
      Array.from({ length: 60 }, (_, i) => ({ tiny: 1 + (i % 5) * 1e-9, k: ['a', 'b'][i % 2] })),
    );
    const model = new GaussianCopula({ seed: 1 });
    const report = await model.fit(data, { onNotice: (n) => notices.push(n) });
    expect(notices).toEqual(report.notices);
    expect(notices).toHaveLength(1);
    expect(notices[0].code).toBe('marginal-fallback');
    expect(notices[0].column).toBe('tiny');
    expect(notices[0].message).toMatch(
      /^Column 'tiny': the Beta fit converged to a near-zero range \(scale .+\); it was given a Gaussian marginal instead\.$/,
    );
    expect(model.learnedDistributions().tiny.parameters.kind).toBe('norm');
    expect(report.history).toEqual([{ columns: 2, fallbacks: 1, repaired: 0 }]);
  });
});
