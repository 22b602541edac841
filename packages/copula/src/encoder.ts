import type { Rng } from '@synthctr/runtime/light';

/** How the uniform encoder lays the categories out on [0, 1]. */
export type CategoryOrder = 'appearance' | 'code';

/** A fitted {@link UniformEncoder} as plain data. */
export interface UniformEncoderState {
  /** Codes in interval order (left to right on [0, 1]). */
  order: number[];
  /** Training frequency of each code (by code), summing to 1. */
  frequencies: number[];
}

/**
 * RDT's UniformEncoder: each category owns an interval of [0, 1] as wide as its training
 * frequency, laid out left to right in order of first appearance (or in code order); a value
 * is encoded as a uniform draw inside its category's interval, and decoded by binning, each
 * interval (lo, hi] (the first one including 0), with the last right edge exactly 1.
 * Categories never seen in training get empty intervals at the far right and never decode.
 */
export class UniformEncoder {
  /** Left edge of each code's interval (by code). */
  readonly lo: Float64Array;
  /** Right edge of each code's interval (by code). */
  readonly hi: Float64Array;
  /** Right edges of the non-empty intervals, in interval order. */
  private readonly edges: Float64Array;
  /** The code of each non-empty interval, in interval order. */
  private readonly edgeCodes: Int32Array;

  constructor(readonly state: UniformEncoderState) {
    const k = state.frequencies.length;
    this.lo = new Float64Array(k);
    this.hi = new Float64Array(k);
    let cum = 0;
    let lastNonEmpty = -1;
    for (const code of state.order) {
      this.lo[code] = cum;
      cum += state.frequencies[code];
      this.hi[code] = cum;
      if (state.frequencies[code] > 0) lastNonEmpty = code;
    }
    if (lastNonEmpty >= 0) this.hi[lastNonEmpty] = 1;
    for (let c = 0; c < k; c++) {
      this.lo[c] = Math.min(this.lo[c], 1);
      this.hi[c] = Math.min(this.hi[c], 1);
    }
    const nonEmpty = state.order.filter((c) => state.frequencies[c] > 0);
    this.edges = Float64Array.from(nonEmpty, (c) => this.hi[c]);
    this.edgeCodes = Int32Array.from(nonEmpty);
  }

  /** Learns frequencies from codes into a list of `k` categories. */
  static fit(codes: Int32Array, k: number, order: CategoryOrder): UniformEncoder {
    const counts = new Float64Array(k);
    const seen: number[] = [];
    for (let i = 0; i < codes.length; i++) {
      if (counts[codes[i]] === 0) seen.push(codes[i]);
      counts[codes[i]] += 1;
    }
    const unseen = Array.from({ length: k }, (_, c) => c).filter((c) => counts[c] === 0);
    const layout =
      order === 'appearance' ? [...seen, ...unseen] : Array.from({ length: k }, (_, c) => c);
    const n = Math.max(codes.length, 1);
    return new UniformEncoder({
      order: layout,
      frequencies: Array.from(counts, (c) => c / n),
    });
  }

  /** Number of categories that occurred in training. */
  get observed(): number {
    return this.edgeCodes.length;
  }

  /** True when the code occurred in training. */
  isObserved(code: number): boolean {
    return this.state.frequencies[code] > 0;
  }

  /** One uniform draw inside each row's category interval. */
  encode(codes: Int32Array, rng: Rng): Float64Array {
    const out = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      out[i] = this.lo[c] + (this.hi[c] - this.lo[c]) * rng.next();
    }
    return out;
  }

  /** The category whose interval holds `value` (clipped to [0, 1] first). */
  decode(value: number): number {
    const v = Math.min(1, Math.max(0, value));
    const e = this.edges;
    let lo = 0;
    let hi = e.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (e[mid] >= v) hi = mid;
      else lo = mid + 1;
    }
    return this.edgeCodes[lo];
  }
}
