export { TvaeError } from './errors.js';
export {
  type CategoricalDecoding,
  REFERENCE_L2SCALE,
  type TvaeFitOptions,
  type TvaeOptions,
} from './options.js';
export { Tvae } from './tvae.js';
