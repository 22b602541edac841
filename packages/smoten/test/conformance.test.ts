import { describeSynthesizerConformance } from '@synthctr/tabular-schema/testing';
import { RandomOverSampler, Smoten, Smotenc } from '../src/index.js';

// These methods hold no tensors, so the resource check's tensor counts stay at zero
// trivially; it still checks the progress events. fit() runs no optimiser steps.

describeSynthesizerConformance('smoten (categorical tables)', {
  create: ({ seed, constraints }) => new Smoten({ seed, constraints, kNeighbors: 2 }),
  load: (saved) => Smoten.load(saved),
  tables: 'categorical',
  iterative: false,
});

describeSynthesizerConformance('smoten (mixed tables, numbers as categories)', {
  create: ({ seed, constraints }) => new Smoten({ seed, constraints, kNeighbors: 2 }),
  load: (saved) => Smoten.load(saved),
  iterative: false,
});

describeSynthesizerConformance('smotenc', {
  create: ({ seed, constraints }) => new Smotenc({ seed, constraints, kNeighbors: 2 }),
  load: (saved) => Smotenc.load(saved),
  iterative: false,
});

describeSynthesizerConformance('random oversampler', {
  create: ({ seed, constraints }) => new RandomOverSampler({ seed, constraints }),
  load: (saved) => RandomOverSampler.load(saved),
  iterative: false,
});

// With a key column (kind id): keys are not features, and new rows get new, distinct keys.
describeSynthesizerConformance('smoten with a key column', {
  create: ({ seed, constraints }) => new Smoten({ seed, constraints, kNeighbors: 2 }),
  load: (saved) => Smoten.load(saved),
  tables: 'categorical',
  keyColumn: true,
  iterative: false,
});

describeSynthesizerConformance('smotenc with a key column', {
  create: ({ seed, constraints }) => new Smotenc({ seed, constraints, kNeighbors: 2 }),
  load: (saved) => Smotenc.load(saved),
  keyColumn: true,
  iterative: false,
});

describeSynthesizerConformance('random oversampler with a key column', {
  create: ({ seed, constraints }) => new RandomOverSampler({ seed, constraints }),
  load: (saved) => RandomOverSampler.load(saved),
  keyColumn: true,
  iterative: false,
});
