import { initBackend, Rng } from '@synthctr/runtime';
import type { TransformSpan } from '@synthctr/tabular-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateForSampling, drawGumbel, gumbelNoise } from '../src/activation.js';

beforeAll(async () => {
  await initBackend();
});

const spans: TransformSpan[] = [
  { column: 'x', kind: 'alpha', start: 0, width: 1, activation: 'tanh' },
  { column: 'c', kind: 'category', start: 1, width: 3, activation: 'softmax' },
];

describe('sampling activation', () => {
  it('draws each category with its softmax probability (Gumbel-max) and squashes alpha with tanh', () => {
    const rows = 20000;
    const logits = [Math.log(0.6), Math.log(0.3), Math.log(0.1)];
    const out = new Float32Array(rows * 4);
    for (let i = 0; i < rows; i++) out.set([0.5, ...logits], i * 4);
    const u = drawGumbel(spans, rows, 4, new Rng(1));
    const noise = gumbelNoise(u, rows);
    const y = activateForSampling(out, spans, noise.dataSync() as Float32Array, rows);
    noise.dispose();
    const counts = [0, 0, 0];
    for (let i = 0; i < rows; i++) {
      const row = Array.from(y.subarray(i * 4 + 1, i * 4 + 4));
      counts[row.indexOf(Math.max(...row))] += 1;
      expect(y[i * 4]).toBeCloseTo(Math.tanh(0.5), 6);
    }
    expect(counts[0] / rows).toBeCloseTo(0.6, 1);
    expect(counts[1] / rows).toBeCloseTo(0.3, 1);
    expect(counts[2] / rows).toBeCloseTo(0.1, 1);
    expect(Math.abs(counts[2] / rows - 0.1)).toBeLessThan(0.01);
  });

  it('never draws a uniform that rounds to 1 in float32 (its Gumbel noise would be infinite)', () => {
    const extreme = { fillUint32: (out: Uint32Array) => out.fill(0xffffffff) } as unknown as Rng;
    const u = drawGumbel(spans, 2, 4, extreme);
    expect(Math.max(...u)).toBeLessThan(1);
    const noise = gumbelNoise(u, 2);
    expect(Array.from(noise.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Math.max(...noise.dataSync())).toBeCloseTo(-Math.log(-Math.log(1 - 2 ** -24)), 3);
    noise.dispose();
  });

  it('draws uniforms strictly inside (0, 1), one per softmax position', () => {
    const u = drawGumbel(spans, 1000, 4, new Rng(2));
    let min = 1;
    let max = 0;
    for (let i = 0; i < 1000; i++) {
      expect(u[i * 4]).toBe(0.5);
      for (let j = 1; j < 4; j++) {
        min = Math.min(min, u[i * 4 + j]);
        max = Math.max(max, u[i * 4 + j]);
      }
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
  });
});
