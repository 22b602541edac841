import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeEmitter, parseArgs, type Suite, startBackend } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const suitesDir = join(here, 'suites');
const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
const [suite, ...rest] = argv;
const known = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));

if (!suite || !known.includes(suite)) {
  process.stderr.write(
    `usage: pnpm bench <suite> [-- options]\n${suite ? `unknown suite '${suite}'. ` : ''}suites: ${known.join(', ')}\n`,
  );
  process.exit(suite ? 2 : 0);
}

const file = join(suitesDir, `${suite}.ts`);
if (!existsSync(file)) throw new Error(`bench: no file for suite '${suite}'`);
const mod = (await import(pathToFileURL(file).href)) as { default: Suite };
await startBackend();
await mod.default(parseArgs(rest), makeEmitter(suite));
