import { meanSd as metricsMeanSd } from '@synthctr/metrics';
import type { GenResult } from './jobs.js';
import { significance } from './models.js';
import type { CellResult } from './store.js';

/**
 * Mean and sample sd over seeds through @synthctr/metrics; NaN (rather than an error) when a
 * cell has no values or a non-finite one, since a table shows such a cell as a dash.
 */
function meanSd(values: number[]): { mean: number; sd: number } {
  if (values.length === 0 || values.some((v) => !Number.isFinite(v)))
    return { mean: Number.NaN, sd: Number.NaN };
  const r = metricsMeanSd(values);
  return { mean: r.mean, sd: r.sd };
}

/** Display names of the methods and models, in the paper's order. */
export const METHOD_LABELS: Record<string, string> = {
  copula: 'GaussianCopula',
  tvae: 'TVAE',
  ctgan: 'CTGAN',
  copulagan: 'CopulaGAN',
  tabddpm: 'Diffusion',
  smoten: 'SMOTEN',
};
export const MODEL_LABELS: Record<string, string> = {
  deepfm: 'DeepFM',
  dnn: 'DNN',
  masknet: 'MaskNet',
};

/** One (method, scenario, model) cell of Table 2, summarised over seeds. */
export interface CellSummary {
  method: string;
  scenario: string;
  model: string;
  seeds: number[];
  mean: number;
  sd: number;
  /** Mean of (this AUC - original's AUC) over the seeds both have. */
  delta: number;
  deltaSd: number;
  /** DeLong's two-sided p per seed against `original` on the same test set. */
  delongP: number[];
  /** Paired t-test over seeds against `original` (NaN with fewer than 2 seeds). */
  pairedP: number;
}

/** Summaries of every cell; `original` cells are shared by all methods. */
export function summarise(
  results: CellResult[],
  predictions: (key: string) => Float32Array | null,
  labels: Int32Array | null,
): CellSummary[] {
  const baseline = new Map<string, CellResult>();
  for (const r of results) if (r.scenario === 'original') baseline.set(`${r.model}/${r.seed}`, r);
  const groups = new Map<string, CellResult[]>();
  for (const r of results) {
    const k = `${r.method}/${r.scenario}/${r.model}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const out: CellSummary[] = [];
  for (const rows of groups.values()) {
    rows.sort((a, b) => a.seed - b.seed);
    const { method, scenario, model } = rows[0];
    const auc = meanSd(rows.map((r) => r.testAuc));
    const pairs = rows
      .map((r) => [r, baseline.get(`${model}/${r.seed}`)] as const)
      .filter(([, b]) => b !== undefined);
    const deltas = meanSd(pairs.map(([r, b]) => r.testAuc - b!.testAuc));
    const sig = significance(
      pairs.map(([r, b]) => ({ a: r, b: b! })),
      predictions,
      labels,
      scenario === 'original',
    );
    out.push({
      method,
      scenario,
      model,
      seeds: rows.map((r) => r.seed),
      mean: auc.mean,
      sd: auc.sd,
      delta: deltas.mean,
      deltaSd: deltas.sd,
      delongP: sig.delongP,
      pairedP: sig.pairedP,
    });
  }
  return out;
}

/** Table 1 per method: identical rows and distance to closest record, mean over seeds. */
export interface PrivacySummary {
  method: string;
  seeds: number;
  syntheticRows: number;
  identicalRows: { mean: number; sd: number };
  identicalRate: { mean: number; sd: number };
  dcrMedian: number;
  dcrP5: number;
  columnShapes: number;
  fitSeconds: number;
}

/** Table 1's figures per method. */
export function summarisePrivacy(gens: GenResult[]): PrivacySummary[] {
  const by = new Map<string, GenResult[]>();
  for (const g of gens) {
    if (!by.has(g.method)) by.set(g.method, []);
    by.get(g.method)!.push(g);
  }
  return [...by.entries()].map(([method, rows]) => {
    const ident = meanSd(rows.map((r) => r.identicalRows));
    const rate = meanSd(rows.map((r) => r.identicalRate));
    return {
      method,
      seeds: rows.length,
      syntheticRows: meanSd(rows.map((r) => r.syntheticRows)).mean,
      identicalRows: { mean: ident.mean, sd: ident.sd },
      identicalRate: { mean: rate.mean, sd: rate.sd },
      dcrMedian: meanSd(rows.map((r) => r.dcrMedian)).mean,
      dcrP5: meanSd(rows.map((r) => r.dcrP5)).mean,
      columnShapes: meanSd(rows.map((r) => r.columnShapes)).mean,
      fitSeconds: meanSd(rows.map((r) => r.fitSeconds)).mean,
    };
  });
}
