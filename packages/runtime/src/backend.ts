import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { RuntimeError } from './errors.js';
import { applyCpuFixes, applyWasmFixes } from './wasm-fixes.js';

/** The backends synthctr can run on, best first. */
export type BackendChoice = 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** The environment variable that forces a backend (`node-gpu`, `node`, `wasm` or `cpu`). */
export const BACKEND_ENV = 'SYNTHCTR_BACKEND';

/** What {@link initBackend} chose and why. */
export interface BackendInfo {
  /** The synthctr name of the backend in use. */
  choice: BackendChoice;
  /** TensorFlow.js's own name for it (`tensorflow`, `wasm` or `cpu`). */
  tfName: string;
  /** The npm package that provides it. */
  package: string;
  /** True when a CUDA build of libtensorflow is in use. */
  gpu: boolean;
  /** Why this backend was picked (forced, or the first that loaded). */
  reason: string;
  /** Backends tried before it, with why each did not load. */
  skipped: { choice: BackendChoice; why: string }[];
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Force one backend; otherwise `SYNTHCTR_BACKEND`, otherwise the best that loads. */
  force?: BackendChoice;
}

const ORDER: BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];
const NATIVE_PACKAGES: Record<'node-gpu' | 'node', string> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
};

let current: BackendInfo | null = null;
let pending: Promise<BackendInfo> | null = null;
const requireHere = createRequire(import.meta.url);

/**
 * Picks and starts the TensorFlow.js backend once per process: tfjs-node-gpu, then tfjs-node,
 * then wasm, then cpu, unless one is forced. A native package counts only when its compiled
 * binding is on disk, because a failed require already registers kernels for a backend that
 * never appears. Returns what was chosen; later calls return the same answer.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  if (current) return Promise.resolve(current);
  if (!pending) {
    pending = chooseBackend(options).then(
      (info) => {
        current = info;
        return info;
      },
      (error: unknown) => {
        // A failed choice is not remembered, so a corrected environment can try again.
        pending = null;
        throw error;
      },
    );
  }
  return pending;
}

/** The backend chosen so far, or null before {@link initBackend} finished. */
export function backendInfo(): BackendInfo | null {
  return current;
}

async function chooseBackend(options: InitBackendOptions): Promise<BackendInfo> {
  const envValue = process.env[BACKEND_ENV]?.trim();
  const forced = options.force ?? (envValue ? parseChoice(envValue) : undefined);
  const candidates = forced ? [forced] : ORDER;
  const skipped: BackendInfo['skipped'] = [];
  for (const choice of candidates) {
    try {
      const info = await start(choice);
      const reason = forced
        ? `forced by ${options.force ? 'the force option' : `${BACKEND_ENV}=${envValue}`}`
        : skipped.length === 0
          ? 'the best backend, and it loaded'
          : `the first that loaded after ${skipped.map((s) => s.choice).join(', ')}`;
      return { ...info, reason, skipped };
    } catch (error) {
      const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
      if (forced) {
        throw new RuntimeError(
          `initBackend: the forced backend '${choice}' did not load: ${why}. ` +
            `Unset ${BACKEND_ENV} or force one of ${ORDER.join(', ')} that is installed.`,
          { cause: error },
        );
      }
      skipped.push({ choice, why });
    }
  }
  throw new RuntimeError(
    `initBackend: no TensorFlow.js backend loaded (${skipped.map((s) => `${s.choice}: ${s.why}`).join('; ')}).`,
  );
}

function parseChoice(value: string): BackendChoice {
  const aliases: Record<string, BackendChoice> = { tensorflow: 'node', gpu: 'node-gpu' };
  const choice = (aliases[value] ?? value) as BackendChoice;
  if (!ORDER.includes(choice)) {
    throw new RuntimeError(
      `initBackend: ${BACKEND_ENV}='${value}' is not a backend; expected one of ` +
        `${ORDER.join(', ')} (or the aliases ${Object.keys(aliases).join(', ')}). ` +
        `Set it to one of these, or unset it to use the best backend that loads.`,
    );
  }
  return choice;
}

async function start(choice: BackendChoice): Promise<Omit<BackendInfo, 'reason' | 'skipped'>> {
  if (choice === 'node-gpu' || choice === 'node') {
    const pkg = NATIVE_PACKAGES[choice];
    const binding = findNativeBinding(pkg);
    if (!binding) throw new RuntimeError(`${pkg} is not installed with its compiled binding`);
    requireHere(pkg);
    if (!(await tf.setBackend('tensorflow'))) throw new RuntimeError(`${pkg} did not start`);
    await tf.ready();
    return { choice, tfName: 'tensorflow', package: pkg, gpu: choice === 'node-gpu' };
  }
  if (choice === 'wasm') applyWasmFixes();
  applyCpuFixes();
  if (!(await tf.setBackend(choice))) throw new RuntimeError(`the ${choice} backend did not start`);
  await tf.ready();
  silenceCpuAdvice();
  const pkg = choice === 'wasm' ? '@tensorflow/tfjs-backend-wasm' : '@tensorflow/tfjs-backend-cpu';
  return { choice, tfName: choice, package: pkg, gpu: false };
}

/**
 * The cpu backend prints advice to install tfjs-node on its first write (which, on wasm, is
 * the first bridged kernel); libraries never print, and initBackend has already said which
 * backend runs, so the flag that triggers it is cleared.
 */
function silenceCpuAdvice(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | undefined;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}

/** The path of a native tfjs package's compiled binding, or null when it is absent. */
export function findNativeBinding(pkg: string): string | null {
  let root: string;
  try {
    root = dirname(requireHere.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
  const lib = join(root, 'lib');
  if (!existsSync(lib)) return null;
  for (const entry of readdirSync(lib)) {
    const candidate = join(lib, entry, 'tfjs_binding.node');
    if (entry.startsWith('napi-v') && existsSync(candidate)) return candidate;
  }
  return null;
}

/** The number of live tensors, for leak checks in tests. */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}
