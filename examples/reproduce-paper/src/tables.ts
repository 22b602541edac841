import { DCR_SYNTHETIC_ROWS } from './models.js';
import { fmt, fmtP, fmtSigned } from './stats.js';
import { type CellSummary, METHOD_LABELS, MODEL_LABELS, type PrivacySummary } from './summary.js';

/** What every table states about how its numbers were made. */
export interface RunDescription {
  profile: string;
  protocol: string;
  dataset: string;
  seeds: number[];
  backend: string;
  mode: string;
  reductions: string[];
}

const SCENARIO_ORDER = ['original', 'S1', 'S2', 'S3', 'S4', 'S5'];

function orderScenarios(names: string[]): string[] {
  const known = SCENARIO_ORDER.filter((s) => names.includes(s));
  return [...known, ...names.filter((s) => !SCENARIO_ORDER.includes(s)).sort()];
}

function header(run: RunDescription): string {
  return [
    `Protocol: **${run.protocol}** (dataset ${run.dataset}); profile **${run.profile}**; ` +
      `seeds ${run.seeds.join(', ')}; backend ${run.backend}; synthetic rows per label: ${run.mode}.`,
    run.reductions.length > 0
      ? `Reductions from the paper's settings: ${run.reductions.join('; ')}.`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** One Table 2 cell: mean (± sd), then the change against `original` and its test. */
export function formatCell(c: CellSummary | undefined): string {
  if (!c) return '—';
  const value = c.seeds.length > 1 ? `${fmt(c.mean)} ± ${fmt(c.sd)}` : fmt(c.mean);
  if (c.scenario === 'original') return value;
  const test =
    c.seeds.length > 1
      ? `paired t p=${fmtP(c.pairedP)}`
      : `DeLong p=${fmtP(c.delongP[0] ?? Number.NaN)}`;
  return `${value} (Δ ${fmtSigned(c.delta)}, ${test})`;
}

/**
 * Table 2 in the paper's layout: scenarios down, methods x models (DeepFM, DNN, MaskNet)
 * across, three methods per block; the best scenario per column (excluding original) in bold.
 */
export function table2Markdown(cells: CellSummary[], run: RunDescription): string {
  const methods = Object.keys(METHOD_LABELS).filter((m) => cells.some((c) => c.method === m));
  const extra = [...new Set(cells.map((c) => c.method))].filter(
    (m) => m !== 'original' && !methods.includes(m),
  );
  const allMethods = [...methods, ...extra];
  const models = Object.keys(MODEL_LABELS).filter((m) => cells.some((c) => c.model === m));
  const scenarios = orderScenarios([...new Set(cells.map((c) => c.scenario))]);
  const find = (method: string, scenario: string, model: string) =>
    cells.find(
      (c) =>
        c.model === model &&
        c.scenario === scenario &&
        (scenario === 'original' || c.method === method),
    );
  const lines = [
    '# Table 2: test AUC per scenario, method and CTR model',
    '',
    header(run),
    '',
    'Each cell: mean test AUC over seeds (± sample sd when there are several), then Δ = mean change against ' +
      "`original` with the same model and seed, and the test of that change: DeLong's test on the shared test " +
      'set (one seed) or a paired t-test over seeds. Bold: the best non-original scenario of the column. ' +
      'Scenarios: S1/S2 add synthetic positives equal to 25%/50% of the real positives, S3/S4 synthetic ' +
      'negatives equal to 25%/50% of the real negatives, S5 trains on synthetic rows only (same size and ' +
      'balance); validation and test are real and never change. On an all-categorical table such as ' +
      'Frappe, CopulaGAN has nothing to Gaussianise and is CTGAN exactly, so their columns match.' +
      (run.profile === 'smoke'
        ? ' Smoke-profile figures check the pipeline only: the models train for one epoch.'
        : ''),
    '',
  ];
  for (let b = 0; b < allMethods.length; b += 3) {
    const block = allMethods.slice(b, b + 3);
    lines.push(
      `| Scenario | ${block.map((m) => models.map((md) => `${METHOD_LABELS[m] ?? m} ${MODEL_LABELS[md]}`).join(' | ')).join(' | ')} |`,
    );
    lines.push(`| --- | ${block.map(() => models.map(() => '---').join(' | ')).join(' | ')} |`);
    for (const s of scenarios) {
      const row = block.flatMap((m) =>
        models.map((md) => {
          const cell = find(m, s, md);
          const text = formatCell(cell);
          const best = s !== 'original' && cell && isBest(cells, m, md, cell);
          return best ? `**${text}**` : text;
        }),
      );
      lines.push(`| ${s} | ${row.join(' | ')} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function isBest(cells: CellSummary[], method: string, model: string, cell: CellSummary): boolean {
  const column = cells.filter(
    (c) => c.method === method && c.model === model && c.scenario !== 'original',
  );
  return column.every((c) => c.mean <= cell.mean);
}

/** Table 1: synthetic rows identical to a real training row, per method, with DCR beside it. */
export function table1Markdown(rows: PrivacySummary[], run: RunDescription): string {
  const order = Object.keys(METHOD_LABELS);
  const sorted = [...rows].sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
  const lines = [
    '# Table 1: synthetic rows identical to real training rows',
    '',
    header(run),
    '',
    'Per method, over the full synthetic set drawn for the run (as many rows as the largest scenario ' +
      'needs per label; S5 needs the whole training size): rows identical to at least one real ' +
      'training row, compared on decoded values of every column including the label; the rate; and the ' +
      'distance to the closest real record (share of differing columns; over a seeded subsample of ' +
      `${DCR_SYNTHETIC_ROWS} synthetic rows against every real row), median and 5th percentile. ` +
      'Mean (± sd) over seeds.',
    '',
    '| Method | Synthetic rows | Identical rows | Identical rate | DCR median | DCR 5th pct | Column shapes | Fit s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of sorted) {
    const sd = r.seeds > 1 ? ` ± ${r.identicalRows.sd.toFixed(1)}` : '';
    lines.push(
      `| ${METHOD_LABELS[r.method] ?? r.method} | ${Math.round(r.syntheticRows)} | ${r.identicalRows.mean.toFixed(r.seeds > 1 ? 1 : 0)}${sd} | ` +
        `${(100 * r.identicalRate.mean).toFixed(2)}% | ${fmt(r.dcrMedian, 3)} | ${fmt(r.dcrP5, 3)} | ${fmt(r.columnShapes, 3)} | ${r.fitSeconds.toFixed(1)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
