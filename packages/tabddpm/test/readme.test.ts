import { initBackend } from '@synthctr/runtime';
import { datasetFromRows } from '@synthctr/tabular-schema';
import { expect, test } from 'vitest';
import { Tabddpm } from '../src/index.js';

// The README's usage example, verbatim apart from the assertions.
test('README example', async () => {
  await initBackend();
  const rows = Array.from({ length: 200 }, (_, i) => ({
    device: ['ios', 'android', 'web'][i % 3],
    visits: i % 7,
    click: i % 4 === 0 ? 1 : 0,
  }));
  const data = datasetFromRows(rows, { label: 'click', kinds: { visits: 'integer' } });

  const model = new Tabddpm({
    seed: 1,
    steps: 60,
    denoiserDims: [64, 64],
    numTimesteps: 20,
    batchSize: 128,
  });
  const report = await model.fit(data);
  expect(Number.isFinite(report.history.at(-1)?.loss)).toBe(true);

  const clicks = await model.sample(100, { conditions: { click: 1 } });
  expect(clicks.nRows).toBe(100);
  expect(clicks.toRows().every((r) => r.click === 1)).toBe(true);

  const again = Tabddpm.load(model.save());
  expect((await again.sample(10, { seed: 2 })).toRows()).toEqual(
    (await model.sample(10, { seed: 2 })).toRows(),
  );
  model.dispose();
  again.dispose();
});
