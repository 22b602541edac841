import { describeSynthesizerConformance } from '@synthctr/tabular-schema/testing';
import { Tvae, type TvaeOptions } from '../src/index.js';

const SMALL: TvaeOptions = {
  epochs: 3,
  batchSize: 32,
  compressDims: [16],
  decompressDims: [16],
  embeddingDim: 8,
};

describeSynthesizerConformance('tvae (label-conditional)', {
  create: ({ seed, constraints }) =>
    new Tvae({ ...SMALL, seed, constraints: constraints ? [...constraints] : undefined }),
  load: (saved) => Tvae.load(saved),
  keyColumn: true,
});

describeSynthesizerConformance('tvae (unconditional, reference form)', {
  create: ({ seed, constraints }) =>
    new Tvae({
      ...SMALL,
      seed,
      conditional: false,
      constraints: constraints ? [...constraints] : undefined,
    }),
  load: (saved) => Tvae.load(saved),
});
