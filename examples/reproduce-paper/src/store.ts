import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** One finished cell as written to results.jsonl. */
export interface CellResult {
  key: string;
  method: string;
  scenario: string;
  model: string;
  seed: number;
  validAuc: number;
  testAuc: number;
  validLogloss: number;
  testLogloss: number;
  epochs: number;
  seconds: number;
  trainRows: number;
  syntheticRows: number;
  backend: string;
  protocol: string;
  profile: string;
  dataset: string;
  versions: Record<string, string>;
  finishedAt: string;
}

/**
 * The append-only result store. Each finished cell is one JSON line written with a single
 * append, so a process killed at any moment leaves at most a truncated last line, which
 * `load` drops (and truncates away) on the next run.
 */
export class ResultStore {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  /** The finished cells, keyed by cell key (a later line for the same key wins). */
  load(): Map<string, CellResult> {
    const out = new Map<string, CellResult>();
    if (!existsSync(this.path)) return out;
    const text = readFileSync(this.path, 'utf8');
    const total = Buffer.byteLength(text);
    let good = 0;
    let offset = 0;
    for (const line of text.split('\n')) {
      const end = offset + Buffer.byteLength(line) + 1;
      if (line.trim() !== '') {
        try {
          const r = JSON.parse(line) as CellResult;
          if (end > total) break; // a last line without its newline is partial
          out.set(r.key, r);
          good = end;
        } catch {
          break;
        }
      } else if (end <= total) good = end;
      offset = end;
    }
    if (good < total) truncateSync(this.path, good);
    return out;
  }

  /** Appends one finished cell (one write call). */
  append(result: CellResult): void {
    appendFileSync(this.path, `${JSON.stringify(result)}\n`);
  }
}

/** Writes a file atomically: to a temporary name, then renamed over the target. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
