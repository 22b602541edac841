/** One step of long work (fitting, training, sampling), emitted through a callback. */
export interface ProgressEvent {
  /** What is running, for example `fit`, `epoch`, `batch`, `sample`, `neighbours`. */
  phase: string;
  /** Steps finished so far in this phase, from 1 to `total`. */
  step: number;
  /** Steps this phase will take in all (an upper bound when it may stop early). */
  total: number;
  /** True on the last event of the phase; exactly one such event is sent per phase run. */
  done: boolean;
  /** Milliseconds since the phase began. */
  elapsedMs: number;
  /** Figures of this step (losses, AUC, learning rate), when there are any. */
  metrics?: Record<string, number>;
}

/** Receives progress events; libraries never print, they call this. */
export type ProgressCallback = (event: ProgressEvent) => void;

/** A diagnostic that is not an error: a batch shrunk, a column looks continuous. */
export interface Notice {
  /** A stable machine-readable code, for example `batch-shrunk`. */
  code: string;
  /** A sentence for people. */
  message: string;
  /** The column the notice is about, where there is one. */
  column?: string;
}

/** Receives notices as they are raised. */
export type NoticeCallback = (notice: Notice) => void;

/**
 * Sends the events of one phase in order and guarantees a final `done` event.
 * `tick()` for each step, then `finish()` once (it is idempotent).
 */
export class ProgressReporter {
  private readonly started = Date.now();
  private step = 0;
  private finished = false;

  constructor(
    readonly phase: string,
    private total: number,
    private readonly callback: ProgressCallback | undefined,
  ) {}

  /** Reports one more finished step; returns the step number. */
  tick(metrics?: Record<string, number>): number {
    this.step += 1;
    if (this.step > this.total) this.total = this.step;
    this.emit(false, metrics);
    return this.step;
  }

  /** Sends the final event (once); the total becomes the steps actually done if it stopped early. */
  finish(metrics?: Record<string, number>): void {
    if (this.finished) return;
    this.finished = true;
    this.total = Math.max(this.step, 1);
    this.step = this.total;
    this.emit(true, metrics);
  }

  private emit(done: boolean, metrics?: Record<string, number>): void {
    if (!this.callback) return;
    const event: ProgressEvent = {
      phase: this.phase,
      step: this.step,
      total: this.total,
      done,
      elapsedMs: Date.now() - this.started,
    };
    if (metrics) event.metrics = metrics;
    this.callback(event);
  }
}
