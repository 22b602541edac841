import { describeSynthesizerConformance } from '@synthctr/tabular-schema/testing';
import { GaussianCopula } from '../src/index.js';

describeSynthesizerConformance('copula', {
  create: ({ seed, constraints }) => new GaussianCopula({ seed, constraints }),
  load: (saved) => GaussianCopula.load(saved),
  iterative: false,
});

describeSynthesizerConformance('copula with a key column', {
  create: ({ seed, constraints }) => new GaussianCopula({ seed, constraints }),
  load: (saved) => GaussianCopula.load(saved),
  iterative: false,
  keyColumn: true,
});
