import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '@synthctr/runtime';
import type { Job } from './jobs.js';
import type { FromWorker, ToWorker } from './worker.js';

/** A job with the keys of the jobs it waits for. */
export interface ScheduledJob {
  job: Job;
  deps: string[];
}

/** What the scheduler tells its caller. */
export interface SchedulerEvents {
  onStart?(job: Job, worker: number): void;
  onProgress?(job: Job, worker: number, label: string, event: ProgressEvent): void;
  onDone?(job: Job, worker: number, result: unknown, seconds: number): void;
  onFailed?(job: Job, worker: number, message: string): void;
}

const WORKER_ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
const WORKER_ARGV = ['--conditions=@synthctr/source', '--import', 'tsx'];

/**
 * Runs jobs in `workers` child processes (the wasm backend is single-threaded, so processes use
 * the other cores). A job starts once every job it depends on is done; a job whose dependency
 * failed is failed too. A worker that dies is replaced and its job is reported failed.
 */
export async function runJobs(
  jobs: ScheduledJob[],
  workers: number,
  events: SchedulerEvents,
): Promise<void> {
  const pending = new Map(jobs.map((s) => [s.job.key, s]));
  const done = new Set<string>();
  const failed = new Set<string>();
  const known = new Set(jobs.map((s) => s.job.key));
  if (jobs.length === 0) return;

  await new Promise<void>((resolve) => {
    const pool: { child: ChildProcess; busy: ScheduledJob | null; started: number }[] = [];
    let finished = false;

    const readyJob = (): ScheduledJob | null => {
      for (const s of pending.values()) {
        const blocked = s.deps.some((d) => known.has(d) && !done.has(d));
        const broken = s.deps.some((d) => failed.has(d));
        if (broken) {
          pending.delete(s.job.key);
          failed.add(s.job.key);
          events.onFailed?.(
            s.job,
            -1,
            `a job it needs failed (${s.deps.filter((d) => failed.has(d)).join(', ')})`,
          );
          return readyJob();
        }
        if (!blocked) return s;
      }
      return null;
    };

    const maybeFinish = (): void => {
      if (finished) return;
      if (pending.size === 0 && pool.every((w) => w.busy === null)) {
        finished = true;
        for (const w of pool) w.child.send({ type: 'stop' } satisfies ToWorker);
        resolve();
      }
    };

    const dispatch = (): void => {
      for (let i = 0; i < pool.length; i++) {
        const w = pool[i];
        if (w.busy || !w.child.connected) continue;
        const next = readyJob();
        if (!next) break;
        pending.delete(next.job.key);
        w.busy = next;
        w.started = Date.now();
        events.onStart?.(next.job, i);
        w.child.send({ type: 'job', job: next.job } satisfies ToWorker);
      }
      maybeFinish();
    };

    const spawn = (i: number): void => {
      const child = fork(WORKER_ENTRY, [], {
        execArgv: WORKER_ARGV,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const slot = { child, busy: null as ScheduledJob | null, started: 0 };
      pool[i] = slot;
      child.on('message', (m: FromWorker) => {
        if (m.type === 'ready') return dispatch();
        const s = slot.busy;
        if (!s || m.key !== s.job.key) return;
        if (m.type === 'progress') return events.onProgress?.(s.job, i, m.label, m.event);
        slot.busy = null;
        if (m.type === 'done') {
          done.add(s.job.key);
          events.onDone?.(s.job, i, m.result, (Date.now() - slot.started) / 1000);
        } else {
          failed.add(s.job.key);
          events.onFailed?.(s.job, i, m.message);
        }
        dispatch();
      });
      child.on('exit', (code, signal) => {
        if (finished) return;
        const s = slot.busy;
        slot.busy = null;
        if (s) {
          failed.add(s.job.key);
          events.onFailed?.(s.job, i, `the worker process died (${signal ?? `exit ${code}`})`);
        }
        if (pending.size > 0) spawn(i);
        else maybeFinish();
      });
    };

    for (let i = 0; i < Math.max(1, workers); i++) spawn(i);
  });
}
