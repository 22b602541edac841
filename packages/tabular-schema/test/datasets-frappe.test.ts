import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Rng } from '@synthctr/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CACHE_ENV,
  type CodedColumnSchema,
  DataSourceError,
  FRAPPE_FIELDS,
  FRAPPE_FILES,
  FRAPPE_URL_ENV,
  type FrappeData,
  hashMismatch,
  loadDataset,
  loadFrappe,
  readCsv,
} from '../src/index.js';

/**
 * Frappe from ../shared/data/frappe (read at run time, never copied into the repository),
 * and the download path tested against an HTTP server on 127.0.0.1 that serves those files.
 */
const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const FRAPPE_DIR = resolve(REPO_ROOT, '../shared/data/frappe');
const hasData = existsSync(join(FRAPPE_DIR, FRAPPE_FILES.validation.file));

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'synthctr-frappe-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function positives(labels: Int32Array): number {
  return labels.reduce((s, v) => s + v, 0);
}

describe.skipIf(!hasData)('loadFrappe from a folder', () => {
  let once: Promise<FrappeData> | undefined;
  const pooled = () => {
    once ??= loadFrappe({ split: 'pooled', dataDir: FRAPPE_DIR });
    return once;
  };

  it('builds the frappe-pooled split exactly: sizes, positives, ten categorical fields', async () => {
    const started = performance.now();
    const data = await pooled();
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(10);
    expect(data.protocol).toBe('frappe-pooled');
    expect([data.train.nRows, data.valid.nRows, data.test.nRows]).toEqual([60_608, 17_316, 8_658]);
    expect([positives(data.train.labelCodes()), positives(data.valid.labelCodes())]).toEqual([
      20_021, 5_667,
    ]);
    expect(positives(data.test.labelCodes())).toBe(2_911);
    const columns = data.train.schema.columns;
    expect(columns.map((c) => c.name)).toEqual(['label', ...FRAPPE_FIELDS.map((f) => f.name)]);
    expect(columns.every((c) => c.kind === 'categorical')).toBe(true);
    expect(data.train.schema).toBe(data.test.schema);
    const distinct = columns
      .slice(1)
      .reduce((s, c) => s + (c as CodedColumnSchema).categories.length, 0);
    expect(distinct).toBe(5_328);
  });

  it('numbers the rows across validation then test and sends row i by i mod 10', async () => {
    const data = await pooled();
    const lines = readFileSync(join(FRAPPE_DIR, FRAPPE_FILES.validation.file), 'utf8').split(
      '\r\n',
    );
    const asRow = (line: string) => {
      const [label, ...features] = line.split(' ');
      const row: Record<string, number> = { label: label === '1' ? 1 : 0 };
      FRAPPE_FIELDS.forEach((f, k) => {
        row[f.name] = Number(features[k].split(':')[0]);
      });
      return row;
    };
    expect(data.train.row(0)).toEqual(asRow(lines[0]));
    expect(data.train.row(7)).toEqual(asRow(lines[10]));
    expect(data.valid.row(0)).toEqual(asRow(lines[7]));
    expect(data.valid.row(1)).toEqual(asRow(lines[8]));
    expect(data.test.row(0)).toEqual(asRow(lines[9]));
    const testLines = readFileSync(join(FRAPPE_DIR, FRAPPE_FILES.test.file), 'utf8').split('\r\n');
    // Global row 57,722 (the first test line) has i mod 10 = 2: train row 40,406.
    expect(data.train.row(40_406)).toEqual(asRow(testLines[0]));
  });

  const csv = join(FRAPPE_DIR, 'frappe_x1', 'valid.csv');
  it.skipIf(!existsSync(csv))(
    'agrees cell by cell with the BARS Frappe_x1 CSV of the validation file',
    async () => {
      const x1 = readCsv(readFileSync(csv), { label: 'label' });
      const parts = await loadDataset('frappe', { split: 'pooled', dataDir: FRAPPE_DIR });
      const pooled = parts.parts.train;
      expect(x1.nRows).toBe(FRAPPE_FILES.validation.rows);
      // Train rows 0..6 are validation rows 0..6, train rows 7..13 are validation rows 10..16, ...
      for (let t = 0; t < 40_000; t += 997) {
        const v = Math.floor(t / 7) * 10 + (t % 7);
        expect(pooled.row(t)).toEqual(x1.row(v));
      }
    },
  );

  it('matches the published hashes of the files in the folder', () => {
    for (const role of ['validation', 'test'] as const) {
      const bytes = readFileSync(join(FRAPPE_DIR, FRAPPE_FILES[role].file));
      expect(hashMismatch(FRAPPE_FILES[role], bytes)).toBeNull();
    }
  });

  it('names the missing train file of the official split and how to get it', async () => {
    await expect(loadFrappe({ split: 'official', dataDir: FRAPPE_DIR })).rejects.toThrow(
      `loadFrappe: the official split needs frappe.train.libfm, which is not in '${FRAPPE_DIR}' ` +
        '(libFM files there: frappe.test.libfm, frappe.validation.libfm). Download it from ' +
        'https://raw.githubusercontent.com/hexiangnan/neural_factorization_machine/ca2a5d11b929816aa44c6e470e795af144608507/data/frappe/frappe.train.libfm ' +
        "(git blob 176b2aaf1f63dd13d3e66a5c17c8ec8186e91893) into that folder, or use split 'pooled', " +
        'which needs only the validation and test files.',
    );
  });

  it('[slow] builds the official split from three files with one schema (a synthetic train file)', async () => {
    // The real train file is not public here: write one of the right size with random indices,
    // and link the real validation and test files next to it.
    const dir = tempDir();
    const rng = new Rng(11);
    const { rows, positives: pos } = FRAPPE_FILES.train;
    const lines: string[] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      const features = FRAPPE_FIELDS.map((f) => `${f.first + rng.int(f.last - f.first + 1)}:1`);
      lines[i] = `${i < pos ? '1' : '-1'} ${features.join(' ')}`;
    }
    writeFileSync(join(dir, FRAPPE_FILES.train.file), `${lines.join('\r\n')}\r\n`);
    for (const role of ['validation', 'test'] as const) {
      symlinkSync(join(FRAPPE_DIR, FRAPPE_FILES[role].file), join(dir, FRAPPE_FILES[role].file));
    }
    const data = await loadFrappe({ split: 'official', dataDir: dir });
    expect(data.protocol).toBe('frappe-official');
    expect([data.train.nRows, data.valid.nRows, data.test.nRows]).toEqual([
      202_027, 57_722, 28_860,
    ]);
    expect(positives(data.train.labelCodes())).toBe(67_604);
    expect(positives(data.valid.labelCodes())).toBe(19_063);
    expect(data.train.schema).toBe(data.valid.schema);
    expect((data.train.columnSchema('user') as CodedColumnSchema).categories).toHaveLength(957);
    const [label, ...features] = lines[123_456].split(' ');
    const expected: Record<string, number> = { label: label === '1' ? 1 : 0 };
    FRAPPE_FIELDS.forEach((f, k) => {
      expected[f.name] = Number(features[k].split(':')[0]);
    });
    expect(data.train.row(123_456)).toEqual(expected);
  });

  it('refuses a truncated file by its row and positive counts', async () => {
    const dir = tempDir();
    const lines = readFileSync(join(FRAPPE_DIR, FRAPPE_FILES.validation.file), 'utf8').split(
      '\r\n',
    );
    writeFileSync(join(dir, FRAPPE_FILES.validation.file), lines.slice(0, 1000).join('\r\n'));
    writeFileSync(
      join(dir, FRAPPE_FILES.test.file),
      readFileSync(join(FRAPPE_DIR, FRAPPE_FILES.test.file)),
    );
    const error = await loadFrappe({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataSourceError);
    expect((error as Error).message).toMatch(
      /^loadFrappe: .*frappe\.validation\.libfm has 1000 rows \(\d+ positive\), expected 57722 \(19063 positive\)/,
    );
  });

  it('says so when the folder does not exist', async () => {
    await expect(loadFrappe({ dataDir: '/nonexistent/frappe' })).rejects.toThrow(
      "loadFrappe: the data folder '/nonexistent/frappe' does not exist; pass the folder that holds " +
        'frappe.validation.libfm, frappe.test.libfm.',
    );
  });
});

describe.skipIf(!hasData)('loadFrappe downloads (from a server on 127.0.0.1)', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const [, mode, file] = (req.url ?? '').split('/');
      const path = join(FRAPPE_DIR, file ?? '');
      if (!file?.endsWith('.libfm') || !existsSync(path)) {
        res.writeHead(404).end('not found');
        return;
      }
      const bytes = readFileSync(path);
      if (mode === 'corrupt') bytes[100] ^= 0x01;
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const envBefore = { url: process.env[FRAPPE_URL_ENV], cache: process.env[CACHE_ENV] };
  afterEach(() => {
    for (const [key, value] of [
      [FRAPPE_URL_ENV, envBefore.url],
      [CACHE_ENV, envBefore.cache],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('downloads into the cache, checks the hash, and reads the cache the second time', async () => {
    const cacheDir = tempDir();
    requests.length = 0;
    const data = await loadFrappe({ baseUrl: `${base}/good/`, cacheDir });
    expect([data.train.nRows, data.valid.nRows, data.test.nRows]).toEqual([60_608, 17_316, 8_658]);
    expect(requests).toEqual(['/good/frappe.validation.libfm', '/good/frappe.test.libfm']);
    expect(data.files.validation).toBe(join(cacheDir, 'frappe', 'frappe.validation.libfm'));
    const again = await loadFrappe({ baseUrl: `${base}/good`, cacheDir });
    expect(requests).toHaveLength(2);
    expect(again.test.row(5)).toEqual(data.test.row(5));
  });

  it('fails with a clear error on a corrupted download and caches nothing', async () => {
    const cacheDir = tempDir();
    const bytes = readFileSync(join(FRAPPE_DIR, FRAPPE_FILES.validation.file));
    bytes[100] ^= 0x01;
    const got = createHash('sha256').update(bytes).digest('hex');
    const url = `${base}/corrupt/frappe.validation.libfm`;
    await expect(loadFrappe({ baseUrl: `${base}/corrupt/`, cacheDir })).rejects.toThrow(
      `loadFrappe: the download of frappe.validation.libfm from ${url} does not match its recorded ` +
        `hash (sha256: expected ${FRAPPE_FILES.validation.sha256}, got ${got}); the copy is corrupt ` +
        'or the source changed. Nothing was cached. Try again, or point the base URL at a good mirror.',
    );
    expect(existsSync(join(cacheDir, 'frappe', FRAPPE_FILES.validation.file))).toBe(false);
  });

  it('replaces a corrupt cached copy and says so through onNotice', async () => {
    const cacheDir = tempDir();
    await loadFrappe({ baseUrl: `${base}/good/`, cacheDir });
    const cached = join(cacheDir, 'frappe', FRAPPE_FILES.test.file);
    writeFileSync(cached, 'garbage');
    const notices: string[] = [];
    const data = await loadFrappe({
      baseUrl: `${base}/good/`,
      cacheDir,
      onNotice: (n) => notices.push(n.code),
    });
    expect(notices).toEqual(['cache-corrupt']);
    expect(data.test.nRows).toBe(8_658);
    expect(hashMismatch(FRAPPE_FILES.test, readFileSync(cached))).toBeNull();
  });

  it('names the train file the server does not have for the official split', async () => {
    const cacheDir = tempDir();
    await expect(
      loadFrappe({ split: 'official', baseUrl: `${base}/good/`, cacheDir }),
    ).rejects.toThrow(
      `loadFrappe: downloading frappe.train.libfm from ${base}/good/frappe.train.libfm gave HTTP 404 ` +
        'Not Found; expected 200.',
    );
  });

  it('takes SYNTHCTR_FRAPPE_URL and SYNTHCTR_CACHE when no options are given', async () => {
    const cacheDir = tempDir();
    process.env[FRAPPE_URL_ENV] = `${base}/good/`;
    process.env[CACHE_ENV] = cacheDir;
    const data = await loadFrappe();
    expect(data.valid.nRows).toBe(17_316);
    expect(existsSync(join(cacheDir, 'frappe', FRAPPE_FILES.test.file))).toBe(true);
  });

  it('offline, with no folder given, says how to pass one', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const hint =
      'To use files you already have, pass their folder: loadFrappe({ dataDir: "/path/to/frappe" }) ' +
      '(the CLIs take --data-dir /path/to/frappe), or set SYNTHCTR_FRAPPE_URL to a mirror.';
    await expect(
      loadFrappe({ baseUrl: `http://127.0.0.1:${port}/`, cacheDir: tempDir() }),
    ).rejects.toThrow(
      `loadFrappe: could not download frappe.validation.libfm from http://127.0.0.1:${port}/frappe.validation.libfm ` +
        `(ECONNREFUSED); the machine may be offline. ${hint}`,
    );
    const cacheDir = tempDir();
    await expect(loadFrappe({ download: false, cacheDir })).rejects.toThrow(
      `loadFrappe: frappe.validation.libfm is not in the cache (${join(cacheDir, 'frappe')}) and downloads are off. ${hint}`,
    );
  });
});
