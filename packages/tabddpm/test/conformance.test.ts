import { describeSynthesizerConformance } from '@synthctr/tabular-schema/testing';
import { Tabddpm } from '../src/index.js';

// A tiny budget: the suite checks the contract (schema, seeds, persistence, resources,
// constraints, odd tables), not sample quality.
describeSynthesizerConformance('tabddpm', {
  create: ({ seed, constraints }) =>
    new Tabddpm({
      seed,
      constraints,
      denoiserDims: [32, 32],
      embeddingDim: 16,
      numTimesteps: 8,
      steps: 20,
      batchSize: 64,
      microBatchSize: 64,
    }),
  load: (saved) => Tabddpm.load(saved),
  keyColumn: true,
});
