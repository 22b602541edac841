import { defineConfig } from 'tsup';

export default defineConfig({
  // The search worker is its own entry: pool.ts starts dist/knn-worker.js in a worker thread.
  entry: ['src/index.ts', 'src/knn-worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // import.meta.url locates the worker file from the CommonJS build too.
  shims: true,
});
