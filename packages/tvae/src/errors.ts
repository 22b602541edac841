import { SynthctrError } from '@synthctr/runtime';

/** A TVAE-specific failure: used before fit, a diverged loss, a condition too rare to meet. */
export class TvaeError extends SynthctrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TvaeError';
  }
}
