import type { Rng } from '@synthctr/runtime/light';
import {
  type CategoryValue,
  ConditionError,
  type Conditions,
  type Dataset,
  formatCategory,
  isCoded,
  resolveConditions,
  type Schema,
} from '@synthctr/tabular-schema';
import { SmotenError } from './errors.js';
import { compareCategories } from './order.js';
import type { ClassCount } from './strategy.js';

/** The classes of the label that have rows, in sorted class order. */
export function presentClasses(data: Dataset): ClassCount[] {
  const labels = data.labelCodes();
  const label = data.columnSchema(data.label!);
  const categories = isCoded(label) ? label.categories : [];
  const counts = new Int32Array(categories.length);
  for (let i = 0; i < labels.length; i++) counts[labels[i]] += 1;
  return categories
    .map((value, code) => ({ code, value, count: counts[code] }))
    .filter((c) => c.count > 0)
    .sort((a, b) => compareCategories(a.value, b.value));
}

/** What `sampleLabels` needs to know of a fitted model. */
export interface ClassView {
  method: string;
  /** The modelled schema (constrained columns merged). */
  schema: Schema;
  /** The real schema conditions are written against. */
  realSchema: Schema;
  classes: readonly ClassCount[];
  prepared: ReadonlySet<number>;
  valueOf: (code: number) => CategoryValue;
}

/**
 * The class of each of n new rows. Conditions may name only the label (checked against the
 * real schema first, so an unknown column or value is reported as such); without them each
 * row's class is drawn in proportion to the class sizes among the prepared classes.
 */
export function sampleLabels(
  view: ClassView,
  n: number,
  conditions: Conditions | undefined,
  rng: Rng,
  where: string,
): Int32Array {
  const label = view.schema.label!;
  const labels = new Int32Array(n);
  if (conditions && Object.keys(conditions).length > 0) {
    resolveConditions(view.realSchema, n, conditions);
    const other = Object.keys(conditions).find((name) => name !== label);
    if (other !== undefined) {
      throw new ConditionError(
        `${where}: ${view.method} can only condition on the label '${label}', got a condition on '${other}'; ` +
          'filter the rows before fitting or the sampled rows afterwards.',
      );
    }
    for (const g of resolveConditions(view.schema, n, conditions)) {
      assertPrepared(view, g.codes[label], where);
      for (const row of g.rows) labels[row] = g.codes[label];
    }
    return labels;
  }
  const pool = view.classes.filter((c) => view.prepared.has(c.code));
  const weights = pool.map((c) => c.count);
  for (let i = 0; i < n; i++) labels[i] = pool[rng.categorical(weights)].code;
  return labels;
}

function assertPrepared(view: ClassView, code: number, where: string): void {
  if (view.prepared.has(code)) return;
  const value = formatCategory(view.valueOf(code));
  if (!view.classes.some((c) => c.code === code)) {
    throw new SmotenError(
      `${where}: class ${value} has no rows in the table the model was fitted on, so there is nothing to oversample.`,
    );
  }
  const ready = view.classes
    .filter((c) => view.prepared.has(c.code))
    .map((c) => formatCategory(c.value));
  throw new SmotenError(
    `${where}: class ${value} was not prepared: fitResample() only prepares the classes its samplingStrategy oversamples ` +
      `(here ${ready.join(', ')}); call fit() to prepare every class.`,
  );
}
