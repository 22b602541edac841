export { parseRunArgs, USAGE, UsageError } from './args.js';
export {
  ALL_METHODS,
  ALL_MODELS,
  ALL_SCENARIOS,
  getProfile,
  type Profile,
  type ProfileName,
} from './config.js';
export { executeRun, planRun, type RunEvents, type RunOptions, writeOutputs } from './engine.js';
export type { CellJob, DataRef, GenJob, GenResult } from './jobs.js';
export {
  buildScenario,
  maxSyntheticCounts,
  PAPER_SCENARIOS,
  parseScenario,
  type ScenarioSpec,
  syntheticCounts,
} from './scenarios.js';
export type { CellResult } from './store.js';
