import { describe, expect, it } from 'vitest';
import { mean, median, parseArgs, round, stepTimer } from '../harness.js';

describe('stepTimer', () => {
  it('times every step of its phase but the first, and not the closing done event', async () => {
    const timer = stepTimer('epoch');
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(400); // the fit's set-up: lands in the first (warm-up) step, which is dropped
    timer.onProgress({ phase: 'epoch', done: false });
    timer.onProgress({ phase: 'batch', done: false });
    await pause(20);
    timer.onProgress({ phase: 'epoch', done: false });
    await pause(20);
    timer.onProgress({ phase: 'epoch', done: false });
    timer.onProgress({ phase: 'epoch', done: true });
    expect(timer.seconds).toHaveLength(2);
    expect(timer.cpuSeconds).toHaveLength(2);
    for (const s of timer.seconds) {
      expect(s).toBeGreaterThanOrEqual(0.015);
      expect(s).toBeLessThan(0.35);
    }
  });

  it('has no timing for a single step', () => {
    const timer = stepTimer('fit');
    timer.onProgress({ phase: 'fit', done: false });
    timer.onProgress({ phase: 'fit', done: true });
    expect(timer.seconds).toEqual([]);
    expect(Number.isNaN(mean(timer.seconds))).toBe(true);
  });
});

describe('figures', () => {
  it('takes the median of odd and even counts, the mean, and rounds', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(mean([1, 2, 6])).toBe(3);
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(2.5e-4, 3)).toBe(0);
  });
});

describe('parseArgs', () => {
  it('reads --key value, --key=value, flags and positionals, skipping a bare --', () => {
    expect(parseArgs(['--', 'a', '--epochs', '2', '--model=copulagan', '--download'])).toEqual({
      options: { epochs: '2', model: 'copulagan', download: true },
      positionals: ['a'],
    });
  });
});
