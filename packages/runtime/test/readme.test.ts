import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_ENV, initBackend, Rng, tf, wasmFixStatus } from '../src/index.js';

/** The first ```ts block of the README, and the region of this file between the markers. */
function readmeBlock(): string {
  const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
  return /```ts\n([\s\S]*?)```/.exec(readme)![1].trim();
}

function exampleHere(): string {
  const source = readFileSync(import.meta.filename, 'utf8');
  const body = source.split('// README:start\n')[1].split('    // README:end')[0];
  return body
    .split('\n')
    .map((line) => line.replace(/^ {4}/, ''))
    .join('\n')
    .trim();
}

describe('the README example', () => {
  it('is the code below, which runs and gives the values its comments state', async () => {
    expect(exampleHere()).toBe(
      readmeBlock().replace(
        "import { initBackend, Rng, tf, wasmFixStatus } from '@synthctr/runtime';\n\n",
        '',
      ),
    );
    // README:start
    const info = await initBackend();
    // info.choice: 'wasm' under the tests (SYNTHCTR_BACKEND=wasm), 'node-gpu' where the CUDA
    // binding is built; info.reason says why, info.skipped what did not load.

    // An embedding lookup and its gradient: fix 2 (UnsortedSegmentSum) makes this work on wasm.
    const rng = new Rng(42);
    const table = tf.tensor2d(rng.fillNormal(new Float32Array(4 * 2)), [4, 2]);
    const ids = tf.tensor1d([0, 2, 2], 'int32');
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, ids)))(table);
    const rows = grad.arraySync();
    // rows: [[1, 1], [0, 0], [2, 2], [0, 0]] (row 2 was looked up twice)
    tf.dispose([table, ids, grad]);

    const status = wasmFixStatus();
    // on wasm: { transposedMatMul: true, segmentSum: true, cpuSegmentSum: true,
    //            comparisonGradients: true, bridged: ['Einsum', 'Conv2DBackpropFilter', ...] }
    // README:end
    expect(info.choice).toBe(process.env[BACKEND_ENV] ?? 'wasm');
    expect(rows).toEqual([
      [1, 1],
      [0, 0],
      [2, 2],
      [0, 0],
    ]);
    if (info.choice === 'wasm') {
      expect(status).toMatchObject({
        transposedMatMul: true,
        segmentSum: true,
        comparisonGradients: true,
      });
      expect(status.bridged.slice(0, 2)).toEqual(['Einsum', 'Conv2DBackpropFilter']);
    }
  });
});
