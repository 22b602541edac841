/** ln |Γ(x)| (as `lgamma`) and ψ(x), from `@synthctr/runtime/light`. */
export { digamma, logGamma as lgamma } from '@synthctr/runtime/light';
export {
  BayesianGaussianMixture1D,
  type BgmOptions,
  type BgmState,
  DEFAULT_BGM_COMPONENTS,
  DEFAULT_WEIGHT_CONCENTRATION_PRIOR,
} from './bgm.js';
export type {
  DiscreteSpan,
  SpanActivation,
  SpanKind,
  SparseRows,
  TransformLayout,
  TransformSpan,
} from './layout.js';
export {
  ALPHA_CLIP,
  DEFAULT_WEIGHT_THRESHOLD,
  ModeNormalizer,
  type ModeNormalizerState,
  STD_MULTIPLIER,
} from './mode-normalizer.js';
export {
  DataTransformer,
  type DataTransformerOptions,
  type DataTransformerState,
} from './transformer.js';
