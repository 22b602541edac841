import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BACKEND_ENV,
  backendInfo,
  findNativeBinding,
  initBackend,
  tf,
  wasmFixStatus,
} from '../src/index.js';

/**
 * The four wasm fixes (src/wasm-fixes.ts) checked against the cpu backend on small tensors,
 * and the backend choice itself. The cpu backend is the oracle: every fixed kernel must give
 * the same numbers on wasm.
 */

const requested = process.env[BACKEND_ENV] ?? 'wasm';
const onWasm = requested === 'wasm';
const warnings = vi.spyOn(console, 'warn');

beforeAll(async () => {
  await initBackend();
});

afterAll(() => {
  // The cpu backend's advice to install tfjs-node (on its first use) is silenced.
  expect(warnings.mock.calls.flat().join(' ')).not.toContain(
    'looks like you are running TensorFlow.js',
  );
  warnings.mockRestore();
});

/** Runs `fn` on the cpu backend and returns its plain result; the backend is switched back. */
async function onCpu<T>(fn: () => T): Promise<T> {
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    let out!: T;
    tf.tidy(() => {
      out = fn();
    });
    return out;
  } finally {
    await tf.setBackend(previous);
  }
}

function expectClose(actual: number[], expected: number[], tolerance = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(Math.abs(a - expected[i]), `element ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(
      tolerance * Math.max(1, Math.abs(expected[i])),
    );
  });
}

/** Deterministic, well-spread values (no RNG needed). */
function values(n: number, phase: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(100 * Math.sin(i * 1.7 + phase)) / 50);
}

describe('initBackend', () => {
  it('reports the backend it chose and honours SYNTHCTR_BACKEND', async () => {
    const info = await initBackend();
    expect(info.choice).toBe(requested);
    expect(info.tfName).toBe(requested);
    expect(tf.getBackend()).toBe(requested);
    expect(info.reason).toBe(`forced by ${BACKEND_ENV}=${requested}`);
    expect(info.gpu).toBe(false);
    expect(info.skipped).toEqual([]);
    expect(backendInfo()).toBe(info);
    expect(await initBackend({ force: 'cpu' })).toBe(info);
  });
});

describe('initBackend in a fresh module', () => {
  const saved = process.env[BACKEND_ENV];
  afterEach(async () => {
    if (saved === undefined) delete process.env[BACKEND_ENV];
    else process.env[BACKEND_ENV] = saved;
    await tf.setBackend(requested);
  });

  async function freshBackendModule(): Promise<typeof import('../src/backend.js')> {
    vi.resetModules();
    return import('../src/backend.js');
  }

  it('rejects a bad SYNTHCTR_BACKEND value with a message that lists the valid ones', async () => {
    process.env[BACKEND_ENV] = 'webgl2';
    const fresh = await freshBackendModule();
    const attempt = fresh.initBackend();
    await expect(attempt).rejects.toMatchObject({ name: 'RuntimeError' });
    await expect(attempt).rejects.toThrow(
      "initBackend: SYNTHCTR_BACKEND='webgl2' is not a backend; expected one of node-gpu, node, " +
        'wasm, cpu (or the aliases tensorflow, gpu). Set it to one of these, or unset it to use ' +
        'the best backend that loads.',
    );
    // A failed choice is not cached: a corrected environment works in the same process.
    process.env[BACKEND_ENV] = 'cpu';
    const info = await fresh.initBackend();
    expect(info.choice).toBe('cpu');
    expect(info.reason).toBe('forced by SYNTHCTR_BACKEND=cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('lets the force option win over the environment variable', async () => {
    process.env[BACKEND_ENV] = 'cpu';
    const fresh = await freshBackendModule();
    const info = await fresh.initBackend({ force: 'wasm' });
    expect(info).toMatchObject({
      choice: 'wasm',
      tfName: 'wasm',
      reason: 'forced by the force option',
    });
    expect(info.package).toBe('@tensorflow/tfjs-backend-wasm');
  });

  it.skipIf(findNativeBinding('@tensorflow/tfjs-node') !== null)(
    'explains a forced native backend whose binding is missing',
    async () => {
      process.env[BACKEND_ENV] = 'tensorflow';
      const fresh = await freshBackendModule();
      await expect(fresh.initBackend()).rejects.toThrow(
        "initBackend: the forced backend 'node' did not load: @tensorflow/tfjs-node is not " +
          'installed with its compiled binding. Unset SYNTHCTR_BACKEND or force one of node-gpu, ' +
          'node, wasm, cpu that is installed.',
      );
    },
  );

  it.skipIf(
    findNativeBinding('@tensorflow/tfjs-node-gpu') !== null ||
      findNativeBinding('@tensorflow/tfjs-node') !== null,
  )(
    'without a forced backend, skips the native ones that lack a binding and takes wasm',
    async () => {
      delete process.env[BACKEND_ENV];
      const fresh = await freshBackendModule();
      const info = await fresh.initBackend();
      expect(info.choice).toBe('wasm');
      expect(info.skipped.map((s) => s.choice)).toEqual(['node-gpu', 'node']);
      expect(info.skipped[0].why).toBe(
        '@tensorflow/tfjs-node-gpu is not installed with its compiled binding',
      );
      expect(info.reason).toBe('the first that loaded after node-gpu, node');
    },
  );
});

describe.skipIf(!onWasm)('the fixes in the kernel registry', () => {
  it('are all in place once the wasm backend has started', () => {
    expect(wasmFixStatus()).toEqual({
      transposedMatMul: true,
      segmentSum: true,
      cpuSegmentSum: true,
      comparisonGradients: true,
      bridged: [
        'Einsum',
        'Conv2DBackpropFilter',
        'DepthwiseConv2dNativeBackpropFilter',
        'DepthwiseConv2dNativeBackpropInput',
      ],
    });
  });

  it('are not applied twice when a second copy of the module starts the backend', async () => {
    const matMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    const segmentSum = tf.getKernel('UnsortedSegmentSum', 'cpu')!.kernelFunc;
    vi.resetModules();
    const fresh = await import('../src/wasm-fixes.js');
    fresh.applyWasmFixes();
    fresh.applyCpuFixes();
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).toBe(matMul);
    expect(tf.getKernel('UnsortedSegmentSum', 'cpu')!.kernelFunc).toBe(segmentSum);
  });
});

describe.skipIf(!onWasm)('wasm fix 1: transposed matMul and fused matMul', () => {
  const combos: [boolean, boolean][] = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  for (const [ta, tb] of combos) {
    it(`matMul with transposeA=${ta}, transposeB=${tb} matches cpu (batched and 2-D)`, async () => {
      const shapeA = ta ? [2, 5, 3] : [2, 3, 5];
      const shapeB = tb ? [2, 4, 5] : [2, 5, 4];
      const run = () => {
        const a = tf.tensor3d(values(30, 0.3), shapeA as [number, number, number]);
        const b = tf.tensor3d(values(40, 1.1), shapeB as [number, number, number]);
        const batched = Array.from(tf.matMul(a, b, ta, tb).dataSync());
        const flat = Array.from(
          tf
            .matMul(
              tf.slice(a, [0, 0, 0], [1, -1, -1]).squeeze([0]) as tf.Tensor2D,
              tf.slice(b, [0, 0, 0], [1, -1, -1]).squeeze([0]) as tf.Tensor2D,
              ta,
              tb,
            )
            .dataSync(),
        );
        return { batched, flat };
      };
      const before = tf.memory().numTensors;
      const wasm = tf.tidy(run);
      expect(tf.memory().numTensors).toBe(before);
      const cpu = await onCpu(run);
      expectClose(wasm.batched, cpu.batched);
      expectClose(wasm.flat, cpu.flat);
      expect(wasm.batched).toHaveLength(2 * 3 * 4);
    });

    it(`fused matMul (bias, relu) with transposeA=${ta}, transposeB=${tb} matches cpu`, async () => {
      const run = () => {
        const a = tf.tensor2d(values(15, 0.7), ta ? [5, 3] : [3, 5]);
        const b = tf.tensor2d(values(20, 2.3), tb ? [4, 5] : [5, 4]);
        const bias = tf.tensor1d([0.5, -0.25, 1, -1]);
        const out = tf.fused.matMul({
          a,
          b,
          transposeA: ta,
          transposeB: tb,
          bias,
          activation: 'relu',
        });
        return Array.from(out.dataSync());
      };
      const wasm = tf.tidy(run);
      const cpu = await onCpu(run);
      expectClose(wasm, cpu);
      expect(wasm.every((v) => v >= 0)).toBe(true);
    });
  }

  it('gives the same matMul gradients as cpu (the backward pass uses both transposed forms)', async () => {
    const run = () => {
      const x = tf.tensor2d(values(12, 0.1), [4, 3]);
      const w = tf.tensor2d(values(6, 0.9), [3, 2]);
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D))),
      )([x, w]);
      return [...gx.dataSync(), ...gw.dataSync()];
    };
    expectClose(tf.tidy(run), await onCpu(run));
  });
});

describe.skipIf(!onWasm)('wasm fix 2: UnsortedSegmentSum, the gradient of gather', () => {
  it('sums segments in one pass, as hand-computed', () => {
    const out = tf.tidy(() =>
      Array.from(
        tf
          .unsortedSegmentSum(
            tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]),
            tf.tensor1d([2, 0, 2, 1], 'int32'),
            4,
          )
          .dataSync(),
      ),
    );
    expect(out).toEqual([3, 4, 7, 8, 6, 8, 0, 0]);
  });

  it('gives the embedding-table gradient for repeated ids, equal to cpu and to the hand count', async () => {
    const ids = [0, 2, 2, 4, 0, 0];
    const weights = values(6 * 3, 0.5);
    const run = () => {
      const table = tf.tensor2d(values(5 * 3, 1.3), [5, 3]);
      const w = tf.tensor2d(weights, [6, 3]);
      const idx = tf.tensor1d(ids, 'int32');
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, idx), w)))(table);
      return Array.from(g.dataSync());
    };
    const expected = new Array(15).fill(0);
    ids.forEach((id, i) => {
      for (let j = 0; j < 3; j++) expected[id * 3 + j] += weights[i * 3 + j];
    });
    const before = tf.memory().numTensors;
    const wasm = tf.tidy(run);
    expect(tf.memory().numTensors).toBe(before);
    expectClose(wasm, expected, 1e-6);
    expectClose(await onCpu(run), expected, 1e-6);
  });

  it('handles a batch of index rows [2, 3] (a CTR model lookup) like cpu', async () => {
    const run = () => {
      const table = tf.tensor2d(values(7 * 2, 0.2), [7, 2]);
      const idx = tf.tensor2d([1, 6, 1, 0, 3, 6], [2, 3], 'int32');
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, idx))))(table);
      return Array.from(g.dataSync());
    };
    expectClose(tf.tidy(run), await onCpu(run), 1e-6);
  });
});

/** D(x) = sum(leakyRelu(x W1, 0.2) W2); penalty = sum_i (||dD/dx_i|| - 1)^2, in float64. */
function penaltyInJs(x: number[][], w1: number[][], w2: number[]): number {
  let total = 0;
  for (const row of x) {
    const hidden = w2.length;
    const slope = Array.from({ length: hidden }, (_, j) => {
      const pre = row.reduce((s, v, k) => s + v * w1[k][j], 0);
      return pre > 0 ? 1 : 0.2;
    });
    let sq = 0;
    for (let k = 0; k < row.length; k++) {
      let g = 0;
      for (let j = 0; j < hidden; j++) g += w1[k][j] * slope[j] * w2[j];
      sq += g * g;
    }
    total += (Math.sqrt(sq) - 1) ** 2;
  }
  return total;
}

describe('wasm fix 3: second-order gradients through leakyRelu', () => {
  const x = [
    [1.0, -0.5],
    [0.3, 0.8],
    [-1.2, 0.4],
  ];
  const w1 = [
    [0.9, -0.7, 0.4],
    [0.2, 0.6, -1.1],
  ];
  const w2 = [1.5, -0.8, 0.6];

  function gradientPenaltyGrads(): number[] {
    return tf.tidy(() => {
      const xs = tf.tensor2d(x);
      const v1 = tf.variable(tf.tensor2d(w1));
      const v2 = tf.variable(tf.tensor2d(w2, [3, 1]));
      const critic = (input: tf.Tensor) =>
        tf.matMul(tf.leakyRelu(tf.matMul(input as tf.Tensor2D, v1), 0.2), v2);
      const { grads } = tf.variableGrads(() => {
        const gx = tf.grad((input: tf.Tensor) => tf.sum(critic(input)))(xs);
        const norms = tf.sqrt(tf.sum(tf.square(gx), 1));
        return tf.sum(tf.square(tf.sub(norms, 1))) as tf.Scalar;
      }, [v1, v2]);
      const out = [...grads[v1.name].dataSync(), ...grads[v2.name].dataSync()];
      v1.dispose();
      v2.dispose();
      return out;
    });
  }

  function finiteDifferences(): number[] {
    const eps = 1e-6;
    const out: number[] = [];
    for (let k = 0; k < 2; k++) {
      for (let j = 0; j < 3; j++) {
        const plus = w1.map((r) => [...r]);
        const minus = w1.map((r) => [...r]);
        plus[k][j] += eps;
        minus[k][j] -= eps;
        out.push((penaltyInJs(x, plus, w2) - penaltyInJs(x, minus, w2)) / (2 * eps));
      }
    }
    for (let j = 0; j < 3; j++) {
      const plus = [...w2];
      const minus = [...w2];
      plus[j] += eps;
      minus[j] -= eps;
      out.push((penaltyInJs(x, w1, plus) - penaltyInJs(x, w1, minus)) / (2 * eps));
    }
    return out;
  }

  it('matches finite differences on the chosen backend and on cpu (WGAN-GP penalty)', async () => {
    const expected = finiteDifferences();
    expect(expected.some((g) => Math.abs(g) > 0.1)).toBe(true);
    const before = tf.memory().numTensors;
    const here = gradientPenaltyGrads();
    expect(tf.memory().numTensors).toBe(before);
    expectClose(here, expected, 1e-3);
    expectClose(await onCpu(gradientPenaltyGrads), expected, 1e-3);
  });
});

describe.skipIf(!onWasm)('wasm fix 4: kernels bridged to cpu', () => {
  it('runs Einsum on wasm with cpu numbers, leaving no data behind on cpu', async () => {
    const cpuBackend = tf.findBackend('cpu') as unknown as { numDataIds(): number };
    const run = () => {
      const a = tf.tensor2d(values(6, 0.4), [2, 3]);
      const b = tf.tensor2d(values(12, 1.9), [3, 4]);
      const batchA = tf.tensor3d(values(12, 0.8), [2, 2, 3]);
      return {
        product: Array.from(tf.einsum('ij,jk->ik', a, b).dataSync()),
        reference: Array.from(tf.matMul(a, b).dataSync()),
        rowDots: Array.from(tf.einsum('bij,bij->bi', batchA, batchA).dataSync()),
      };
    };
    const cpuIdsBefore = cpuBackend.numDataIds();
    const before = tf.memory().numTensors;
    const wasm = tf.tidy(run);
    expect(tf.memory().numTensors).toBe(before);
    expect(cpuBackend.numDataIds()).toBe(cpuIdsBefore);
    expectClose(wasm.product, wasm.reference);
    const cpu = await onCpu(run);
    expectClose(wasm.product, cpu.product);
    expectClose(wasm.rowDots, cpu.rowDots);
    const a = values(12, 0.8);
    expectClose(wasm.rowDots.slice(0, 1), [a[0] ** 2 + a[1] ** 2 + a[2] ** 2]);
  });

  it('computes the conv2d filter gradient (Conv2DBackpropFilter) like cpu', async () => {
    const run = () => {
      const input = tf.tensor4d(values(1 * 5 * 5 * 2, 0.6), [1, 5, 5, 2]);
      const filter = tf.tensor4d(values(3 * 3 * 2 * 3, 1.4), [3, 3, 2, 3]);
      const g = tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(input, f as tf.Tensor4D, 1, 'valid')))(
        filter,
      );
      return Array.from(g.dataSync());
    };
    expectClose(tf.tidy(run), await onCpu(run));
  });
});
