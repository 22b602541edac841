import { trainCtrModel } from '@synthctr/ctr-models';
import {
  columnShapes,
  delongTest,
  distanceToClosestRecord,
  identicalRows,
  pairedTTest,
} from '@synthctr/metrics';
import type { ProgressCallback } from '@synthctr/runtime';
import type { Dataset } from '@synthctr/tabular-schema';
import type { CellResult } from './store.js';

/** What a trained cell returns to the engine. */
export interface CellOutcome {
  validAuc: number;
  testAuc: number;
  validLogloss: number;
  testLogloss: number;
  epochs: number;
  testPredictions: Float32Array;
}

/** Trains one CTR model (BARS protocol) on the cell's training set and scores valid and test. */
export async function trainCell(
  model: string,
  options: Record<string, unknown>,
  data: { train: Dataset; valid: Dataset; test: Dataset },
  seed: number,
  onProgress: ProgressCallback,
): Promise<CellOutcome> {
  // A missing category gets its own embedding row (FuxiCTR fills blanks with a token): the
  // engine's fixed behaviour, not a setting. Frappe has none; MovieLens's release year has some.
  const r = await trainCtrModel({
    missing: 'slot',
    ...options,
    model: model as 'dnn',
    seed,
    ...data,
    onProgress,
  });
  return {
    validAuc: r.validAuc,
    testAuc: r.testAuc,
    validLogloss: r.validLogloss,
    testLogloss: r.testLogloss,
    epochs: r.epochs,
    testPredictions: r.testPredictions,
  };
}

/** Synthetic rows (a seeded subsample) whose distance to the closest real record is measured. */
export const DCR_SYNTHETIC_ROWS = 2000;

/** Table 1's figures of a synthetic set against the real training rows. */
export function privacyFigures(
  train: Dataset,
  synthetic: Dataset,
  seed: number,
): {
  identicalRows: number;
  syntheticRows: number;
  identicalRate: number;
  dcrMedian: number;
  dcrP5: number;
  columnShapes: number;
} {
  if (synthetic.nRows === 0) {
    return {
      identicalRows: 0,
      syntheticRows: 0,
      identicalRate: 0,
      dcrMedian: Number.NaN,
      dcrP5: Number.NaN,
      columnShapes: Number.NaN,
    };
  }
  const copies = identicalRows(train, synthetic);
  // DCR is exact per synthetic row but can scan the whole real table for rows far from every
  // real one; a seeded subsample of the synthetic rows keeps it to seconds (Table 1 says so).
  const dcr = distanceToClosestRecord(train, synthetic, {
    seed,
    maxSyntheticRows: DCR_SYNTHETIC_ROWS,
  });
  return {
    identicalRows: copies.identicalRows,
    syntheticRows: copies.syntheticRows,
    identicalRate: copies.exactCopyRate,
    dcrMedian: dcr.median,
    dcrP5: dcr.p5,
    columnShapes: columnShapes(train, synthetic).mean,
  };
}

/**
 * Significance of a cell against `original` with the same model: DeLong's test per seed on the
 * shared test set (when both prediction files exist) and a paired t-test over seeds (two or more).
 */
export function significance(
  pairs: { a: CellResult; b: CellResult }[],
  predictions: (key: string) => Float32Array | null,
  labels: Int32Array | null,
  isBaseline: boolean,
): { delongP: number[]; pairedP: number } {
  if (isBaseline) return { delongP: [], pairedP: Number.NaN };
  const delongP = pairs.map(({ a, b }) => {
    const pa = predictions(a.key);
    const pb = predictions(b.key);
    if (!pa || !pb || !labels || pa.length !== labels.length || pb.length !== labels.length)
      return Number.NaN;
    return delongTest(labels, pa, pb).pValue;
  });
  const pairedP =
    pairs.length >= 2
      ? pairedTTest(
          pairs.map((p) => p.a.testAuc),
          pairs.map((p) => p.b.testAuc),
        ).pValue
      : Number.NaN;
  return { delongP, pairedP };
}
