import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset, writeDataset } from '../src/cache.js';
import { plantedCtrTable } from '../src/planted.js';
import { type CellResult, ResultStore } from '../src/store.js';

const result = (key: string, auc: number) => ({ key, testAuc: auc }) as unknown as CellResult;

describe('ResultStore', () => {
  it('keeps whole lines and drops (and truncates away) a partial last line left by a kill', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const store = new ResultStore(join(dir, 'results.jsonl'));
    store.append(result('a', 0.9));
    store.append(result('b', 0.8));
    appendFileSync(store.path, '{"key":"c","testAu');
    const loaded = store.load();
    expect([...loaded.keys()]).toEqual(['a', 'b']);
    expect(readFileSync(store.path, 'utf8').endsWith('}\n')).toBe(true);
    store.append(result('c', 0.7));
    expect([...store.load().keys()]).toEqual(['a', 'b', 'c']);
  });

  it('writes and reads a cached Dataset exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cache-'));
    const data = plantedCtrTable(500, 3);
    writeDataset(join(dir, 'd.bin'), data);
    const back = readDataset(join(dir, 'd.bin'));
    expect(back.schema).toEqual(data.schema);
    expect(back.toRows()).toEqual(data.toRows());
  });
});
