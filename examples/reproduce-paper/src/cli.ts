import { parseRunArgs, USAGE, UsageError } from './args.js';
import { executeRun, reportRun } from './engine.js';
import { jobName, ProgressView } from './progress-view.js';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = parseRunArgs(argv);
  if (options.reportOnly) {
    const done = await reportRun(options);
    process.stderr.write(
      `wrote table1.md, table2.md and report.html from ${done.length} finished cells in ${options.out}\n`,
    );
    return 0;
  }
  const view = new ProgressView(options.workers);
  view.log(
    `synthctr reproduce: profile ${options.profile}, ${options.data.dataset} (${options.data.split}), ` +
      `seeds ${options.seeds.join(',')}, methods ${options.methods.join(',')}, models ${options.models.join(',')}, ` +
      `${options.workers} workers -> ${options.out}`,
  );
  const { results, failures } = await executeRun(options, {
    onPlan: (p) => {
      view.log(
        `to do: ${p.gens} generator fits and ${p.cells} cells (already finished: ${p.skippedCells} cells, ${p.skippedGens} fits)`,
      );
      view.plan(p.gens + p.cells);
    },
    onStart: (job, w) => view.start(job, w),
    onProgress: (_job, w, label, event) => view.progress(w, label, event),
    onDone: (_job, w, seconds) => view.finish(w, seconds, true),
    onFailed: (job, w, message) =>
      w >= 0 ? view.finish(w, 0, false, message) : view.log(`skipped ${jobName(job)}: ${message}`),
  });
  view.close();
  view.log(
    `finished ${results.length} cells; outputs in ${options.out}: results.jsonl, table1.md, table2.md, report.html`,
  );
  if (failures.length > 0) {
    view.log(`${failures.length} jobs failed:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (
      error instanceof UsageError ||
      (error instanceof Error && error.name.endsWith('Error') && error.name !== 'Error')
    ) {
      process.stderr.write(`${error.name}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  },
);
