import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/light.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
  // One copy of Rng and the error classes shared by the index and light entries (instanceof).
  splitting: true,
});
