import {
  addDense,
  type DenseParams,
  dense,
  gatherRows,
  init,
  logSumExpRows,
  ParamStore,
  type Rng,
  tf,
} from '@synthctr/runtime';
import type { TransformLayout } from '@synthctr/tabular-schema';
import type { ResolvedTvaeOptions } from './options.js';

/** Lower and upper clamp of the learned per-scalar sigma (as the reference). */
const SIGMA_MIN = 0.01;
const SIGMA_MAX = 1;
const SIGMA_INIT = 0.1;

/** Encoder and decoder parameters of a TVAE. */
export interface TvaeNetwork {
  store: ParamStore;
  /** First encoder layer, read as rows: the input is sparse (one-hot blocks plus scalars). */
  encoderInput: DenseParams;
  encoderHidden: DenseParams[];
  mu: DenseParams;
  logvar: DenseParams;
  /** First decoder layer on the latent code, and its label rows (conditional form). */
  decoderInput: DenseParams;
  decoderLabel: tf.Variable | null;
  decoderHidden: DenseParams[];
  /** The decoder's output layer, one block of columns per layout span (in layout order). */
  decoderOutput: DenseParams[];
  /** One learned sigma per numeric scalar (alpha) block, in layout order. */
  sigma: tf.Variable | null;
}

/**
 * Builds the networks (PyTorch's nn.Linear initialisation, as the reference). The encoder's
 * first layer has one row per matrix column, plus one per label value in the conditional form.
 */
export function buildNetwork(
  layout: TransformLayout,
  labels: number,
  options: ResolvedTvaeOptions,
  rng: Rng,
): TvaeNetwork {
  const store = new ParamStore();
  const c = options.compressDims;
  const d = options.decompressDims;
  const inWidth = layout.width + labels;
  const first = c[0] ?? options.embeddingDim;
  const encoderInput = addDense(store, 'enc.0', rng, inWidth, first, { init: 'torch' });
  const encoderHidden = c
    .slice(1)
    .map((w, i) => addDense(store, `enc.${i + 1}`, rng, c[i], w, { init: 'torch' }));
  const last = c.length > 0 ? c[c.length - 1] : first;
  const mu = addDense(store, 'enc.mu', rng, last, options.embeddingDim, { init: 'torch' });
  const logvar = addDense(store, 'enc.logvar', rng, last, options.embeddingDim, { init: 'torch' });
  const dFirst = d[0] ?? layout.width;
  const decoderInput = addDense(store, 'dec.0', rng, options.embeddingDim, dFirst, {
    init: 'torch',
  });
  const decoderLabel =
    labels > 0
      ? store.add(
          'dec.0.label',
          init.torchLinear(rng, options.embeddingDim + labels, [labels, dFirst]),
        )
      : null;
  const decoderHidden = d
    .slice(1)
    .map((w, i) => addDense(store, `dec.${i + 1}`, rng, d[i], w, { init: 'torch' }));
  const dLast = d.length > 0 ? d[d.length - 1] : dFirst;
  // Porting note: the output layer is one Linear(dLast -> width) in the reference; here it is
  // kept as one weight block per span (the same initialisation and function), so each span's
  // loss reads its own logits and no gradient is scattered back into a [B, width] tensor.
  const decoderOutput = layout.spans.map((span, i) =>
    addDense(store, `dec.out.${i}`, rng, dLast, span.width, { init: 'torch' }),
  );
  const alphas = layout.spans.filter((s) => s.kind === 'alpha').length;
  const sigma = alphas > 0 ? store.add('dec.sigma', tf.fill([alphas], SIGMA_INIT)) : null;
  return {
    store,
    encoderInput,
    encoderHidden,
    mu,
    logvar,
    decoderInput,
    decoderLabel,
    decoderHidden,
    decoderOutput,
    sigma,
  };
}

/** The encoder's first layer on sparse rows: sum over entries of value x weight row, plus bias. */
function sparseInput(p: DenseParams, indices: tf.Tensor2D, values: tf.Tensor2D): tf.Tensor2D {
  const rows = gatherRows(p.kernel as tf.Tensor2D, indices);
  const weighted = tf.mul(rows, tf.expandDims(values, 2));
  const summed = tf.sum(weighted, 1) as tf.Tensor2D;
  return p.bias ? tf.add(summed, p.bias) : summed;
}

/** Encoder: mean and log-variance of the latent code. */
export function encode(
  net: TvaeNetwork,
  indices: tf.Tensor2D,
  values: tf.Tensor2D,
): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  let h = tf.relu(sparseInput(net.encoderInput, indices, values));
  for (const layer of net.encoderHidden) h = tf.relu(dense(h, layer));
  return { mu: dense(h, net.mu), logvar: dense(h, net.logvar) };
}

/** Decoder: raw outputs of every span, in layout order (tanh and softmax are applied by callers). */
export function decode(
  net: TvaeNetwork,
  z: tf.Tensor2D,
  labels: tf.Tensor1D | null,
): tf.Tensor2D[] {
  let h = dense(z, net.decoderInput);
  if (net.decoderLabel && labels)
    h = tf.add(h, gatherRows(net.decoderLabel as tf.Tensor2D, labels));
  h = tf.relu(h);
  for (const layer of net.decoderHidden) h = tf.relu(dense(h, layer));
  return net.decoderOutput.map((p) => dense(h, p));
}

/** Per-batch targets taken from the sparse rows: a class per softmax block, a value per scalar. */
export interface BatchTargets {
  /** For each softmax block in layout order: flat indices b * width + target into its log-softmax. */
  classes: tf.Tensor1D[];
  /** For each alpha block: the target scalars [B]. */
  alphas: tf.Tensor1D[];
}

/**
 * The reference loss: lossFactor x (Gaussian terms of the scalars + cross-entropy of every
 * softmax block) / B, plus KL / B. Returns the total and its two parts.
 */
export function tvaeLoss(
  net: TvaeNetwork,
  layout: TransformLayout,
  out: tf.Tensor2D[],
  targets: BatchTargets,
  mu: tf.Tensor2D,
  logvar: tf.Tensor2D,
  lossFactor: number,
): { total: tf.Scalar; reconstruction: tf.Scalar; kl: tf.Scalar } {
  const b = out[0].shape[0];
  const terms: tf.Scalar[] = [];
  let softmaxIndex = 0;
  let alphaIndex = 0;
  layout.spans.forEach((span, i) => {
    const block = out[i];
    if (span.kind === 'alpha') {
      const sigma = tf.slice(net.sigma!, [alphaIndex], [1]);
      const err = tf.sub(targets.alphas[alphaIndex], tf.tanh(tf.reshape(block, [b])));
      terms.push(tf.sum(tf.div(tf.square(err), tf.mul(tf.square(sigma), 2))) as tf.Scalar);
      terms.push(tf.mul(tf.sum(tf.log(sigma)), b) as tf.Scalar);
      alphaIndex += 1;
    } else {
      // Cross-entropy = logsumexp(logits) - logit of the target, summed over the batch.
      const picked = tf.gather(tf.reshape(block, [-1]), targets.classes[softmaxIndex]);
      terms.push(tf.sub(tf.sum(logSumExpRows(block)), tf.sum(picked)) as tf.Scalar);
      softmaxIndex += 1;
    }
  });
  const reconstruction = tf.div(tf.mul(tf.addN(terms), lossFactor), b) as tf.Scalar;
  const klSum = tf.sum(tf.sub(tf.sub(tf.add(logvar, 1), tf.square(mu)), tf.exp(logvar)));
  const kl = tf.div(tf.mul(klSum, -0.5), b) as tf.Scalar;
  return { total: tf.add(reconstruction, kl) as tf.Scalar, reconstruction, kl };
}

/** Clamps the learned sigmas to [SIGMA_MIN, SIGMA_MAX] (after every optimiser step). */
export function clampSigma(net: TvaeNetwork): void {
  const sigma = net.sigma;
  if (sigma) tf.tidy(() => sigma.assign(tf.clipByValue(sigma, SIGMA_MIN, SIGMA_MAX)));
}
