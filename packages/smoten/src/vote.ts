import type { NominalFeature } from './features.js';
import type { Neighbours } from './search.js';

/** Above this many neighbours the vote counts with a Map instead of pairwise comparison. */
export const SMALL_VOTE = 32;

/**
 * The SMOTEN vote of every distinct point: per feature, the most common code among the
 * point's neighbour rows, ties to the code whose category sorts first (the reference's
 * scipy.stats.mode on ordinal codes). `rows` maps the searched rows to table rows.
 * Returns nPoints x features codes.
 */
export function voteGroups(
  features: readonly NominalFeature[],
  rows: Int32Array,
  nb: Neighbours,
): Int32Array {
  const nf = features.length;
  const k = nb.k;
  const points = nb.groups.nPoints;
  const out = new Int32Array(points * nf);
  const scratch = new Int32Array(k);
  for (let u = 0; u < points; u++) {
    for (let f = 0; f < nf; f++) {
      const codes = features[f].codes;
      for (let j = 0; j < k; j++) scratch[j] = codes[rows[nb.rows[u * k + j]]];
      out[u * nf + f] = mostCommon(scratch, features[f].rank);
    }
  }
  return out;
}

/** The most common code, ties to the smallest rank. */
export function mostCommon(codes: Int32Array, rank: Int32Array): number {
  if (codes.length > SMALL_VOTE) return mostCommonLarge(codes, rank);
  let best = codes[0];
  let bestCount = 0;
  for (let a = 0; a < codes.length; a++) {
    const c = codes[a];
    let count = 0;
    for (let b = 0; b < codes.length; b++) if (codes[b] === c) count++;
    if (count > bestCount || (count === bestCount && rank[c] < rank[best])) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

function mostCommonLarge(codes: Int32Array, rank: Int32Array): number {
  const counts = new Map<number, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  let best = codes[0];
  let bestCount = 0;
  for (const [c, count] of counts) {
    if (count > bestCount || (count === bestCount && rank[c] < rank[best])) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}
