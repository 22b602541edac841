import { SynthctrError } from './errors.js';

/** The saved form of an {@link Rng}: four 32-bit words and the cached normal deviate. */
export interface RngState {
  s: [number, number, number, number];
  spare: number | null;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_24 = 2 ** -24;
const TWO_POW_53 = 9007199254740992;

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashString(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The one seeded random stream of synthctr (xoshiro128**). Every package takes one of these
 * (or a seed that makes one) and never calls `Math.random`. The state can be saved and
 * restored exactly, and `fork(label)` derives an independent stream without moving this one
 * in a way that depends on how much the child draws.
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** A stream from an integer seed; equal seeds give equal streams. */
  constructor(seed = 0) {
    if (!Number.isFinite(seed)) {
      throw new SynthctrError(`Rng: the seed must be a finite number, got ${String(seed)}.`);
    }
    const mix = splitmix32(Math.floor(seed) ^ Math.floor(seed / TWO_POW_32));
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Restores a stream saved with {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = state.s.map((v) => v >>> 0) as RngState['s'];
    rng.spare = state.spare;
    return rng;
  }

  /** A copy of the current state (plain data, JSON-safe). */
  state(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: this.spare };
  }

  /** An independent copy that continues exactly where this stream is. */
  clone(): Rng {
    return Rng.fromState(this.state());
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** A uniform double in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!(n >= 1) || !Number.isInteger(n)) {
      throw new SynthctrError(`Rng.int: n must be a positive integer, got ${n}.`);
    }
    if (n <= TWO_POW_32) {
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.next() * n);
  }

  /** A standard normal deviate (polar Box-Muller; the second deviate is cached). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return mean + std * u * f;
      }
    }
  }

  /** Fills `out` with uniforms in [lo, hi) and returns it. */
  fillUniform<T extends Float32Array | Float64Array>(out: T, lo = 0, hi = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.next();
    return out;
  }

  /**
   * Fills `out` with the next 32-bit outputs (what {@link nextUint32} would return, in order)
   * and returns it: the generator's step written inline, for long fills.
   */
  fillUint32(out: Uint32Array): Uint32Array {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < out.length; i++) {
      const m = Math.imul(s1, 5);
      out[i] = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
    return out;
  }

  /**
   * Fills `out` with float32 uniforms in [0, 1) of 24 random bits each, one 32-bit draw per
   * value (exactly representable in float32; half the draws of {@link fillUniform}), for long
   * fills such as per-level Gumbel noise.
   */
  fillUniform24(out: Float32Array): Float32Array {
    // The 32-bit draws go into out's own memory, then each is turned into its float in place.
    const bits = this.fillUint32(new Uint32Array(out.buffer, out.byteOffset, out.length));
    for (let i = 0; i < out.length; i++) out[i] = (bits[i] >>> 8) * TWO_POW_MINUS_24;
    return out;
  }

  /** Fills `out` with normal deviates and returns it. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Gamma(shape, 1) deviate (Marsaglia-Tsang; shape < 1 by the boost u^(1/shape)). */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new SynthctrError(`Rng.gamma: shape must be > 0, got ${shape}.`);
    if (shape < 1) return this.gamma(shape + 1) * this.next() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** Beta(a, b) deviate. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all 0). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    if (!(total > 0)) throw new SynthctrError('Rng.categorical: the weights sum to zero.');
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** A 31-bit seed for TensorFlow.js random ops or a child model. */
  seed(): number {
    return this.nextUint32() >>> 1;
  }

  /**
   * A new, independent stream. This stream moves on by exactly one draw, and the child's
   * stream depends on `label`, so two forks with different labels never share values.
   */
  fork(label = ''): Rng {
    const base = this.nextUint32();
    return new Rng((base ^ hashString(label)) >>> 0);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** An Rng from a seed, or the Rng itself when one is given. */
export function toRng(seedOrRng: number | Rng | undefined, fallbackSeed = 0): Rng {
  if (seedOrRng instanceof Rng) return seedOrRng;
  return new Rng(seedOrRng ?? fallbackSeed);
}
