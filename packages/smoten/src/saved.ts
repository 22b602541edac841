import type { SavedTensor } from '@synthctr/runtime/light';
import type { CategoryValue } from '@synthctr/tabular-schema';
import { SmotenError } from './errors.js';
import type { SamplingStrategy } from './strategy.js';

/** Integers above this cannot be stored exactly in a float32 weight buffer. */
const FLOAT32_EXACT = 2 ** 24;

/** An integer array as a float32 buffer (exact below 2^24, checked). */
export function intTensor(values: Int32Array, shape: number[] = [values.length]): SavedTensor {
  for (let i = 0; i < values.length; i++) {
    if (Math.abs(values[i]) >= FLOAT32_EXACT) {
      throw new SmotenError(
        `save: the value ${values[i]} cannot be stored exactly in a float32 buffer (limit ${FLOAT32_EXACT}); ` +
          'the table is too large to save in this format.',
      );
    }
  }
  return { shape, data: Float32Array.from(values) };
}

/** The integer array back from a float32 buffer. */
export function intArray(tensor: SavedTensor | undefined, name: string): Int32Array {
  if (!tensor)
    throw new SmotenError(
      `load: the saved model has no buffer '${name}'; it is damaged or from another version.`,
    );
  return Int32Array.from(tensor.data);
}

/** Float64 values as JSON (null where NaN), since float32 buffers would round them. */
export function numbersToJson(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? null : v));
}

/** Float64 values back from JSON. */
export function numbersFromJson(values: readonly (number | null)[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null ? Number.NaN : v));
}

/** A sampling strategy as JSON; a function cannot be saved and becomes null. */
export function strategyToJson(strategy: SamplingStrategy): unknown {
  if (typeof strategy === 'function') return null;
  if (strategy instanceof Map) return { map: [...strategy.entries()] };
  return strategy;
}

/** A sampling strategy back from JSON; a saved function comes back as 'auto'. */
export function strategyFromJson(json: unknown): SamplingStrategy {
  if (json === null || json === undefined) return 'auto';
  if (typeof json === 'object' && 'map' in (json as object)) {
    return new Map((json as { map: [CategoryValue, number][] }).map);
  }
  return json as SamplingStrategy;
}
