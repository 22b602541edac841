import { type Rng, tf } from '@synthctr/runtime';
import { Dataset, type DataTransformer } from '@synthctr/tabular-schema';
import { activateForSampling, drawGumbel, gumbelNoise } from './activation.js';
import { drawLatent, latentTensor } from './context.js';
import type { Generator } from './generator.js';
import { readOf } from './kernels.js';
import type { SampleBatchNorm } from './options.js';
import type { CondBatch, CondSampler } from './sampler.js';

/** What the generator did with the conditions of one sample call. */
export interface SampleReport {
  /** Rows returned. */
  rows: number;
  /**
   * Per conditioned column, the share of rows whose generated value already matched the
   * condition before it was set (the generator's raw compliance with its conditional vector;
   * columns conditioned only through the output, not the vector, are included).
   */
  compliance: Record<string, number>;
  /** The column whose category was put in the conditional vector, per condition group. */
  vectorColumns: (string | null)[];
}

/** What the sampler needs from a fitted model. */
export interface SamplingModel {
  generator: Generator;
  transformer: DataTransformer;
  sampler: CondSampler | null;
  batchSize: number;
  embeddingDim: number;
  batchNorm: SampleBatchNorm;
}

/** One condition group's result. */
export interface GroupSample {
  data: Dataset;
  /** Matching rows per conditioned column, before the values were set. */
  matches: Record<string, number>;
  vectorColumn: string | null;
}

/**
 * Samples `count` rows whose coded columns in `codes` take the given codes. The first
 * conditioned column goes into the conditional vector of every row (so the generator is asked
 * for it, as CTGAN's native conditioning does, with the offset the reference forgot); the
 * decoded values are then set to the conditions, so the output holds exactly the requested
 * rows with no reject loop, and the raw matches are counted first. Without conditions the
 * vector is drawn from the training probabilities, as the reference does.
 *
 * Porting note: the reference sets the bit at offset 0 of every column's block
 * (sdv-dev/CTGAN#169) and returns whatever the generator made; SDV then rejects rows. Here the
 * bit goes to the column's own offset and the conditioned values are set after decoding.
 */
export function sampleGroup(
  model: SamplingModel,
  count: number,
  codes: Record<string, number>,
  rng: Rng,
): GroupSample {
  const { transformer, sampler } = model;
  const discrete = transformer.layout.discrete;
  const names = Object.keys(codes);
  const vectorIndex = names.length > 0 ? discrete.findIndex((s) => s.column === names[0]) : -1;
  const matrix = new Float32Array(count * transformer.layout.width);
  for (let start = 0; start < count; start += model.batchSize) {
    let cond: CondBatch | null = null;
    if (sampler && vectorIndex >= 0)
      cond = sampler.fixed(model.batchSize, vectorIndex, codes[names[0]]);
    else if (sampler) cond = sampler.sampleOriginal(model.batchSize, rng);
    const rows = generateBatch(model, cond, rng);
    const take = Math.min(model.batchSize, count - start);
    matrix.set(rows.subarray(0, take * transformer.layout.width), start * transformer.layout.width);
  }
  const decoded = transformer.inverse(matrix, count);
  const matches: Record<string, number> = {};
  const arrays = decoded.arrays();
  for (const name of names) {
    const generated = decoded.codes(name);
    let hits = 0;
    for (let i = 0; i < count; i++) if (generated[i] === codes[name]) hits += 1;
    matches[name] = hits;
    arrays[name] = new Int32Array(count).fill(codes[name]);
  }
  const data = names.length > 0 ? Dataset.fromColumns(decoded.schema, arrays) : decoded;
  return { data, matches, vectorColumn: vectorIndex >= 0 ? names[0] : null };
}

/**
 * One batch of generated, activated rows (row-major [batchSize, width]).
 *
 * Porting note: softmax blocks get logits plus Gumbel noise instead of the reference's
 * Gumbel-softmax; the arg-max the decoder takes is the same draw, and no temperature division
 * or exponential is needed.
 */
function generateBatch(model: SamplingModel, cond: CondBatch | null, rng: Rng): Float32Array {
  const { generator: g, batchSize } = model;
  const spans = model.transformer.layout.spans;
  const z = drawLatent(batchSize, model.embeddingDim, rng);
  const u = drawGumbel(spans, batchSize, g.dataWidth, rng);
  let rows: Float32Array = new Float32Array(0);
  // Nothing is returned from the tidy: it would walk a typed array element by element.
  tf.tidy(() => {
    const condIndex = cond ? tf.tensor1d(cond.position, 'int32') : null;
    const training = model.batchNorm === 'batch';
    const h = g.hidden(latentTensor(z, batchSize), condIndex, training, false);
    const y = g.output(h, cond?.position ?? null);
    const noise = gumbelNoise(u, batchSize);
    rows = activateForSampling(readOf(y), spans, readOf(noise), batchSize);
  });
  return rows;
}
