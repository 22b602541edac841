import { describeSynthesizerConformance } from '@synthctr/tabular-schema/testing';
import { CopulaGan, Ctgan, type CtganOptions } from '../src/index.js';

const SMALL: CtganOptions = {
  batchSize: 20,
  embeddingDim: 8,
  generatorDims: [16],
  discriminatorDims: [16],
  epochs: 2,
};

describeSynthesizerConformance('ctgan', {
  create: ({ seed, constraints }) => new Ctgan({ ...SMALL, seed, constraints }),
  load: (saved) => Ctgan.load(saved),
  keyColumn: true,
});

describeSynthesizerConformance('copulagan', {
  create: ({ seed, constraints }) => new CopulaGan({ ...SMALL, seed, constraints }),
  load: (saved) => CopulaGan.load(saved),
});
