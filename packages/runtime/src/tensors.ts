import * as tf from '@tensorflow/tfjs';

/** A tensor as plain data: shape and float32 values (the weight buffer of a saved model). */
export interface SavedTensor {
  shape: number[];
  data: Float32Array;
}

/** Copies variables or tensors out as plain data, keyed by name. */
export function saveTensors(tensors: Record<string, tf.Tensor>): Record<string, SavedTensor> {
  const out: Record<string, SavedTensor> = {};
  for (const [name, t] of Object.entries(tensors)) {
    out[name] = { shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
  }
  return out;
}

/** Makes tensors from saved plain data (the caller owns and disposes them). */
export function loadTensors(saved: Record<string, SavedTensor>): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, s] of Object.entries(saved)) out[name] = tf.tensor(s.data, s.shape, 'float32');
  return out;
}
