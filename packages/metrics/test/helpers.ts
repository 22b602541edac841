/** Test helpers: slow, obviously-correct versions of the fast algorithms. */

/** AUC by counting every (positive, negative) pair. */
export function naiveAuc(y: ArrayLike<number>, s: ArrayLike<number>): number {
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs += 1;
      total += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return total / pairs;
}

/** Minimum mismatch count from each synthetic row to any real row, by full scan. */
export function naiveHamming(real: Int32Array[], synthetic: Int32Array[]): Int32Array {
  const m = real.length;
  const nReal = real[0].length;
  const nSyn = synthetic[0].length;
  const out = new Int32Array(nSyn);
  for (let s = 0; s < nSyn; s++) {
    let best = m;
    for (let r = 0; r < nReal; r++) {
      let d = 0;
      for (let j = 0; j < m; j++) if (real[j][r] !== synthetic[j][s]) d += 1;
      if (d < best) best = d;
    }
    out[s] = best;
  }
  return out;
}

/**
 * Rows of a small CSV text (header first): cells that read as numbers become numbers, the
 * empty cell becomes null, anything else stays a string. Enough for the bad-input tables.
 */
export function csvRows(text: string): Record<string, string | number | null>[] {
  const [head, ...lines] = text.trim().split('\n');
  const names = head.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(
      names.map((n, i) => {
        const c = cells[i] ?? '';
        return [n, c === '' ? null : Number.isFinite(Number(c)) ? Number(c) : c];
      }),
    );
  });
}

/** shared/data next to the repository (never copied into it). */
export const SHARED_DATA = new URL('../../../../shared/data/', import.meta.url);
