import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const FRAPPE = resolve(ROOT, '../shared/data/frappe');
const HAS_DATA = existsSync(join(FRAPPE, 'frappe.validation.libfm'));

describe('reproduce-paper smoke profile [slow]', () => {
  it.skipIf(!HAS_DATA)(
    'runs every method x scenario x model on a Frappe subsample and writes the four outputs',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'smoke-'));
      const started = Date.now();
      const run = spawnSync(
        process.execPath,
        [
          '--conditions=@synthctr/source',
          '--import',
          'tsx',
          'examples/reproduce-paper/src/cli.ts',
          '--profile',
          'smoke',
          '--data-dir',
          FRAPPE,
          '--split',
          'pooled',
          '--workers',
          '2',
          '--out',
          out,
        ],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, SYNTHCTR_BACKEND: 'wasm' },
          timeout: 900_000,
        },
      );
      const seconds = (Date.now() - started) / 1000;
      expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
      const results = readFileSync(join(out, 'results.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      // 3 baselines + 6 methods x 5 scenarios x 3 models.
      expect(results).toHaveLength(93);
      for (const r of results) {
        expect(r.protocol).toBe('frappe-pooled-subsample');
        expect(r.profile).toBe('smoke');
        expect(r.testAuc).toBeGreaterThan(0.3);
        expect(r.testAuc).toBeLessThan(1);
      }
      const s5 = results.filter((r) => r.scenario === 'S5');
      expect(s5.every((r) => r.syntheticRows === r.trainRows)).toBe(true);
      const t1 = readFileSync(join(out, 'table1.md'), 'utf8');
      for (const m of ['GaussianCopula', 'TVAE', 'CTGAN', 'CopulaGAN', 'Diffusion', 'SMOTEN'])
        expect(t1).toContain(`| ${m} |`);
      const t2 = readFileSync(join(out, 'table2.md'), 'utf8');
      expect(t2).toContain(
        '| Scenario | GaussianCopula DeepFM | GaussianCopula DNN | GaussianCopula MaskNet |',
      );
      expect(t2).toContain('| Scenario | CopulaGAN DeepFM |');
      expect(t2).toContain('frappe-pooled-subsample');
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');
      process.stderr.write(`smoke profile: ${seconds.toFixed(0)} s\n`);
    },
    900_000,
  );
});
