import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NoticeCallback } from '@synthctr/runtime/light';
import { DataSourceError } from '../errors.js';

/** The environment variable that moves the download cache. */
export const CACHE_ENV = 'SYNTHCTR_CACHE';

/** A file known by name and hash: what a download or a cached copy must match. */
export interface KnownFile {
  /** The file name at the source and in the cache. */
  file: string;
  /** Its SHA-256 (hex), where recorded. */
  sha256?: string;
  /** Its git blob id (SHA-1 of `blob <size>\0` + bytes), as the source repository lists it. */
  gitBlob?: string;
  /** Its size in bytes, where recorded. */
  bytes?: number;
}

/** How {@link fetchKnownFile} finds a file. */
export interface FetchOptions {
  /** The URL the file name is appended to (a trailing `/` is added when missing). */
  baseUrl: string;
  /** The folder the verified copy is kept in. */
  cacheDir: string;
  /** Whether a missing or stale cached copy may be downloaded. */
  download: boolean;
  /** The fetch function (injectable for tests). */
  fetch: typeof fetch;
  /** Who asks, for messages (`loadFrappe`). */
  context: string;
  /** What to tell the user about passing a local folder instead, for offline messages. */
  offlineHint: string;
  /** Receives a notice when a corrupt cached copy is replaced. */
  onNotice?: NoticeCallback;
}

/** The default cache folder: `SYNTHCTR_CACHE`, else `~/.cache/synthctr`. */
export function defaultCacheDir(): string {
  const fromEnv = process.env[CACHE_ENV]?.trim();
  return fromEnv ? fromEnv : join(homedir(), '.cache', 'synthctr');
}

/** The git blob id of some bytes (what `git hash-object FILE` prints). */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The SHA-256 of some bytes, in hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The first way `bytes` differ from the record of `known`, or null when they match. */
export function hashMismatch(known: KnownFile, bytes: Uint8Array): string | null {
  if (known.bytes !== undefined && bytes.length !== known.bytes) {
    return `size: expected ${known.bytes} bytes, got ${bytes.length}`;
  }
  if (known.sha256) {
    const got = sha256(bytes);
    if (got !== known.sha256) return `sha256: expected ${known.sha256}, got ${got}`;
  }
  if (known.gitBlob) {
    const got = gitBlobId(bytes);
    if (got !== known.gitBlob) return `git blob id: expected ${known.gitBlob}, got ${got}`;
  }
  return null;
}

/**
 * The path of a verified copy of `known` in the cache, downloading it first when it is
 * missing or does not match its hash. A download is checked before it is written, and
 * written atomically (temp file, then rename), so the cache never holds a bad copy.
 */
export async function fetchKnownFile(known: KnownFile, o: FetchOptions): Promise<string> {
  const path = join(o.cacheDir, known.file);
  if (existsSync(path)) {
    const problem = hashMismatch(known, readFileSync(path));
    if (problem === null) return path;
    o.onNotice?.({
      code: 'cache-corrupt',
      message: `${o.context}: the cached ${known.file} does not match its hash (${problem}); downloading it again.`,
    });
  }
  const url = `${o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`}${known.file}`;
  if (!o.download) {
    throw new DataSourceError(
      `${o.context}: ${known.file} is not in the cache (${o.cacheDir}) and downloads are off. ${o.offlineHint}`,
    );
  }
  const bytes = await download(url, known, o);
  const problem = hashMismatch(known, bytes);
  if (problem !== null) {
    throw new DataSourceError(
      `${o.context}: the download of ${known.file} from ${url} does not match its recorded hash ` +
        `(${problem}); the copy is corrupt or the source changed. Nothing was cached. Try again, ` +
        `or point the base URL at a good mirror. ${o.offlineHint}`,
    );
  }
  mkdirSync(o.cacheDir, { recursive: true });
  const temp = `${path}.${process.pid}.partial`;
  writeFileSync(temp, bytes);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return path;
}

async function download(url: string, known: KnownFile, o: FetchOptions): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await o.fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new DataSourceError(
      `${o.context}: could not download ${known.file} from ${url} (${why}); the machine may be ` +
        `offline. ${o.offlineHint}`,
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new DataSourceError(
      `${o.context}: downloading ${known.file} from ${url} gave HTTP ${response.status} ` +
        `${response.statusText}; expected 200. ${o.offlineHint}`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}
