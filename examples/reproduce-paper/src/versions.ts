import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tf } from '@synthctr/runtime';

const require = createRequire(import.meta.url);
const PACKAGES = [
  'runtime',
  'tabular-schema',
  'metrics',
  'smoten',
  'copula',
  'gan-tabular',
  'tvae',
  'tabddpm',
  'ctr-models',
];

function versionOf(pkg: string): string {
  try {
    const path = require.resolve(`${pkg}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Versions of synthctr's packages and TensorFlow.js, written into every result line. */
export const VERSIONS: Record<string, string> = {
  ...Object.fromEntries(PACKAGES.map((p) => [p, versionOf(`@synthctr/${p}`)])),
  tfjs: (tf.version as Record<string, string>)['tfjs-core'] ?? 'unknown',
  node: process.versions.node,
};
