import { SynthctrError } from '@synthctr/runtime/light';

/** What went wrong, for callers that branch on it (a diverged model, a one-class fold). */
export type MetricErrorCode =
  | 'length-mismatch'
  | 'bad-label'
  | 'bad-probability'
  | 'non-finite-scores'
  | 'one-class'
  | 'too-few-rows'
  | 'bad-option'
  | 'missing-column'
  | 'kind-mismatch';

/**
 * Inputs a metric cannot be computed on: labels and scores of different lengths, labels that
 * are not 0/1, non-finite scores, a single class, or two tables whose columns do not match.
 */
export class MetricError extends SynthctrError {
  /** A stable machine-readable reason. */
  readonly code: MetricErrorCode;

  constructor(code: MetricErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MetricError';
    this.code = code;
  }
}
