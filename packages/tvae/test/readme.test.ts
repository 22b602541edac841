import { initBackend } from '@synthctr/runtime';
import { datasetFromRows } from '@synthctr/tabular-schema';
import { expect, it } from 'vitest';
import { Tvae } from '../src/index.js';

it('the README example runs as written', async () => {
  await initBackend();
  const data = datasetFromRows(
    Array.from({ length: 200 }, (_, i) => ({
      city: ['a', 'b', 'c'][i % 3],
      spend: (i % 17) + 0.5,
      label: i % 2,
    })),
    { label: 'label' },
  );
  const tvae = new Tvae({ seed: 42, epochs: 20, batchSize: 64 });
  const done: number[] = [];
  const report = await tvae.fit(data, { onProgress: (e) => e.done && done.push(e.step) });
  expect(report.epochs).toBe(20);
  expect(done).toEqual([20]);
  const positives = await tvae.sample(100, { conditions: { label: 1 } });
  expect(positives.nRows).toBe(100);
  expect(positives.toRows().every((r) => r.label === 1)).toBe(true);
  const again = Tvae.load(tvae.save());
  expect((await again.sample(10, { seed: 3 })).toRows()).toEqual(
    (await tvae.sample(10, { seed: 3 })).toRows(),
  );
  tvae.dispose();
  again.dispose();
});
