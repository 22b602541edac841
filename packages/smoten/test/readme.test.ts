import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadFrappe, readCsv } from '@synthctr/tabular-schema';
import { readmeBlocks, readmeRegion, stripImports } from '@synthctr/tabular-schema/testing';
import { describe, expect, it } from 'vitest';
import { Smoten } from '../src/index.js';

/**
 * The README's code blocks, run here. Each test first checks that its marked region is the
 * README block (less the import lines), so the two cannot drift apart.
 */
const DATA = resolve(import.meta.dirname, '../../../../shared/data/frappe');

const README = resolve(import.meta.dirname, '../README.md');

/** README block `i` less its imports, and the region `name` of this file. */
const block = (i: number): string => stripImports(readmeBlocks(README)[i]);
const region = (name: string): string => readmeRegion(import.meta.filename, name);

describe('the README examples', () => {
  it('usage: B04 balanced with kNeighbors = 1 gives what the comments state', async () => {
    expect(region('usage')).toBe(block(0));
    // README:usage:start
    const text =
      'color,shape,label\nred,square,A\nred,circle,A\nblue,square,A\nblue,circle,A\n' +
      'green,square,A\ngreen,circle,A\nred,square,B\nblue,circle,B\n';
    const data = readCsv(text, { label: 'label' });
    const smoten = new Smoten({ kNeighbors: 1, seed: 0 });
    const { data: balanced, added } = await smoten.fitResample(data);
    // balanced.nRows: 12, the 8 input rows first and unchanged; added: Map { 'B' => 4 }
    // balanced.slice(8).toRows(): four times { color: 'blue', shape: 'circle', label: 'B' }
    const more = await smoten.sample(3, { conditions: { label: 'B' } });
    // more.nRows: 3, all of class B
    // README:usage:end
    expect(balanced.nRows).toBe(12);
    expect(balanced.slice(0, 8).toRows()).toEqual(data.toRows());
    expect(added).toEqual(new Map([['B', 4]]));
    expect(balanced.slice(8).toRows()).toEqual(
      Array(4).fill({ color: 'blue', shape: 'circle', label: 'B' }),
    );
    expect(more.nRows).toBe(3);
    expect(more.toRows().every((r) => r.label === 'B')).toBe(true);
  });

  it.skipIf(!existsSync(DATA))(
    '[slow] the paper setting on frappe-pooled: +25 % positives, unchunked',
    async () => {
      expect(region('frappe')).toBe(block(1));
      const cwd = process.cwd();
      process.chdir(resolve(import.meta.dirname, '../../..'));
      try {
        // README:frappe:start
        const frappe = await loadFrappe({
          split: 'pooled',
          dataDir: '../shared/data/frappe',
          download: false,
        });
        const positives = frappe.train
          .labelCodes()
          .filter((c) => c === frappe.train.codeOf('label', 1)).length;
        const s1 = new Smoten({
          kNeighbors: 2,
          samplingStrategy: new Map([[1, Math.round(1.25 * positives)]]),
        });
        const { data: augmented } = await s1.fitResample(frappe.train);
        // positives: 20021; augmented.nRows: 60608 + 5005 = 65613
        // README:frappe:end
        expect(positives).toBe(20021);
        expect(augmented.nRows).toBe(65613);
        expect(
          augmented
            .slice(60608)
            .toRows()
            .every((r) => r.label === 1),
        ).toBe(true);
      } finally {
        process.chdir(cwd);
      }
    },
  );
});
