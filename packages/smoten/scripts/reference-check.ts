// Writes the SMOTEN neighbour lists of 500 random rows per class of frappe-pooled's train part
// (kNeighbors = 2) to a JSON file, for reference-check.py to compare with a NumPy/SciPy
// re-implementation of imbalanced-learn's neighbour step. Run from the repository root:
//   node --conditions=@synthctr/source --import tsx packages/smoten/scripts/reference-check.ts OUT.json
//   python3 packages/smoten/scripts/reference-check.py OUT.json
import { writeFileSync } from 'node:fs';
import { Rng } from '@synthctr/runtime/light';
import { smotenNeighbours } from '@synthctr/smoten';
import { loadFrappe } from '@synthctr/tabular-schema';

const QUERIES = 500;
const outFile = process.argv[2] ?? 'smoten-neighbours.json';
const frappe = await loadFrappe({
  split: 'pooled',
  dataDir: '../shared/data/frappe',
  download: false,
});
const out: Record<string, unknown> = {};
for (const cls of [1, 0]) {
  const nb = await smotenNeighbours(frappe.train, cls, { kNeighbors: 2 });
  const picks = Array.from(new Rng(11).permutation(nb.rows.length).subarray(0, QUERIES)).sort(
    (a, b) => a - b,
  );
  out[cls] = picks.map((i) => ({
    row: nb.rows[i],
    nbrs: Array.from(nb.neighbours.subarray(i * nb.k, (i + 1) * nb.k)),
    dist: Array.from(nb.distances.subarray(i * nb.k, (i + 1) * nb.k)),
  }));
}
writeFileSync(outFile, JSON.stringify(out));
process.stderr.write(`wrote ${outFile}\n`);
