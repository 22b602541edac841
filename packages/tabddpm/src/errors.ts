import { SynthctrError } from '@synthctr/runtime';

/** Diffusion training or sampling went numerically wrong (a NaN loss, a NaN denoiser output). */
export class TabddpmError extends SynthctrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TabddpmError';
  }
}
