import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'examples/reproduce-paper/src/cli.ts');
const ARGS = [
  '--profile',
  'smoke',
  '--dataset',
  'planted',
  '--methods',
  'smoten,tvae',
  '--models',
  'dnn',
  '--scenarios',
  'original,S3,S5',
  '--seeds',
  '1',
  '--workers',
  '2',
];

function start(out: string): {
  child: ChildProcess;
  log: () => string;
  done: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    ['--conditions=@synthctr/source', '--import', 'tsx', CLI, ...ARGS, '--out', out],
    {
      cwd: ROOT,
      env: { ...process.env, SYNTHCTR_BACKEND: 'wasm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (d) => (text += d));
  child.stderr?.on('data', (d) => (text += d));
  const done = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, log: () => text, done };
}

function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('reproduce-paper end to end [slow]', () => {
  it('a SIGKILL loses at most the cells in progress; the resumed run gives the same Table 2', async () => {
    const base = mkdtempSync(join(tmpdir(), 'reproduce-'));
    const whole = start(join(base, 'whole'));
    expect(await whole.done, whole.log()).toBe(0);
    const expected = readFileSync(join(base, 'whole/table2.md'), 'utf8');
    const expectedCells = lines(join(base, 'whole/results.jsonl'))
      .map((l) => JSON.parse(l).key)
      .sort();
    expect(expectedCells).toHaveLength(5);
    for (const f of ['results.jsonl', 'table1.md', 'table2.md', 'report.html'])
      expect(existsSync(join(base, 'whole', f))).toBe(true);

    const out = join(base, 'killed');
    const first = start(out);
    await waitFor(() => lines(join(out, 'results.jsonl')).length >= 2, 120_000);
    first.child.kill('SIGKILL');
    await first.done;
    const kept = lines(join(out, 'results.jsonl')).map((l) => JSON.parse(l).key);
    expect(kept.length).toBeGreaterThanOrEqual(2);

    const second = start(out);
    expect(await second.done, second.log()).toBe(0);
    const todo = second.log().match(/to do: (\d+) generator fits and (\d+) cells/);
    expect(Number(todo?.[2])).toBe(5 - kept.length);
    expect(
      lines(join(out, 'results.jsonl'))
        .map((l) => JSON.parse(l).key)
        .sort(),
    ).toEqual(expectedCells);
    expect(readFileSync(join(out, 'table2.md'), 'utf8')).toBe(expected);

    const tables = ['table1.md', 'table2.md'].map((f) => readFileSync(join(out, f), 'utf8'));
    const third = start(out);
    expect(await third.done, third.log()).toBe(0);
    expect(third.log()).toContain('to do: 0 generator fits and 0 cells');
    expect(['table1.md', 'table2.md'].map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(
      tables,
    );
  }, 600_000);
});
