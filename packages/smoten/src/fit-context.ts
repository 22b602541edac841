import { type Notice, ProgressReporter } from '@synthctr/runtime/light';
import {
  type BaseFitOptions,
  type Constraint,
  ConstraintSet,
  type Dataset,
  type SavedConstraintSet,
  type SavedModel,
} from '@synthctr/tabular-schema';
import { KnnPool } from './pool.js';

/** What a fit passes to the method: where it runs, and how to raise notices and progress. */
export interface FitContext {
  where: string;
  /** The table the method models: the real one with constrained columns merged. */
  data: Dataset;
  options: BaseFitOptions;
  notices: Notice[];
  history: Record<string, number>[];
}

/** The constraints a saved model was fitted with (to refit a loaded model with them). */
export function savedConstraints(saved: SavedModel): readonly Constraint[] {
  return ConstraintSet.fromJSON(saved.state.constraints as SavedConstraintSet).constraints;
}

/**
 * The worker pool of one fit (null for one thread); a worker failure becomes a
 * `workers-unavailable` notice and the search goes on in this thread.
 */
export function searchPool(threads: number, ctx: FitContext, method: string): KnnPool | null {
  if (threads <= 1) return null;
  return new KnnPool(threads, (reason) =>
    notify(ctx, {
      code: 'workers-unavailable',
      message: `${method}: the search workers could not run (${reason}); the search went on in this thread.`,
    }),
  );
}

/** `neighbours` progress for one class: a tick per searched chunk, then a final event. */
export function chunkProgress(
  ctx: FitContext,
  code: number,
): { onChunk: (done: number, total: number) => void; finish: () => void } {
  let progress: ProgressReporter | null = null;
  return {
    onChunk: (_, total) => {
      progress ??= new ProgressReporter('neighbours', total, ctx.options.onProgress);
      progress.tick({ class: code });
    },
    finish: () => progress?.finish({ class: code }),
  };
}

/** Raises a notice: into the fit's report and through its callback. */
export function notify(ctx: FitContext, notice: Notice): void {
  ctx.notices.push(notice);
  ctx.options.onNotice?.(notice);
}
