export { type Constraint, ConstraintSet, type SavedConstraintSet } from './constraint-set.js';
export {
  ConstraintError,
  FixedCombinations,
  type FixedCombinationsOptions,
  type SavedFixedCombinations,
} from './fixed-combinations.js';
