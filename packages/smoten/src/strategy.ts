import { type CategoryValue, categoryKey, formatCategory } from '@synthctr/tabular-schema';
import { SmotenError } from './errors.js';

/** The named strategies; 'auto' is 'not majority'. */
export type StrategyName = 'auto' | 'minority' | 'not minority' | 'not majority' | 'all';

/**
 * Target totals per class: the number of rows each named class should have after
 * oversampling (never fewer than it has). A plain object is keyed by the class written as a
 * string (`{ '1': 1000 }`); a Map is keyed by the class value itself.
 */
export type ClassTargets = Readonly<Record<string, number>> | ReadonlyMap<CategoryValue, number>;

/**
 * How many rows to add per class, as in imbalanced-learn: a name (raise the chosen classes to
 * the majority's count), a ratio in (0, 1] for two classes (the minority is raised to
 * floor(ratio x majority)), target totals per class, or a function of the class counts that
 * returns target totals.
 */
export type SamplingStrategy =
  | StrategyName
  | number
  | ClassTargets
  | ((counts: ReadonlyMap<CategoryValue, number>) => ClassTargets);

/** One class present in the table, in sorted class order. */
export interface ClassCount {
  code: number;
  value: CategoryValue;
  count: number;
}

const NAMES: readonly StrategyName[] = ['auto', 'minority', 'not minority', 'not majority', 'all'];

/**
 * Rows to add per class code, in sorted class order. The majority and minority are the first
 * class with the largest / smallest count in sorted class order, as NumPy's unique order
 * makes them in the reference.
 */
export function resolveStrategy(
  strategy: SamplingStrategy,
  classes: readonly ClassCount[],
  where: string,
): Map<number, number> {
  if (classes.length < 2) {
    throw new SmotenError(
      `${where}: the label has ${classes.length} class${classes.length === 1 ? ` (${formatCategory(classes[0].value)})` : 'es'}; ` +
        'oversampling needs at least 2 classes. Use fit() and sample(n) to draw rows of a single class.',
    );
  }
  const majority = classes.reduce((best, c) => (c.count > best.count ? c : best));
  const minority = classes.reduce((best, c) => (c.count < best.count ? c : best));
  if (typeof strategy === 'string') {
    const pick = (c: ClassCount): boolean => {
      if (strategy === 'minority') return c === minority;
      if (strategy === 'not minority') return c !== minority;
      if (strategy === 'not majority' || strategy === 'auto') return c !== majority;
      if (strategy === 'all') return true;
      throw new SmotenError(
        `${where}: samplingStrategy '${strategy}' is not one of ${NAMES.map((n) => `'${n}'`).join(', ')}; ` +
          'give one of those, a ratio in (0, 1], target totals per class or a function.',
      );
    };
    return new Map(classes.filter(pick).map((c) => [c.code, majority.count - c.count]));
  }
  if (typeof strategy === 'number') return ratioStrategy(strategy, classes, majority, where);
  const targets =
    typeof strategy === 'function'
      ? strategy(new Map(classes.map((c) => [c.value, c.count])))
      : strategy;
  return targetStrategy(targets, classes, where);
}

function ratioStrategy(
  ratio: number,
  classes: readonly ClassCount[],
  majority: ClassCount,
  where: string,
): Map<number, number> {
  if (!(ratio > 0 && ratio <= 1)) {
    throw new SmotenError(`${where}: a samplingStrategy ratio must be in (0, 1], got ${ratio}.`);
  }
  if (classes.length !== 2) {
    throw new SmotenError(
      `${where}: a samplingStrategy ratio needs exactly 2 classes, got ${classes.length}; give target totals per class instead.`,
    );
  }
  const out = new Map<number, number>();
  for (const c of classes) {
    if (c === majority) continue;
    const add = Math.trunc(majority.count * ratio - c.count);
    if (add <= 0) {
      throw new SmotenError(
        `${where}: samplingStrategy ${ratio} gives class ${formatCategory(c.value)} ` +
          `floor(${ratio} x ${majority.count}) rows, but it already has ${c.count}; ` +
          `a ratio only adds rows, so give one above ${c.count} / ${majority.count} = ${(c.count / majority.count).toFixed(4)}.`,
      );
    }
    out.set(c.code, add);
  }
  return out;
}

/**
 * The classes a per-class object or Map names, with their numbers. A plain object's keys are
 * matched to the class written as a string, a Map's keys to the class value itself.
 */
export function perClassEntries(
  values: ClassTargets,
  classes: readonly ClassCount[],
  where: string,
  what: string,
): [ClassCount, number][] {
  const known = classes.map((c) => formatCategory(c.value)).join(', ');
  const find = (key: CategoryValue, byValue: boolean): ClassCount => {
    const hits = classes.filter((c) =>
      byValue ? categoryKey(c.value) === categoryKey(key) : String(c.value) === key,
    );
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) {
      throw new SmotenError(
        `${where}: the ${what} key '${key}' matches classes ${hits.map((c) => formatCategory(c.value)).join(' and ')}; ` +
          'key them by class value with a Map to tell them apart.',
      );
    }
    throw new SmotenError(
      `${where}: ${what} names class ${formatCategory(key)}, which is not in the table; classes: ${known}.`,
    );
  };
  if (values instanceof Map) return [...values].map(([key, n]) => [find(key, true), n]);
  return Object.entries(values).map(([key, n]) => [find(key, false), n]);
}

function targetStrategy(
  targets: ClassTargets,
  classes: readonly ClassCount[],
  where: string,
): Map<number, number> {
  const wanted = new Map<number, number>();
  for (const [c, total] of perClassEntries(targets, classes, where, 'samplingStrategy')) {
    if (!Number.isInteger(total) || total < 0) {
      throw new SmotenError(
        `${where}: the samplingStrategy total for class ${formatCategory(c.value)} must be a whole number >= 0, got ${total}.`,
      );
    }
    if (total < c.count) {
      throw new SmotenError(
        `${where}: samplingStrategy asks for ${total} rows of class ${formatCategory(c.value)} in total, but it already has ${c.count}; ` +
          `over-sampling cannot remove rows, so give a total of at least ${c.count}.`,
      );
    }
    wanted.set(c.code, total - c.count);
  }
  return new Map(
    classes.filter((c) => wanted.has(c.code)).map((c) => [c.code, wanted.get(c.code)!]),
  );
}
