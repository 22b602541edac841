import { SynthctrError } from '@synthctr/runtime';
import type { SavedModel, Synthesizer } from '@synthctr/tabular-schema';

/** An unknown method name, or a package that does not provide its synthesizer. */
export class MethodError extends SynthctrError {
  constructor(message: string) {
    super(message);
    this.name = 'MethodError';
  }
}

type Factory = {
  create(options: Record<string, unknown>): Synthesizer;
  load(saved: SavedModel): Synthesizer;
};

/**
 * The six generators by name, each imported on first use (a worker only loads the packages
 * its jobs need). The seed goes in the constructor options.
 */
async function factory(method: string): Promise<Factory> {
  switch (method) {
    case 'smoten': {
      const { Smoten } = await import('@synthctr/smoten');
      return { create: (o) => new Smoten(o), load: (s) => Smoten.load(s) };
    }
    case 'copula': {
      const { GaussianCopula } = await import('@synthctr/copula');
      return { create: (o) => new GaussianCopula(o), load: (s) => GaussianCopula.load(s) };
    }
    case 'ctgan': {
      const { Ctgan } = await import('@synthctr/gan-tabular');
      return { create: (o) => new Ctgan(o), load: (s) => Ctgan.load(s) };
    }
    case 'copulagan': {
      const { CopulaGan } = await import('@synthctr/gan-tabular');
      return { create: (o) => new CopulaGan(o), load: (s) => CopulaGan.load(s) };
    }
    case 'tvae': {
      const { Tvae } = await import('@synthctr/tvae');
      return { create: (o) => new Tvae(o), load: (s) => Tvae.load(s) };
    }
    case 'tabddpm': {
      const { Tabddpm } = await import('@synthctr/tabddpm');
      return { create: (o) => new Tabddpm(o), load: (s) => Tabddpm.load(s) };
    }
    default:
      throw new MethodError(
        `unknown method '${method}'; expected smoten, copula, ctgan, copulagan, tvae or tabddpm.`,
      );
  }
}

/** A fresh synthesizer of `method` with the profile's options and the cell's seed. */
export async function createSynthesizer(
  method: string,
  options: Record<string, unknown>,
  seed: number,
): Promise<Synthesizer> {
  return (await factory(method)).create({ ...options, seed });
}

/** A fitted synthesizer of `method` from its saved form. */
export async function loadSynthesizer(method: string, saved: SavedModel): Promise<Synthesizer> {
  return (await factory(method)).load(saved);
}
