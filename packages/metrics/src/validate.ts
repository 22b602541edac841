import { MetricError } from './errors.js';

/** Where the non-finite values (NaN, +Infinity, -Infinity) of an array are. */
export interface NonFiniteReport {
  /** Index of the first non-finite value. */
  firstIndex: number;
  /** The first non-finite value itself. */
  firstValue: number;
  /** How many values are non-finite. */
  count: number;
}

/** The non-finite values of `values`, or null when every value is finite. */
export function findNonFinite(values: ArrayLike<number>): NonFiniteReport | null {
  let count = 0;
  let firstIndex = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      if (count === 0) firstIndex = i;
      count += 1;
    }
  }
  return count === 0 ? null : { firstIndex, firstValue: values[firstIndex], count };
}

/** The sentence a non-finite report turns into inside a message. */
export function describeNonFinite(what: string, report: NonFiniteReport): string {
  const noun = report.count === 1 ? 'value' : 'values';
  return (
    `${what} hold ${report.count} non-finite ${noun} (NaN or ±Infinity), ` +
    `the first at index ${report.firstIndex} (${String(report.firstValue)})`
  );
}

/** Throws unless labels and scores have the same length. */
export function checkLengths(
  fn: string,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  what = 'scores',
  one = 'score',
): void {
  if (labels.length !== scores.length) {
    throw new MetricError(
      'length-mismatch',
      `${fn}: labels and ${what} differ in length: expected equal lengths, got ` +
        `${labels.length} labels and ${scores.length} ${what}; pass one ${one} per label.`,
    );
  }
}

/** Binary labels as 0/1 bytes with the class counts; a label other than 0 or 1 is an error. */
export function readLabels(
  fn: string,
  labels: ArrayLike<number>,
): { y: Uint8Array; nPositive: number; nNegative: number } {
  const y = new Uint8Array(labels.length);
  let nPositive = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v === 1) {
      y[i] = 1;
      nPositive += 1;
    } else if (v !== 0) {
      throw new MetricError(
        'bad-label',
        `${fn}: the label at index ${i} is ${String(v)}; expected 0 or 1. ` +
          'Encode the positive class as 1 and the negative class as 0.',
      );
    }
  }
  return { y, nPositive, nNegative: labels.length - nPositive };
}

/** The one-class (or empty) description used by AUC and DeLong messages. */
export function describeClasses(nPositive: number, nNegative: number): string {
  const n = nPositive + nNegative;
  if (n === 0) return 'no rows (0 labels)';
  return `only one class present (${n} ${n === 1 ? 'row' : 'rows'}, all label ${nPositive > 0 ? 1 : 0})`;
}
