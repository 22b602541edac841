import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const packages = readdirSync(resolve(root, 'packages'));
const alias = [
  {
    find: /^@synthctr\/runtime\/light$/,
    replacement: resolve(root, 'packages/runtime/src/light.ts'),
  },
  ...packages.map((name) => ({
    find: new RegExp(`^@synthctr/${name}/testing$`),
    replacement: resolve(root, `packages/${name}/src/testing/index.ts`),
  })),
  ...packages.map((name) => ({
    find: new RegExp(`^@synthctr/${name}$`),
    replacement: resolve(root, `packages/${name}/src/index.ts`),
  })),
];

export default defineConfig({
  resolve: { alias },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { SYNTHCTR_BACKEND: process.env.SYNTHCTR_BACKEND ?? 'wasm' },
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, include: [`packages/${name}/test/**/*.test.ts`] },
      })),
      {
        extends: true as const,
        test: { name: 'examples', include: ['examples/*/test/**/*.test.ts'] },
      },
      {
        extends: true as const,
        test: { name: 'benchmarks', include: ['benchmarks/test/**/*.test.ts'] },
      },
      { extends: true as const, test: { name: 'root', include: ['test/**/*.test.ts'] } },
    ],
  },
});
