import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { buildKdTree } from '../src/kdtree.js';
import type { Space } from '../src/metric.js';
import { KnnPool, startWorker } from '../src/pool.js';
import { groupRows, searchInThread } from '../src/search.js';

const DIMS = 3;

function problem() {
  const space: Space = {
    dims: DIMS,
    nominal: new Uint8Array(DIMS),
    weight: new Float64Array(DIMS),
    blockStart: Int32Array.from([0, 1, 2, 3]),
    blockScale: Float64Array.from([1, 2, 1]),
    p: 1,
    r: 2,
  };
  const n = 2000;
  const coords = Float64Array.from({ length: n * DIMS }, (_, i) => ((i * 7919) % 101) / 100);
  const g = groupRows(coords, DIMS, n);
  const tree = buildKdTree(space, g.coords, g.memberStart, g.members, 16);
  const chunks: [number, number][] = [];
  for (let from = 0; from < g.nPoints; from += 256)
    chunks.push([from, Math.min(g.nPoints, from + 256)]);
  return { tree, chunks, k: 4 };
}

/** Runs a search and returns the lists by leaf position. */
async function collect(
  search: (
    store: (from: number, to: number, r: Int32Array, d: Float64Array) => void,
  ) => Promise<void> | void,
) {
  const out = new Map<number, number[]>();
  await search((from, to, r) => {
    for (let i = from; i < to; i++)
      out.set(i, Array.from(r.subarray((i - from) * 4, (i - from + 1) * 4)));
  });
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

// A worker that is ready, then dies on its first search.
const crashing = () =>
  new Worker(
    "const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ type: 'ready' }); " +
      "parentPort.on('message', (m) => { if (m.type === 'search') throw new Error('crashed on purpose'); });",
    { eval: true },
  );

describe('KnnPool', () => {
  const { tree, chunks, k } = problem();
  const expected = collect((store) => {
    for (const [from, to] of chunks) searchInThread(tree, k, from, to, store);
  });

  it('gives the in-thread answer from real workers', async () => {
    const failures: string[] = [];
    const pool = new KnnPool(2, (r) => failures.push(r), startWorker);
    const got = await collect((store) => pool.search(tree, k, chunks, store));
    await pool.close();
    expect(got).toEqual(await expected);
    expect(failures).toEqual([]);
  });

  it('finishes in this thread and says why when no worker can start', async () => {
    const failures: string[] = [];
    const broken = () => new Worker("throw new Error('cannot start');", { eval: true });
    const pool = new KnnPool(2, (r) => failures.push(r), broken);
    const got = await collect((store) => pool.search(tree, k, chunks, store));
    await pool.close();
    expect(got).toEqual(await expected);
    expect(failures).toEqual(['cannot start']);
  });

  it('hands the chunk of a crashed worker to the others, or to this thread', async () => {
    const failures: string[] = [];
    let started = 0;
    const mixed = () => (started++ === 0 ? crashing() : startWorker());
    const pool = new KnnPool(2, (r) => failures.push(r), mixed);
    const got = await collect((store) => pool.search(tree, k, chunks, store));
    await pool.close();
    expect(got).toEqual(await expected);
    expect(failures).toEqual(['crashed on purpose']);
    const alone = new KnnPool(1, () => undefined, crashing);
    expect(await collect((store) => alone.search(tree, k, chunks, store))).toEqual(await expected);
    await alone.close();
  });
});
