import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const README = resolve(import.meta.dirname, '../README.md');
const SCRATCH = resolve(import.meta.dirname, '.readme-example.ts');

/** The first ```ts block of the README. */
function example(): string {
  const match = /```ts\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'));
  if (!match) throw new Error('README.md has no ts code block');
  return match[1];
}

afterAll(() => rmSync(SCRATCH, { force: true }));

describe('README', () => {
  it('the usage example runs and prints what its comments say', async () => {
    const code = example();
    const expected = [...code.matchAll(/^\/\/ (.*)$/gm)].map((m) => m[1]);
    writeFileSync(SCRATCH, `${code}\nexport {};\n`);
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    });
    try {
      await import(pathToFileURL(SCRATCH).href);
    } finally {
      spy.mockRestore();
    }
    expect(printed).toEqual(expected);
  });
});
