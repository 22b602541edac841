import type { ProgressEvent } from '@synthctr/runtime';
import type { Job } from './jobs.js';

function bar(fraction: number, width = 24): string {
  const f = Math.max(0, Math.min(1, fraction));
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(r).padStart(2, '0')}`;
}

/** A short name for a job. */
export function jobName(job: Job): string {
  return job.type === 'gen'
    ? `fit+sample ${job.method} seed ${job.seed}`
    : `${job.method}/${job.scenario.name}/${job.model}/seed ${job.seed}`;
}

/**
 * Renders the run's progress on stderr: a bar with ETA for the whole run and one line per
 * worker for its current job (redrawn in place on a terminal, a line every 15 s otherwise).
 */
export class ProgressView {
  private total = 0;
  private done = 0;
  private failed = 0;
  private readonly started = Date.now();
  private readonly workers = new Map<
    number,
    { job: Job; since: number; label: string; event?: ProgressEvent }
  >();
  private lastPlain = 0;
  private drawnLines = 0;
  private readonly tty = Boolean(process.stderr.isTTY);
  private jobSeconds: number[] = [];

  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly workerCount: number) {}

  /** Redraws on a clock too (every second on a terminal, every 15 s in a log), until `close`. */
  startClock(): void {
    this.timer ??= setInterval(() => this.draw(true), this.tty ? 1000 : 15_000);
    this.timer.unref();
  }

  /** Stops the clock. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  plan(total: number): void {
    this.total = total;
    this.draw(true);
    this.startClock();
  }

  start(job: Job, worker: number): void {
    this.workers.set(worker, { job, since: Date.now(), label: 'starting' });
    this.draw();
  }

  progress(worker: number, label: string, event: ProgressEvent): void {
    const w = this.workers.get(worker);
    if (!w) return;
    w.label = label;
    w.event = event;
    this.draw();
  }

  finish(worker: number, seconds: number, ok: boolean, message?: string): void {
    const w = this.workers.get(worker);
    this.workers.delete(worker);
    if (ok) this.done += 1;
    else this.failed += 1;
    this.jobSeconds.push(seconds);
    if (w)
      this.log(
        `${ok ? 'done' : 'FAILED'} ${jobName(w.job)} in ${duration(seconds)}${message ? `: ${message}` : ''}`,
      );
    this.draw(true);
  }

  /** Prints a line above the progress block. */
  log(line: string): void {
    this.clear();
    process.stderr.write(`${line}\n`);
    this.drawnLines = 0;
  }

  private eta(): number {
    const left = this.total - this.done - this.failed;
    if (this.jobSeconds.length === 0) return Number.NaN;
    const mean = this.jobSeconds.reduce((s, v) => s + v, 0) / this.jobSeconds.length;
    return (left * mean) / Math.max(1, this.workerCount);
  }

  private lines(): string[] {
    const finished = this.done + this.failed;
    const elapsed = (Date.now() - this.started) / 1000;
    const head =
      `run ${bar(this.total ? finished / this.total : 0)} ${finished}/${this.total} jobs` +
      `${this.failed ? ` (${this.failed} failed)` : ''}  elapsed ${duration(elapsed)}  ETA ${duration(this.eta())}`;
    const rows = [...this.workers.entries()]
      .sort(([a], [b]) => a - b)
      .map(([i, w]) => {
        const e = w.event;
        const frac = e ? e.step / Math.max(1, e.total) : 0;
        const rate = e && e.step > 0 ? e.elapsedMs / 1000 / e.step : Number.NaN;
        const left = e ? (e.total - e.step) * rate : Number.NaN;
        const metrics = e?.metrics
          ? ` ${Object.entries(e.metrics)
              .slice(0, 3)
              .map(([k, v]) => `${k} ${Number(v).toPrecision(4)}`)
              .join(' ')}`
          : '';
        return `  w${i} ${jobName(w.job)}: ${w.label} ${bar(frac, 16)} ${e ? `${e.step}/${e.total}` : ''} ETA ${duration(left)}${metrics}`;
      });
    return [head, ...rows];
  }

  private clear(): void {
    if (!this.tty || this.drawnLines === 0) return;
    process.stderr.write(`\x1b[${this.drawnLines}A\x1b[J`);
  }

  private draw(force = false): void {
    if (this.tty) {
      this.clear();
      const lines = this.lines();
      process.stderr.write(`${lines.join('\n')}\n`);
      this.drawnLines = lines.length;
      return;
    }
    const now = Date.now();
    if (!force && now - this.lastPlain < 15_000) return;
    this.lastPlain = now;
    process.stderr.write(`${this.lines().join('\n')}\n`);
  }
}
