/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Step of the initial simplex along each coordinate. @default 0.05 for every coordinate */
  steps?: readonly number[];
  /** Stop when every vertex is within this distance of the best one, per coordinate. @default 1e-4 */
  xTolerance?: number;
  /** ... and every vertex's value is within this of the best value. @default 1e-4 */
  fTolerance?: number;
  /** Most iterations. @default 200 × dimension */
  maxIterations?: number;
  /** Most function evaluations per run. @default 200 × dimension */
  maxEvaluations?: number;
  /**
   * Restarts after a converged run, from a fresh simplex a tenth the size around the best point
   * with a quarter of the evaluation budget, while a restart still improves the value by more
   * than `fTolerance` (guards against a simplex that collapsed early; a run that hit a limit is
   * not restarted). @default 0
   */
  restarts?: number;
}

/** What {@link nelderMead} found. */
export interface NelderMeadResult {
  /** The best point. */
  x: number[];
  /** The objective there. */
  value: number;
  /** Simplex moves made, over all runs. */
  iterations: number;
  /** Objective evaluations, over all runs. */
  evaluations: number;
  /** True when both tolerances were met before a limit. */
  converged: boolean;
}

const DEFAULT_STEP = 0.05;
const DEFAULT_TOLERANCE = 1e-4;
const ITERATIONS_PER_DIMENSION = 200;
/** A restart's simplex is this fraction of the first one: a local check, not a new search. */
const RESTART_STEP_FACTOR = 0.1;

/**
 * Minimises `f` by the Nelder-Mead simplex method with the classic coefficients (reflection 1,
 * expansion 2, contraction 1/2, shrink 1/2) and SciPy `fmin`'s stopping rule: both the
 * simplex spread and the value spread under their tolerances, or a limit reached. A
 * non-finite value counts as +Infinity, so infeasible points are simply worse. With
 * `restarts`, a converged run is started again around its best point while that helps.
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  let best = nelderMeadRun(f, x0, options);
  for (let r = 0; r < (options.restarts ?? 0) && best.converged; r++) {
    const steps = x0.map((_, k) => RESTART_STEP_FACTOR * (options.steps?.[k] ?? DEFAULT_STEP));
    const limit = Math.ceil((ITERATIONS_PER_DIMENSION * x0.length) / 4);
    const next = nelderMeadRun(f, best.x, {
      ...options,
      steps,
      maxIterations: Math.min(options.maxIterations ?? limit, limit),
      maxEvaluations: Math.min(options.maxEvaluations ?? limit, limit),
    });
    const gain = best.value - next.value;
    next.iterations += best.iterations;
    next.evaluations += best.evaluations;
    if (next.value < best.value) best = next;
    else best = { ...best, iterations: next.iterations, evaluations: next.evaluations };
    if (!(gain > (options.fTolerance ?? DEFAULT_TOLERANCE))) break;
  }
  return best;
}

function nelderMeadRun(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions,
): NelderMeadResult {
  const n = x0.length;
  const xTol = options.xTolerance ?? DEFAULT_TOLERANCE;
  const fTol = options.fTolerance ?? DEFAULT_TOLERANCE;
  const maxIter = options.maxIterations ?? ITERATIONS_PER_DIMENSION * n;
  const maxEval = options.maxEvaluations ?? ITERATIONS_PER_DIMENSION * n;
  let evaluations = 0;
  const evaluate = (x: number[]): number => {
    evaluations += 1;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  const simplex: number[][] = [x0.slice()];
  for (let k = 0; k < n; k++) {
    const v = x0.slice();
    v[k] += options.steps?.[k] ?? DEFAULT_STEP;
    simplex.push(v);
  }
  const values = simplex.map(evaluate);
  let iterations = 0;
  let converged = false;
  const order = (): void => {
    const idx = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    const s = idx.map((i) => simplex[i]);
    const v = idx.map((i) => values[i]);
    for (let i = 0; i <= n; i++) {
      simplex[i] = s[i];
      values[i] = v[i];
    }
  };
  order();
  while (iterations < maxIter && evaluations < maxEval) {
    if (withinTolerance(simplex, values, xTol, fTol)) {
      converged = true;
      break;
    }
    iterations += 1;
    step(simplex, values, evaluate);
    order();
  }
  if (!converged) converged = withinTolerance(simplex, values, xTol, fTol);
  return { x: simplex[0], value: values[0], iterations, evaluations, converged };
}

function withinTolerance(
  simplex: number[][],
  values: number[],
  xTol: number,
  fTol: number,
): boolean {
  for (let i = 1; i < simplex.length; i++) {
    if (!(Math.abs(values[i] - values[0]) <= fTol)) return false;
    for (let k = 0; k < simplex[0].length; k++) {
      if (Math.abs(simplex[i][k] - simplex[0][k]) > xTol) return false;
    }
  }
  return true;
}

/** One Nelder-Mead move on a simplex sorted best first; leaves it unsorted. */
function step(simplex: number[][], values: number[], evaluate: (x: number[]) => number): void {
  const n = simplex.length - 1;
  const centroid = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k] += simplex[i][k] / n;
  const worst = simplex[n];
  const along = (t: number): number[] => centroid.map((c, k) => c + t * (worst[k] - c));
  const xr = along(-1);
  const fr = evaluate(xr);
  if (fr < values[0]) {
    const xe = along(-2);
    const fe = evaluate(xe);
    if (fe < fr) replaceWorst(simplex, values, xe, fe);
    else replaceWorst(simplex, values, xr, fr);
    return;
  }
  if (fr < values[n - 1]) {
    replaceWorst(simplex, values, xr, fr);
    return;
  }
  const outside = fr < values[n];
  const xc = along(outside ? -0.5 : 0.5);
  const fc = evaluate(xc);
  if (outside ? fc <= fr : fc < values[n]) {
    replaceWorst(simplex, values, xc, fc);
    return;
  }
  for (let i = 1; i <= n; i++) {
    simplex[i] = simplex[i].map((v, k) => simplex[0][k] + 0.5 * (v - simplex[0][k]));
    values[i] = evaluate(simplex[i]);
  }
}

function replaceWorst(simplex: number[][], values: number[], x: number[], v: number): void {
  simplex[simplex.length - 1] = x;
  values[values.length - 1] = v;
}
