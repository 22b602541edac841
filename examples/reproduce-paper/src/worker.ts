import { initBackend, type ProgressEvent } from '@synthctr/runtime';
import { runCellJob, runGenJob } from './execute.js';
import type { Job } from './jobs.js';

/** Messages between the scheduler and a worker process. */
export type ToWorker = { type: 'job'; job: Job } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'progress'; key: string; event: ProgressEvent; label: string }
  | { type: 'done'; key: string; result: unknown }
  | { type: 'failed'; key: string; message: string; stack?: string };

function send(message: FromWorker): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const info = await initBackend();
  send({ type: 'ready', backend: info.choice });
  // The scheduler died (killed, even with SIGKILL): stop rather than run on as an orphan.
  process.on('disconnect', () => process.exit(1));
  process.on('message', async (message: ToWorker) => {
    if (message.type === 'stop') process.exit(0);
    const { job } = message;
    const progress = (label: string) => (event: ProgressEvent) =>
      send({ type: 'progress', key: job.key, event, label });
    try {
      const result =
        job.type === 'gen'
          ? await runGenJob(job, progress)
          : await runCellJob(job, progress, info.choice);
      send({ type: 'done', key: job.key, result });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      send({ type: 'failed', key: job.key, message: e.message, stack: e.stack });
    }
  });
}

void main();
