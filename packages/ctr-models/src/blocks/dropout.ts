import { type Rng, tf } from '@synthctr/runtime';

const HALF_RANGE = 65536;

/**
 * A dropout multiplier of `shape`: each entry is 0 with probability `rate`, else
 * 1 / (1 - rate) (inverted dropout, as PyTorch's nn.Dropout). The draws come from a stream
 * forked off `rng` in bulk (`Rng.fillUint32`, so one mask costs milliseconds, not a method
 * call per entry), and each 32-bit output gives two entries from its low and high 16 bits.
 * A test checks it against `Rng.nextUint32`.
 *
 * Porting note: the rate is applied at 16-bit resolution (0.2 keeps 52,429 of 65,536 values,
 * a rate of 0.199997); PyTorch compares a float32 uniform. The difference is far below the
 * sampling noise of any batch.
 */
export function dropoutMask(rng: Rng, shape: [number, number], rate: number): tf.Tensor2D {
  const n = shape[0] * shape[1];
  const values = fillDropoutMask(rng.fork('dropout'), new Float32Array(n), rate);
  return tf.tensor2d(values, shape);
}

/** Fills `out` with the multiplier entries drawn from `stream` (which is not moved). */
export function fillDropoutMask(stream: Rng, out: Float32Array, rate: number): Float32Array {
  const threshold = Math.round(rate * HALF_RANGE);
  const scale = 1 / (1 - rate);
  const n = out.length;
  const bits = stream.clone().fillUint32(new Uint32Array(Math.ceil(n / 2)));
  for (let i = 0; i < n; i += 2) {
    const r = bits[i >> 1];
    out[i] = (r & 0xffff) >= threshold ? scale : 0;
    if (i + 1 < n) out[i + 1] = r >>> 16 >= threshold ? scale : 0;
  }
  return out;
}
