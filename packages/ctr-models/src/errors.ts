import { SynthctrError } from '@synthctr/runtime';

/** Bad input or misuse of a CTR model: a non-categorical feature, an id outside a vocabulary. */
export class CtrModelError extends SynthctrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CtrModelError';
  }
}

/** Training produced a NaN or infinite loss or prediction; the error names the epoch. */
export class CtrDivergenceError extends CtrModelError {
  /** The epoch (from 1) in which the model diverged. */
  readonly epoch: number;

  constructor(epoch: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CtrDivergenceError';
    this.epoch = epoch;
  }
}
