/**
 * The rows of shared/reference/bad-inputs.md tagged `metrics` (B19, B21, B25), each asserting
 * the "right answer" column.
 */
import { datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { auc, aucResult, duplicateRows, identicalRows, meanOverFolds } from '../src/index.js';
import { csvRows } from './helpers.js';

describe('B19: a single class in y_true', () => {
  it.each([
    { y: [1, 1, 1], s: [0.2, 0.5, 0.9], msg: 'only one class present (3 rows, all label 1)' },
    { y: [0, 0], s: [0.1, 0.9], msg: 'only one class present (2 rows, all label 0)' },
  ])(
    'y=$y: strict mode throws, lenient mode gives NaN with a flag, never 0, 0.5 or 1',
    ({ y, s, msg }) => {
      expect(() => auc(y, s)).toThrow(
        `auc: ${msg}; AUC needs both positives and negatives. Evaluate on rows of both classes. ` +
          "Pass { mode: 'lenient' } to get NaN instead.",
      );
      const notices: string[] = [];
      const r = aucResult(y, s, { mode: 'lenient', onNotice: (n) => notices.push(n.code) });
      expect(r.value).toBeNaN();
      expect(r.defined).toBe(false);
      expect(r.notice).toEqual({
        code: 'one-class',
        message: `auc: ${msg}; AUC needs both positives and negatives. Evaluate on rows of both classes; the AUC is NaN.`,
      });
      expect(notices).toEqual(['one-class']);
    },
  );

  it('a fold average skips the undefined fold and reports it instead of absorbing a 0', () => {
    const folds = [
      auc([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8], { mode: 'lenient' }),
      auc([1, 1, 1], [0.2, 0.5, 0.9], { mode: 'lenient' }),
      auc([0, 1, 1, 0], [0.3, 0.6, 0.2, 0.1], { mode: 'lenient' }),
    ];
    expect(folds[0]).toBe(1);
    expect(folds[1]).toBeNaN();
    expect(folds[2]).toBe(0.75);
    const skip = meanOverFolds(folds);
    expect(skip.mean).toBe(0.875);
    expect([skip.nUndefined, skip.undefinedFolds]).toEqual([1, [1]]);
    const propagate = meanOverFolds(folds, { policy: 'propagate' });
    expect(propagate.mean).toBeNaN();
    expect(propagate.nUndefined).toBe(1);
  });
});

describe('B21: non-finite scores', () => {
  const nan = [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  const inf = [Infinity, Infinity, Infinity, Infinity];
  it.each([
    { y: [0, 0, 1, 1], s: nan, first: 'NaN' },
    { y: [1, 1, 0, 0], s: nan, first: 'NaN' },
    { y: [0, 0, 1, 1], s: inf, first: 'Infinity' },
  ])('y=$y s=$s: an error naming index 0 and the count 4, NaN when lenient', ({ y, s, first }) => {
    expect(() => auc(y, s)).toThrow(
      `auc: scores hold 4 non-finite values (NaN or ±Infinity), the first at index 0 (${first}); ` +
        'expected finite scores. A model whose output went non-finite has diverged. ' +
        "Pass { mode: 'lenient' } to get NaN instead.",
    );
    const r = aucResult(y, s, { mode: 'lenient' });
    expect(r.value).toBeNaN();
    expect(r.notice?.code).toBe('non-finite-scores');
  });

  it('names the first bad index when only some scores are bad', () => {
    expect(() => auc([0, 1, 0, 1], [0.1, 0.2, -Infinity, 0.4])).toThrow(
      'auc: scores hold 1 non-finite value (NaN or ±Infinity), the first at index 2 (-Infinity);',
    );
  });

  it('finite but equal scores give exactly 0.5', () => {
    expect(auc([0, 0, 1, 1], [1, 1, 1, 1])).toBe(0.5);
  });
});

describe('B25: verbatim copies and duplicates on a small table', () => {
  const real = datasetFromRows(csvRows('age,grade\n30,A\n41,B\n52,C\n'));
  const synthetic = datasetFromRows(csvRows('age,grade\n30,A\n41,C\n52,C\n63,D\n'));

  it('exact-copy rate is 2/4 = 0.5 (rows 30,A and 52,C), duplicates within synthetic 0/4', () => {
    const r = identicalRows(real, synthetic);
    expect(r).toMatchObject({
      syntheticRows: 4,
      identicalRows: 2,
      exactCopyRate: 0.5,
      distinctRealRowsReproduced: 2,
      numericDigits: { age: 0 },
    });
    expect(r.tolerance).toBe(
      "numbers rounded to the real column's learned digits (age: 0 decimals), then exact match; " +
        'categories by coerced value (30, "30" and 30.0 are equal; missing equals missing)',
    );
    expect(duplicateRows(synthetic)).toMatchObject({ rows: 4, duplicateRows: 0, duplicateRate: 0 });
  });

  it('30, "30" and 30.0 are the same value whatever kind each table gave age', () => {
    const variants = [
      datasetFromRows(csvRows('age,grade\n30,A\n41,C\n52,C\n63,D\n'), { kinds: { age: 'float' } }),
      datasetFromRows(
        [
          { age: '30', grade: 'A' },
          { age: '41', grade: 'C' },
          { age: '52.0', grade: 'C' },
          { age: '63', grade: 'D' },
        ],
        { kinds: { age: 'categorical' } },
      ),
    ];
    for (const syn of variants) {
      expect(identicalRows(real, syn).exactCopyRate).toBe(0.5);
      // And the other way round: a categorical real column against numbers.
      expect(identicalRows(syn, real).identicalRows).toBe(2);
    }
  });

  it('a 4-row table of two binary columns: every possible row is a copy, and the rate says 1.0', () => {
    const all = datasetFromRows(csvRows('a,b\n0,0\n0,1\n1,0\n1,1\n'), {
      kinds: { a: 'categorical', b: 'categorical' },
    });
    const syn = datasetFromRows(csvRows('a,b\n1,1\n0,0\n1,1\n0,1\n1,0\n0,0\n'), {
      kinds: { a: 'categorical', b: 'categorical' },
    });
    expect(identicalRows(all, syn)).toMatchObject({
      identicalRows: 6,
      exactCopyRate: 1,
      distinctRealRowsReproduced: 4,
    });
    expect(duplicateRows(syn)).toMatchObject({ duplicateRows: 2, duplicateRate: 2 / 6 });
  });
});
