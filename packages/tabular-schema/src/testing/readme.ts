import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

/**
 * Helpers for the tests that run a package README's code blocks, so that the README and the
 * code cannot drift apart. A test either runs a block as written ({@link runReadmeScript}) or
 * keeps it between `// README:<name>:start` and `// README:<name>:end` markers in the test
 * file and checks that the region is the block ({@link readmeRegion}, {@link stripImports}).
 */

const TS_BLOCK = /```ts\n([\s\S]*?)```/g;
const LEADING_IMPORTS = /^(import [^;]+;\n)+\n/;
const COMMENT_LINE = /^\/\/ (.*)$/gm;

/** The ```ts blocks of the README at `path`, in order, as written. */
export function readmeBlocks(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(TS_BLOCK)].map((m) => m[1]);
}

/** A README block less its leading import lines and the blank line after them, trimmed. */
export function stripImports(block: string): string {
  return block.replace(LEADING_IMPORTS, '').trim();
}

/**
 * The lines of `file` between `// README:<name>:start` and `// README:<name>:end` (without a
 * name, `// README:start` and `// README:end`), dedented and trimmed.
 */
export function readmeRegion(file: string, name?: string): string {
  const marker = name === undefined ? '// README:' : `// README:${name}:`;
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === `${marker}start`);
  const end = lines.findIndex((l) => l.trim() === `${marker}end`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(
    ...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length),
  );
  return body
    .map((l) => l.slice(indent))
    .join('\n')
    .trim();
}

/** The text of the lines of `code` that are a `// ` comment: what an example says it prints. */
export function commentLines(code: string): string[] {
  return [...code.matchAll(COMMENT_LINE)].map((m) => m[1]);
}

/**
 * Runs `code` as a module written to `scratch` (removed afterwards) and returns what it printed
 * with console.log, one string per call, its arguments joined by spaces.
 */
export async function runReadmeScript(code: string, scratch: string): Promise<string[]> {
  writeFileSync(scratch, `${code}\nexport {};\n`);
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  });
  try {
    await import(/* @vite-ignore */ pathToFileURL(scratch).href);
  } finally {
    spy.mockRestore();
    rmSync(scratch, { force: true });
  }
  return printed;
}

/**
 * Registers `describe('README')` with one test: the README's first ```ts block, run as written
 * from `scratch`, prints exactly its `// ` comment lines, in order.
 */
export function describeReadmePrints(readme: string, scratch: string): void {
  describe('README', () => {
    it('the usage example runs and prints what its comments say', async () => {
      const [code] = readmeBlocks(readme);
      expect(code, `${readme} has no ts code block`).toBeDefined();
      expect(await runReadmeScript(code, scratch)).toEqual(commentLines(code));
    });
  });
}
