import { resolve } from 'node:path';
import { datasetFromRows } from '@synthctr/tabular-schema';
import { readmeBlocks, readmeRegion, stripImports } from '@synthctr/tabular-schema/testing';
import { describe, expect, it } from 'vitest';
import {
  auc,
  aucResult,
  delongTest,
  distanceToClosestRecord,
  duplicateRows,
  identicalRows,
  logLoss,
  meanSd,
  pairedTTest,
} from '../src/index.js';

const README = resolve(import.meta.dirname, '../README.md');

describe('the README example', () => {
  it('is the code below, which runs and gives the values its comments state', () => {
    expect(readmeRegion(import.meta.filename)).toBe(stripImports(readmeBlocks(README)[0]));
    // README:start
    // Ranking metrics (Float32Array predictions and Int32Array labels work the same).
    const y = [0, 0, 1, 1];
    const p = [0.1, 0.4, 0.35, 0.8];
    const rocAuc = auc(y, p); // 0.75
    const loss = logLoss(y, p); // 0.47228795380917615 (eps 1e-7, as FuxiCTR)
    const undefinedAuc = aucResult([1, 1, 1], [0.2, 0.5, 0.9], { mode: 'lenient' });
    // undefinedAuc.value: NaN, undefinedAuc.notice.code: 'one-class' (strict mode throws)

    // Two models on the same rows (DeLong), and five seeds of baseline vs augmented AUC.
    const test = delongTest(
      [1, 1, 1, 0, 0, 0],
      [0.9, 0.8, 0.4, 0.5, 0.3, 0.2],
      [0.7, 0.6, 0.7, 0.65, 0.6, 0.1],
    );
    // test: aucA 8/9, aucB 5/6, standardError sqrt(5)/9, z 0.2236, pValue 0.8231
    const baseline = [0.9833, 0.984, 0.9839, 0.9841, 0.9849];
    const augmented = [0.9838, 0.9843, 0.9845, 0.9842, 0.9853];
    const summary = meanSd(augmented); // summary.text: '0.9844 ± 0.0006'
    const paired = pairedTTest(augmented, baseline);
    // paired: meanDifference 0.00038, t 4.4174, df 4, pValue 0.0115

    // Synthetic rows against real ones (bad-inputs B25).
    const real = datasetFromRows([
      { age: 30, grade: 'A' },
      { age: 41, grade: 'B' },
      { age: 52, grade: 'C' },
    ]);
    const synthetic = datasetFromRows([
      { age: 30, grade: 'A' },
      { age: 41, grade: 'C' },
      { age: 52, grade: 'C' },
      { age: 63, grade: 'D' },
    ]);
    const copies = identicalRows(real, synthetic); // identicalRows 2, exactCopyRate 0.5
    const repeats = duplicateRows(synthetic); // duplicateRows 0, duplicateRate 0
    const dcr = distanceToClosestRecord(real, synthetic);
    // dcr.distances: [0, 0.25, 0, 0.75]; dcr.median 0.125, dcr.p5 0
    // (41, C) is 11/22 of the age range from (52, C): (0.5 + 0) / 2 columns = 0.25
    // README:end
    expect(rocAuc).toBe(0.75);
    expect(loss).toBeCloseTo(0.47228795380917615, 14);
    expect(undefinedAuc.value).toBeNaN();
    expect(undefinedAuc.notice?.code).toBe('one-class');
    expect(() => auc([1, 1, 1], [0.2, 0.5, 0.9])).toThrow(
      'only one class present (3 rows, all label 1)',
    );
    expect(test.aucA).toBeCloseTo(8 / 9, 14);
    expect(test.aucB).toBeCloseTo(5 / 6, 14);
    expect(test.standardError).toBeCloseTo(Math.sqrt(5) / 9, 14);
    expect(test.z).toBeCloseTo(0.2236, 4);
    expect(test.pValue).toBeCloseTo(0.8231, 4);
    expect(summary.text).toBe('0.9844 ± 0.0006');
    expect(paired.meanDifference).toBeCloseTo(0.00038, 12);
    expect(paired.t).toBeCloseTo(4.4174, 4);
    expect(paired.df).toBe(4);
    // SciPy ttest_rel: 0.011534048799792815.
    expect(paired.pValue).toBeCloseTo(0.011534048799792815, 8);
    expect([copies.identicalRows, copies.exactCopyRate]).toEqual([2, 0.5]);
    expect([repeats.duplicateRows, repeats.duplicateRate]).toEqual([0, 0]);
    expect(Array.from(dcr.distances)).toEqual([0, 0.25, 0, 0.75]);
    expect([dcr.median, dcr.p5]).toEqual([0.125, 0]);
  });
});
