import { type CellResult, executeRun, parseRunArgs } from '@synthctr/reproduce-paper';
import type { BenchArgs, BenchResult } from '../harness.js';

/**
 * The AUC sweep: the reproduce-paper engine over any methods, scenario ratios (paper names or
 * custom ones like neg+10%), models, seeds and datasets. One JSON line per finished cell; the
 * result store, tables and report land in --out (default out/sweep-<dataset>-<split>).
 * A range of ratios: --scenarios neg+10%..neg+100%/10 expands to neg+10%, neg+20%, ..., neg+100%.
 */
export default async function sweep(
  args: BenchArgs,
  emit: (r: BenchResult) => void,
): Promise<void> {
  const argv: string[] = [];
  for (const [k, v] of Object.entries(args.options)) {
    argv.push(`--${k}`);
    if (v !== true) argv.push(k === 'scenarios' ? expandRanges(v) : v);
  }
  if (!('profile' in args.options)) argv.push('--profile', 'quick');
  const options = parseRunArgs(argv);
  if (!('out' in args.options))
    options.out = `${process.cwd()}/out/sweep-${options.data.dataset}-${options.data.split}`;
  if (!('cache' in args.options)) options.cacheDir = `${options.out}/cache`;
  const { failures } = await executeRun(options, {
    onDone: (job, _w, seconds, result) => {
      if (job.type !== 'cell') return;
      const r = result as CellResult;
      emit({
        name: `${r.method}/${r.scenario}/${r.model}/seed${r.seed}`,
        protocol: r.protocol,
        dataset: r.dataset,
        profile: r.profile,
        method: r.method,
        scenario: r.scenario,
        model: r.model,
        seed: r.seed,
        testAuc: r.testAuc,
        validAuc: r.validAuc,
        testLogloss: r.testLogloss,
        epochs: r.epochs,
        trainRows: r.trainRows,
        syntheticRows: r.syntheticRows,
        seconds,
      });
    },
    onFailed: (job, _w, message) => process.stderr.write(`failed ${job.key}: ${message}\n`),
  });
  process.stderr.write(`sweep: outputs in ${options.out}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

/** Expands `neg+10%..neg+50%/10` into `neg+10%,neg+20%,...,neg+50%`; other items pass through. */
export function expandRanges(value: string): string {
  return value
    .split(',')
    .flatMap((item) => {
      const m = item.match(/^(neg|pos)\+(\d+)%\.\.(?:neg|pos)\+(\d+)%\/(\d+)$/);
      if (!m) return [item];
      const [, side, from, to, step] = m;
      const out: string[] = [];
      for (let p = Number(from); p <= Number(to); p += Number(step)) out.push(`${side}+${p}%`);
      return out;
    })
    .join(',');
}
