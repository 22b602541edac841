import { backendInfo, initBackend } from '@synthctr/runtime';

/** Parsed command-line arguments of a suite: `--key value`, `--flag` (true), positionals. */
export interface BenchArgs {
  options: Record<string, string | true>;
  positionals: string[];
}

/** One result line; `suite`, `name`, `backend` and `protocol` are filled in by the harness. */
export type BenchResult = { name: string; protocol?: string } & Record<string, unknown>;

/** What a suite module exports as its default. */
export type Suite = (args: BenchArgs, emit: (result: BenchResult) => void) => Promise<void>;

/** Parses `--key value` / `--key=value` / `--flag`; a bare `--` is skipped (pnpm passes it). */
export function parseArgs(argv: string[]): BenchArgs {
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) options[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--'))
        options[a.slice(2)] = argv[++i];
      else options[a.slice(2)] = true;
    } else positionals.push(a);
  }
  return { options, positionals };
}

/** A string option, or the fallback. */
export function opt(args: BenchArgs, key: string, fallback: string): string {
  const v = args.options[key];
  return typeof v === 'string' ? v : fallback;
}

/** A numeric option, or the fallback; a non-number is an error naming the option. */
export function num(args: BenchArgs, key: string, fallback: number): number {
  const v = args.options[key];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`bench: --${key} must be a number, got '${String(v)}'.`);
  return n;
}

/** Prints one JSON line per result on stdout, with suite, backend and protocol in it. */
export function makeEmitter(suite: string): (result: BenchResult) => void {
  return (result) => {
    const info = backendInfo();
    const line = {
      suite,
      ...result,
      protocol: result.protocol ?? 'synthetic',
      backend: info?.choice ?? 'none',
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
}

/** Starts the backend (the choice goes to stderr, stdout stays JSON only). */
export async function startBackend(): Promise<void> {
  const info = await initBackend();
  process.stderr.write(`backend: ${info.choice} (${info.reason})\n`);
}

/** CPU seconds this process has used so far (user + system, all threads): on a shared machine
 * it leaves out the time other processes took, so it is steadier than wall time. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** `x` rounded to `digits` decimals. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The median of `values` (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The mean of `values`; NaN when empty. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Wall and CPU seconds of each timed step of one progress phase. */
export interface StepTimer {
  /** Pass as the fit's `onProgress`. */
  onProgress: (e: { phase: string; done: boolean }) => void;
  /** Wall seconds of each step after the first. */
  seconds: number[];
  /** CPU seconds of each step after the first. */
  cpuSeconds: number[];
}

/**
 * Times the steps (epochs, optimiser steps) of `phase` from the gaps between its progress
 * events; the closing `done` event is not a step. The first step is warm-up and left out: its
 * gap also holds the fit's set-up (encoding, building the networks, first kernel compiles), so
 * a fit of n steps gives n - 1 timings. Create the timer just before calling fit.
 */
export function stepTimer(phase: string): StepTimer {
  const timer: StepTimer = { onProgress: () => {}, seconds: [], cpuSeconds: [] };
  let last = performance.now();
  let lastCpu = cpuSeconds();
  let warm = false;
  timer.onProgress = (e) => {
    if (e.phase !== phase || e.done) return;
    const now = performance.now();
    const cpu = cpuSeconds();
    if (warm) {
      timer.seconds.push((now - last) / 1000);
      timer.cpuSeconds.push(cpu - lastCpu);
    }
    warm = true;
    last = now;
    lastCpu = cpu;
  };
  return timer;
}

/** Peak resident memory of this process so far, in MB (Linux VmHWM). */
export async function peakRssMb(): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const m = status.match(/VmHWM:\s+(\d+) kB/);
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through to the current RSS
  }
  return process.memoryUsage().rss / 1024 / 1024;
}
