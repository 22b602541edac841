import { SynthesizerError } from '@synthctr/tabular-schema';

/**
 * A Gaussian Copula used out of order, given invalid options or data it cannot model, or a
 * saved model it cannot read. A subclass of tabular-schema's SynthesizerError.
 */
export class CopulaError extends SynthesizerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CopulaError';
  }
}
