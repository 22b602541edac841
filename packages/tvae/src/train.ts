import {
  type Adam,
  type NoticeCallback,
  type ProgressCallback,
  ProgressReporter,
  type Rng,
  tf,
} from '@synthctr/runtime';
import type { SparseRows, TransformLayout } from '@synthctr/tabular-schema';
import { TvaeError } from './errors.js';
import {
  type BatchTargets,
  clampSigma,
  decode,
  encode,
  type TvaeNetwork,
  tvaeLoss,
} from './network.js';
import type { ResolvedTvaeOptions } from './options.js';

/** The training table in the form one step needs: sparse rows plus the label's code per row. */
export interface TrainingRows {
  rows: SparseRows;
  /** Label code per row (conditional form), or null. */
  labels: Int32Array | null;
  /** Matrix width; a label's encoder row is width + code. */
  width: number;
}

/** One epoch's losses (means over its steps). */
export interface EpochLosses {
  epoch: number;
  loss: number;
  reconstruction: number;
  kl: number;
}

/** Where the loop is, for checkpoints and resume. */
export interface LoopState {
  epoch: number;
  steps: number;
  history: EpochLosses[];
}

/**
 * The effective batch size: the requested one, or the whole table when it is smaller (with a
 * notice), so a fit never ends with zero steps.
 */
export function effectiveBatch(n: number, batchSize: number, onNotice?: NoticeCallback): number {
  if (n >= batchSize) return batchSize;
  onNotice?.({
    code: 'batch-shrunk',
    message: `tvae: the table has ${n} rows, fewer than batchSize ${batchSize}; each epoch is one batch of ${n} rows.`,
  });
  return Math.max(1, n);
}

function batchTensors(
  data: TrainingRows,
  layout: TransformLayout,
  rows: Int32Array,
): {
  indices: tf.Tensor2D;
  values: tf.Tensor2D;
  labels: tf.Tensor1D | null;
  targets: BatchTargets;
} {
  const { nnz, indices, values } = data.rows;
  const b = rows.length;
  const extra = data.labels ? 1 : 0;
  const idx = new Int32Array(b * (nnz + extra));
  const val = new Float32Array(b * (nnz + extra));
  for (let i = 0; i < b; i++) {
    const r = rows[i];
    for (let j = 0; j < nnz; j++) {
      idx[i * (nnz + extra) + j] = indices[r * nnz + j];
      val[i * (nnz + extra) + j] = values[r * nnz + j];
    }
    if (data.labels) {
      idx[i * (nnz + 1) + nnz] = data.width + data.labels[r];
      val[i * (nnz + 1) + nnz] = 1;
    }
  }
  // Sparse slots follow the layout's spans in order: one slot per span.
  const classes: tf.Tensor1D[] = [];
  const alphas: tf.Tensor1D[] = [];
  layout.spans.forEach((span, slot) => {
    if (span.kind === 'alpha') {
      alphas.push(tf.tensor1d(Float32Array.from(rows, (r) => values[r * nnz + slot])));
    } else {
      classes.push(
        tf.tensor1d(
          Int32Array.from(rows, (r, i) => i * span.width + indices[r * nnz + slot] - span.start),
          'int32',
        ),
      );
    }
  });
  const labels = data.labels
    ? tf.tensor1d(
        Int32Array.from(rows, (r) => data.labels![r]),
        'int32',
      )
    : null;
  return {
    indices: tf.tensor2d(idx, [b, nnz + extra], 'int32'),
    values: tf.tensor2d(val, [b, nnz + extra]),
    labels,
    targets: { classes, alphas },
  };
}

/** One optimiser step on a batch; returns its losses. */
function trainStep(
  net: TvaeNetwork,
  layout: TransformLayout,
  optimizer: Adam,
  data: TrainingRows,
  rows: Int32Array,
  lossFactor: number,
  rng: Rng,
): { loss: number; reconstruction: number; kl: number } {
  let parts = { reconstruction: 0, kl: 0 };
  const loss = tf.tidy(() => {
    const batch = batchTensors(data, layout, rows);
    const eps = tf.tensor2d(
      rng.fillNormal(new Float32Array(rows.length * net.mu.kernel.shape[1]!)),
      [rows.length, net.mu.kernel.shape[1]!],
    );
    let recon: tf.Scalar | null = null;
    let kl: tf.Scalar | null = null;
    const value = optimizer.minimize(() => {
      const { mu, logvar } = encode(net, batch.indices, batch.values);
      const z = tf.add(mu, tf.mul(eps, tf.exp(tf.mul(logvar, 0.5)))) as tf.Tensor2D;
      const out = decode(net, z, batch.labels);
      const l = tvaeLoss(net, layout, out, batch.targets, mu, logvar, lossFactor);
      recon = tf.keep(l.reconstruction);
      kl = tf.keep(l.kl);
      return l.total;
    });
    const r = recon as unknown as tf.Scalar;
    const k = kl as unknown as tf.Scalar;
    parts = { reconstruction: r.dataSync()[0], kl: k.dataSync()[0] };
    r.dispose();
    k.dispose();
    return value;
  });
  clampSigma(net);
  return { loss, ...parts };
}

/**
 * The epoch loop: every row once per epoch in a seeded order, the last short batch kept (as the
 * reference's DataLoader), one progress event per epoch and a final one.
 */
export function trainLoop(
  net: TvaeNetwork,
  layout: TransformLayout,
  optimizer: Adam,
  data: TrainingRows,
  options: ResolvedTvaeOptions,
  batchSize: number,
  rng: Rng,
  state: LoopState,
  hooks: { onProgress?: ProgressCallback; afterEpoch?: (state: LoopState) => void },
): LoopState {
  const n = data.rows.n;
  const progress = new ProgressReporter('epoch', options.epochs, hooks.onProgress);
  for (let e = 0; e < state.epoch; e++) progress.tick();
  for (let epoch = state.epoch; epoch < options.epochs; epoch++) {
    const order = rng.permutation(n);
    let sum = 0;
    let rec = 0;
    let kl = 0;
    let count = 0;
    for (let start = 0; start < n; start += batchSize) {
      const rows = order.subarray(start, Math.min(n, start + batchSize));
      const s = trainStep(net, layout, optimizer, data, rows, options.lossFactor, rng);
      if (!Number.isFinite(s.loss)) {
        throw new TvaeError(
          `tvae: the loss became ${s.loss} at epoch ${epoch + 1}, step ${count + 1}; lower learningRate.`,
        );
      }
      sum += s.loss;
      rec += s.reconstruction;
      kl += s.kl;
      count += 1;
      state.steps += 1;
    }
    const losses = {
      epoch: epoch + 1,
      loss: sum / count,
      reconstruction: rec / count,
      kl: kl / count,
    };
    state.history.push(losses);
    state.epoch = epoch + 1;
    progress.tick({ loss: losses.loss, reconstruction: losses.reconstruction, kl: losses.kl });
    hooks.afterEpoch?.(state);
  }
  progress.finish(
    state.history.length > 0 ? { loss: state.history[state.history.length - 1].loss } : undefined,
  );
  return state;
}
