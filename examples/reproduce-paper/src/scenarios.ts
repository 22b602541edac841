import { SynthctrError } from '@synthctr/runtime';
import type { CategoryValue, Dataset } from '@synthctr/tabular-schema';

/** A scenario's recipe: how many synthetic rows of each label join (or replace) the real rows. */
export interface ScenarioSpec {
  /** The name used in tables: `original`, `S1`..`S5`, or a custom name. */
  name: string;
  /** Synthetic rows per label as a fraction of that label's real count (e.g. { 1: 0.25 }). */
  ratios: Record<string, number>;
  /** True when the real rows are dropped (S5: fully synthetic). */
  replace: boolean;
}

/** The paper's five scenarios and the baseline. */
export const PAPER_SCENARIOS: Record<string, ScenarioSpec> = {
  original: { name: 'original', ratios: {}, replace: false },
  S1: { name: 'S1', ratios: { '1': 0.25 }, replace: false },
  S2: { name: 'S2', ratios: { '1': 0.5 }, replace: false },
  S3: { name: 'S3', ratios: { '0': 0.25 }, replace: false },
  S4: { name: 'S4', ratios: { '0': 0.5 }, replace: false },
  S5: { name: 'S5', ratios: { '0': 1, '1': 1 }, replace: true },
};

/** Errors in scenario names or ratios. */
export class ScenarioError extends SynthctrError {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/**
 * Parses a scenario name: a paper scenario (`original`, `S1`..`S5`) or a custom one written
 * `neg+10%`, `pos+30%`, `neg+10%,pos+5%` joined with `&` (e.g. `neg+10%&pos+5%`), or
 * `synthetic` (fully synthetic, like S5).
 */
export function parseScenario(name: string): ScenarioSpec {
  const paper = PAPER_SCENARIOS[name];
  if (paper) return paper;
  if (name === 'synthetic') return { ...PAPER_SCENARIOS.S5, name };
  const ratios: Record<string, number> = {};
  for (const part of name.split('&')) {
    const m = part.match(/^(neg|pos|label=([^+]+))\+(\d+(?:\.\d+)?)%$/);
    if (!m) {
      throw new ScenarioError(
        `scenario '${name}': expected original, S1..S5, synthetic, or parts like neg+25%, pos+10%, ` +
          `label=2+5% joined by '&'.`,
      );
    }
    const label = m[1] === 'neg' ? '0' : m[1] === 'pos' ? '1' : m[2];
    ratios[label] = Number(m[3]) / 100;
  }
  return { name, ratios, replace: false };
}

/** Real count per label value (keyed by String(value)). */
export function labelCounts(train: Dataset): Map<string, { value: CategoryValue; count: number }> {
  const label = train.label;
  if (label === null) throw new ScenarioError('scenario: the training table has no label column.');
  const schema = train.columnSchema(label);
  const categories = 'categories' in schema ? schema.categories : [];
  const codes = train.labelCodes();
  const counts = new Map<string, { value: CategoryValue; count: number }>();
  for (const value of categories) counts.set(String(value), { value, count: 0 });
  for (let i = 0; i < codes.length; i++) counts.get(String(categories[codes[i]]))!.count += 1;
  return counts;
}

/**
 * Synthetic rows to generate per label for a scenario: round(ratio x real count). A label the
 * training table does not have is an error naming it and the labels it has.
 */
export function syntheticCounts(train: Dataset, spec: ScenarioSpec): Map<string, number> {
  const counts = labelCounts(train);
  const out = new Map<string, number>();
  for (const [label, ratio] of Object.entries(spec.ratios)) {
    const real = counts.get(label);
    if (!real) {
      throw new ScenarioError(
        `scenario '${spec.name}': the label has no value '${label}'; values: ${[...counts.keys()].join(', ')}.`,
      );
    }
    if (!(ratio >= 0))
      throw new ScenarioError(
        `scenario '${spec.name}': ratio ${ratio} for label ${label} is negative.`,
      );
    out.set(label, Math.round(ratio * real.count));
  }
  return out;
}

/**
 * The most synthetic rows per label any of `specs` needs. One set of that size is generated per
 * (method, seed) and every scenario takes a prefix of it, so S1's rows are the first half of S2's
 * and the largest set is sampled once.
 */
export function maxSyntheticCounts(train: Dataset, specs: ScenarioSpec[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const spec of specs) {
    for (const [label, n] of syntheticCounts(train, spec))
      out.set(label, Math.max(out.get(label) ?? 0, n));
  }
  return out;
}

/**
 * Builds a scenario's training table from the real one and per-label synthetic pools (rows of
 * that label only, at least as many as needed): the real rows (unless replaced) followed by
 * the first k rows of each label's pool, labels in ascending order. The CTR trainer shuffles.
 */
export function buildScenario(
  train: Dataset,
  spec: ScenarioSpec,
  pools: Map<string, Dataset>,
): Dataset {
  const needed = syntheticCounts(train, spec);
  const parts: Dataset[] = [];
  for (const label of [...needed.keys()].sort()) {
    const k = needed.get(label)!;
    if (k === 0) continue;
    const pool = pools.get(label);
    if (!pool || pool.nRows < k) {
      throw new ScenarioError(
        `scenario '${spec.name}': needs ${k} synthetic rows with label ${label}, the pool has ${pool?.nRows ?? 0}.`,
      );
    }
    parts.push(pool.slice(0, k));
  }
  if (spec.replace) {
    if (parts.length === 0)
      throw new ScenarioError(`scenario '${spec.name}' replaces the real rows with nothing.`);
    return parts[0].concat(...parts.slice(1));
  }
  return parts.length === 0 ? train : train.concat(...parts);
}
