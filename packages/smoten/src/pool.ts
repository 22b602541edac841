import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KdTree } from './kdtree.js';
import { searchInThread } from './search.js';

type Store = (from: number, to: number, rows: Int32Array, dist: Float64Array) => void;

interface ResultMessage {
  type: 'result';
  id: number;
  from: number;
  to: number;
  rows: Int32Array;
  dist: Float64Array;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts one search worker. From dist the entry is the built knn-worker.js next to this
 * file. From TypeScript source (vitest, tsx) it is knn-worker.ts, loaded through tsx's
 * require hook: Node 20 does not apply `--import tsx` module hooks inside worker threads,
 * while the CommonJS hook works there.
 */
export function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./knn-worker.js', here));
  const hook = createRequire(here).resolve('tsx/cjs');
  const entry = fileURLToPath(new URL('./knn-worker.ts', here));
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(entry)});`, {
    eval: true,
  });
}

function spawn(start: () => Worker): Promise<Worker> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = start();
    } catch (error) {
      reject(error);
      return;
    }
    const timer = setTimeout(
      () => fail(new Error(`no answer within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    timer.unref();
    const onMessage = (m: { type: string }) => {
      if (m.type !== 'ready') return;
      cleanup();
      worker.unref();
      resolve(worker);
    };
    const fail = (error: unknown) => {
      cleanup();
      void worker.terminate();
      reject(error);
    };
    const onExit = (code: number) =>
      fail(new Error(`the worker exited with code ${code} before it was ready`));
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', fail);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', fail);
    worker.on('exit', onExit);
  });
}

/**
 * Worker threads for the neighbour search, started on first use and stopped by `close()`.
 * A worker that cannot start or fails hands its chunk back; when none is left the search
 * finishes in this thread and `onFailure` is told once why.
 */
export class KnnPool {
  private workers: Promise<Worker[]> | null = null;
  private searchId = 0;
  private reported = false;

  /**
   * `threads` workers, started by `launch` (a worker that posts `{ type: 'ready' }` and answers
   * search messages; tests pass failing ones); `onFailure` hears why the first one failed.
   */
  constructor(
    readonly threads: number,
    private readonly onFailure: (reason: string) => void,
    private readonly launch: () => Worker = startWorker,
  ) {}

  /** Searches every chunk of query positions, calling `store` once per chunk. */
  async search(tree: KdTree, k: number, chunks: [number, number][], store: Store): Promise<void> {
    const workers = await this.start();
    const queue = chunks.slice();
    if (workers.length > 0) await this.dispatch(workers, tree, k, queue, store);
    for (const [from, to] of queue) searchInThread(tree, k, from, to, store);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    const workers = this.workers ? await this.workers : [];
    this.workers = null;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private start(): Promise<Worker[]> {
    this.workers ??= Promise.allSettled(
      Array.from({ length: this.threads }, () => spawn(this.launch)),
    ).then((settled) => {
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) this.report(failed.reason);
      const ready = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      for (const w of ready) {
        w.on('error', (error) => {
          this.drop(w);
          this.report(error);
        });
      }
      return ready;
    });
    return this.workers;
  }

  private report(reason: unknown): void {
    if (this.reported) return;
    this.reported = true;
    this.onFailure(reason instanceof Error ? reason.message : String(reason));
  }

  private dispatch(
    workers: Worker[],
    tree: KdTree,
    k: number,
    queue: [number, number][],
    store: Store,
  ): Promise<void> {
    const id = ++this.searchId;
    const alive = new Set(workers);
    const busy = new Map<Worker, [number, number]>();
    return new Promise((resolve) => {
      const detach: (() => void)[] = [];
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        for (const off of detach) off();
        resolve();
      };
      const next = (w: Worker) => {
        const chunk = queue.shift();
        if (chunk) {
          busy.set(w, chunk);
          w.postMessage({ type: 'search', id, from: chunk[0], to: chunk[1] });
        } else if (busy.size === 0) finish();
      };
      for (const w of workers) {
        const onMessage = (m: ResultMessage) => {
          if (m.type !== 'result' || m.id !== id) return;
          busy.delete(w);
          store(m.from, m.to, m.rows, m.dist);
          next(w);
        };
        const onError = (error: unknown) => {
          const chunk = busy.get(w);
          busy.delete(w);
          if (chunk) queue.unshift(chunk);
          alive.delete(w);
          this.drop(w);
          this.report(error);
          if (alive.size === 0) finish();
          else for (const other of alive) if (!busy.has(other)) next(other);
        };
        w.on('message', onMessage);
        w.on('error', onError);
        detach.push(() => {
          w.off('message', onMessage);
          w.off('error', onError);
        });
        w.postMessage({ type: 'tree', id, tree, k });
      }
      for (const w of workers) next(w);
    });
  }

  private drop(worker: Worker): void {
    void worker.terminate();
    if (!this.workers) return;
    this.workers = this.workers.then((ws) => ws.filter((w) => w !== worker));
  }
}
