export { TvaeError } from './errors.js';
export { SIGMA_MAX, SIGMA_MIN } from './network.js';
export {
  type CategoricalDecoding,
  DEFAULT_L2SCALE,
  REFERENCE_L2SCALE,
  type TvaeFitOptions,
  type TvaeOptions,
} from './options.js';
export { Tvae } from './tvae.js';
