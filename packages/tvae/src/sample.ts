import { type Rng, tf } from '@synthctr/runtime';
import type { Dataset, DataTransformer } from '@synthctr/tabular-schema';
import { decode, type TvaeNetwork } from './network.js';
import type { CategoricalDecoding } from './options.js';

const SAMPLE_BATCH = 500;

/**
 * Decodes n latent draws to modelled rows (the transformer's schema): z ~ N(0, I), scalars
 * tanh'd and re-noised with their learned sigma, softmax blocks decoded by argmax (the
 * reference) or sampled. `labels` gives each row's label code in the conditional form.
 */
export function decodeRows(
  net: TvaeNetwork,
  transformer: DataTransformer,
  n: number,
  labels: Int32Array | null,
  decoding: CategoricalDecoding,
  latentDim: number,
  rng: Rng,
): Dataset[] {
  const layout = transformer.layout;
  const sigmas = net.sigma
    ? Float32Array.from(net.sigma.dataSync() as Float32Array)
    : new Float32Array(0);
  const parts: Dataset[] = [];
  for (let start = 0; start < n; start += SAMPLE_BATCH) {
    const b = Math.min(SAMPLE_BATCH, n - start);
    const z = rng.fillNormal(new Float32Array(b * latentDim));
    // The tidy returns the tensor, not its values: tf.tidy walks a returned typed array element
    // by element looking for tensors, which cost minutes over a Frappe-wide pool.
    const out = tf.tidy(() => {
      const lab = labels ? tf.tensor1d(labels.subarray(start, start + b), 'int32') : null;
      return tf.concat(decode(net, tf.tensor2d(z, [b, latentDim]), lab), 1);
    });
    const matrix = new Float32Array(out.dataSync() as Float32Array);
    out.dispose();
    const w = layout.width;
    let alpha = 0;
    for (const span of layout.spans) {
      if (span.kind === 'alpha') {
        for (let i = 0; i < b; i++) {
          const k = i * w + span.start;
          matrix[k] = rng.normal(Math.tanh(matrix[k]), sigmas[alpha]);
        }
        alpha += 1;
      } else if (decoding === 'sample') {
        for (let i = 0; i < b; i++) sampleBlock(matrix, i * w + span.start, span.width, rng);
      }
    }
    parts.push(transformer.inverse(matrix, b));
  }
  return parts;
}

/** Replaces a block of logits by a one-hot of a category drawn from its softmax. */
function sampleBlock(m: Float32Array, offset: number, width: number, rng: Rng): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < width; j++) max = Math.max(max, m[offset + j]);
  const p = new Float64Array(width);
  for (let j = 0; j < width; j++) p[j] = Math.exp(m[offset + j] - max);
  const pick = rng.categorical(p);
  for (let j = 0; j < width; j++) m[offset + j] = j === pick ? 1 : 0;
}
