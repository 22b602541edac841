import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GenResult } from '../src/jobs.js';
import { reportHtml } from '../src/report.js';
import type { CellResult } from '../src/store.js';
import { summarise, summarisePrivacy } from '../src/summary.js';
import { type RunDescription, table1Markdown, table2Markdown } from '../src/tables.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const run: RunDescription = {
  profile: 'smoke',
  protocol: 'frappe-pooled',
  dataset: 'frappe',
  seeds: [1, 2],
  backend: 'wasm',
  mode: 'native',
  reductions: [],
};

function cell(
  method: string,
  scenario: string,
  model: string,
  seed: number,
  auc: number,
): CellResult {
  return {
    key: `${method}-${scenario}-${model}-${seed}`,
    method,
    scenario,
    model,
    seed,
    testAuc: auc,
  } as CellResult;
}

function fixture(): { results: CellResult[]; gens: GenResult[] } {
  const results: CellResult[] = [];
  for (const seed of [1, 2]) {
    for (const model of ['dnn', 'deepfm']) {
      results.push(cell('original', 'original', model, seed, 0.95 + seed * 0.001));
      for (const [i, m] of ['copula', 'smoten'].entries()) {
        for (const [j, s] of ['S1', 'S3', 'S5'].entries()) {
          results.push(
            cell(m, s, model, seed, 0.95 + seed * 0.001 + (j === 2 ? -0.2 : 0.002 * (i + j - 1))),
          );
        }
      }
    }
  }
  const gens = ['copula', 'smoten'].flatMap((method, i) =>
    [1, 2].map(
      (seed) =>
        ({
          key: `${method}${seed}`,
          method,
          seed,
          identicalRows: 10 + 100 * i,
          syntheticRows: 1000,
          identicalRate: (10 + 100 * i) / 1000,
          dcrMedian: 0.3,
          dcrP5: 0.1,
          columnShapes: 0.9,
          fitSeconds: 2,
        }) as GenResult,
    ),
  );
  return { results, gens };
}

describe('report', () => {
  it('lays Table 2 out as the paper does and marks the test used', () => {
    const { results, gens } = fixture();
    const cells = summarise(results, () => null, null);
    const t2 = table2Markdown(cells, run);
    expect(t2).toContain(
      '| Scenario | GaussianCopula DeepFM | GaussianCopula DNN | SMOTEN DeepFM | SMOTEN DNN |',
    );
    expect(t2).toContain('| original | 0.95150 ± 0.00071 | 0.95150 ± 0.00071 |');
    expect(t2).toContain('| **0.95350 ± 0.00071 (Δ +0.00200, paired t p=<1e-4)** |');
    expect(t2).toContain('| S1 | 0.94950 ± 0.00071 (Δ −0.00200, paired t p=<1e-4) |');
    const t1 = table1Markdown(summarisePrivacy(gens), run);
    expect(t1).toContain('| SMOTEN | 1000 | 110.0 ± 0.0 | 11.00% |');
  });

  it.skipIf(!CHROMIUM)(
    'renders offline in headless Chromium with both tables and both charts',
    () => {
      const { results, gens } = fixture();
      const cells = summarise(results, () => null, null);
      const privacy = summarisePrivacy(gens);
      const html = reportHtml(
        run,
        table1Markdown(privacy, run),
        table2Markdown(cells, run),
        cells,
        privacy,
      );
      expect(html).not.toMatch(/https?:\/\//);
      const dir = mkdtempSync(join(tmpdir(), 'report-'));
      const file = join(dir, 'report.html');
      writeFileSync(file, html);
      const profile = join(dir, 'profile');
      const dom = execFileSync(
        CHROMIUM!,
        [...FLAGS, `--user-data-dir=${profile}`, '--dump-dom', `file://${file}`],
        { encoding: 'utf8', timeout: 60_000 },
      );
      // Table 1 and one block of Table 2 (two methods fit in one block of three).
      expect((dom.match(/<table>/g) ?? []).length).toBe(2);
      // 2 methods x 2 augmentation scenarios x 2 models bars, plus 2 x 2 S5 bars; 2 x 2 privacy points.
      expect((dom.match(/class="bar"/g) ?? []).length).toBe(12);
      expect((dom.match(/class="point"/g) ?? []).length).toBe(4);
      const png = join(dir, 'shot.png');
      execFileSync(
        CHROMIUM!,
        [
          ...FLAGS,
          `--user-data-dir=${profile}`,
          '--window-size=1280,2400',
          `--screenshot=${png}`,
          `file://${file}`,
        ],
        { timeout: 60_000, stdio: 'ignore' },
      );
      expect(statSync(png).size).toBeGreaterThan(20_000);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    },
    120_000,
  );
});
