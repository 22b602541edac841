import type { RngState, SavedTensor } from '@synthctr/runtime';
import type { Dataset, DataTransformerState } from '@synthctr/tabular-schema';
import { SynthesizerError } from '@synthctr/tabular-schema';
import type { FusedAdamState } from './adam.js';
import type { ResolvedCtganOptions } from './options.js';

/** Everything needed to continue a fit exactly where it stopped (plain data). */
export interface CtganCheckpoint {
  kind: 'ctgan-checkpoint';
  formatVersion: number;
  /** The model that wrote it (`ctgan` or `copulagan`). */
  model: string;
  /** Epochs finished when it was taken. */
  epoch: number;
  /** Optimiser steps taken so far. */
  steps: number;
  /** The resolved options of the fit. */
  options: ResolvedCtganOptions;
  /** A fingerprint of the training table, checked on resume. */
  fingerprint: string;
  transformer: DataTransformerState;
  generator: Record<string, SavedTensor>;
  critic: Record<string, SavedTensor>;
  generatorOptimizer: FusedAdamState;
  criticOptimizer: FusedAdamState;
  /** The training stream at the end of the epoch. */
  trainRng: RngState;
  /** The loss history so far. */
  history: Record<string, number>[];
}

export const CHECKPOINT_FORMAT = 1;

/** A cheap fingerprint of a table's shape and contents (FNV-1a over every column). */
export function fingerprintOf(data: Dataset): string {
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v | 0), 0x01000193) >>> 0;
  };
  mix(data.nRows);
  for (const name of data.columnNames) {
    for (let i = 0; i < name.length; i++) mix(name.charCodeAt(i));
    const col = data.column(name);
    const values = 'codes' in col ? col.codes : col.values;
    for (let i = 0; i < values.length; i++) mix(Math.round(values[i] * 1e6));
  }
  return `${data.nRows}x${data.columnNames.length}:${h.toString(16)}`;
}

/** Checks that a checkpoint belongs to this model and this table. */
export function checkCheckpoint(
  c: CtganCheckpoint,
  kind: string,
  model: string,
  data: Dataset,
): void {
  if (c.kind !== 'ctgan-checkpoint' || c.formatVersion !== CHECKPOINT_FORMAT) {
    throw new SynthesizerError(
      `${model}.fit: resumeFrom is not a checkpoint of format ${CHECKPOINT_FORMAT} (got kind '${String(c.kind)}', ` +
        `format ${String(c.formatVersion)}); pass an object from onCheckpoint.`,
    );
  }
  if (c.model !== kind) {
    throw new SynthesizerError(
      `${model}.fit: the checkpoint was written by ${c.model}; resume it with that model.`,
    );
  }
  const got = fingerprintOf(data);
  if (got !== c.fingerprint) {
    throw new SynthesizerError(
      `${model}.fit: the checkpoint was taken on another table (fingerprint ${c.fingerprint}, this table ${got}); ` +
        'resume with the same training data.',
    );
  }
}
