import { SynthesizerError } from '@synthctr/tabular-schema';

/**
 * A problem with an oversampler's options or with the table it is given (a class too small
 * for the neighbour search, a strategy that would remove rows, a missing label). It is a
 * {@link SynthesizerError}, so generic callers can catch every synthesizer's errors alike.
 */
export class SmotenError extends SynthesizerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SmotenError';
  }
}
