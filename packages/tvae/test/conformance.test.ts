import { describeSynthesizerConformance } from '@synthctr/tabular-schema/testing';
import { Tvae } from '../src/index.js';

describeSynthesizerConformance('tvae (label-conditional)', {
  create: ({ seed, constraints }) =>
    new Tvae({
      seed,
      constraints: constraints ? [...constraints] : undefined,
      epochs: 3,
      batchSize: 32,
      compressDims: [16],
      decompressDims: [16],
      embeddingDim: 8,
    }),
  load: (saved) => Tvae.load(saved),
  keyColumn: true,
});

describeSynthesizerConformance('tvae (unconditional, reference form)', {
  create: ({ seed, constraints }) =>
    new Tvae({
      seed,
      conditional: false,
      constraints: constraints ? [...constraints] : undefined,
      epochs: 3,
      batchSize: 32,
      compressDims: [16],
      decompressDims: [16],
      embeddingDim: 8,
    }),
  load: (saved) => Tvae.load(saved),
});
