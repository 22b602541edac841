import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, tf } from '@synthctr/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const dir = mkdtempSync(join(tmpdir(), 'ctr-readme-'));

beforeAll(async () => {
  await initBackend();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README', () => {
  it('has one TypeScript example', () => {
    expect(blocks).toHaveLength(1);
  });

  it('[slow] the example runs as written: DeepFM separates the clicks, the reload predicts the same', async () => {
    const file = join(dir, 'example.ts');
    writeFileSync(file, `${blocks[0]}\nexport {};\n`);
    const logged: unknown[][] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
    const before = tf.memory().numTensors;
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      log.mockRestore();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(logged[0].slice(1)).toEqual([true, true, true]);
    expect(logged[0][0]).toBeGreaterThan(0);
    const [testAuc, epochs, secondsPerEpoch, n] = logged[1] as number[];
    expect(testAuc).toBeGreaterThan(0.9);
    expect(epochs).toBeLessThanOrEqual(5);
    expect(secondsPerEpoch).toBeGreaterThan(0);
    expect(n).toBe(300);
  });
});
