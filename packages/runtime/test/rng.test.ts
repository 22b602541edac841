import { describe, expect, it } from 'vitest';
import { Rng } from '../src/index.js';

describe('Rng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = Array.from(
      { length: 5 },
      (() => {
        const r = new Rng(42);
        return () => r.nextUint32();
      })(),
    );
    const b = Array.from(
      { length: 5 },
      (() => {
        const r = new Rng(42);
        return () => r.nextUint32();
      })(),
    );
    const c = Array.from(
      { length: 5 },
      (() => {
        const r = new Rng(43);
        return () => r.nextUint32();
      })(),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('restores a saved state exactly, including the cached normal deviate', () => {
    const r = new Rng(7);
    r.normal();
    const saved = JSON.parse(JSON.stringify(r.state()));
    const expected = [r.normal(), r.next(), r.int(1000)];
    const restored = Rng.fromState(saved);
    expect([restored.normal(), restored.next(), restored.int(1000)]).toEqual(expected);
  });

  it('draws uniforms, normals and gammas with the right moments', () => {
    const r = new Rng(1);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    let sg = 0;
    for (let i = 0; i < n; i++) {
      su += r.next();
      const z = r.normal();
      sn += z;
      sn2 += z * z;
      sg += r.gamma(2.5);
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 2);
    expect(sn2 / n).toBeCloseTo(1, 1);
    expect(sg / n).toBeCloseTo(2.5, 1);
  });

  it('draws integers without bias and never touches Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random was called');
    };
    try {
      const r = new Rng(3);
      const counts = new Array(3).fill(0);
      for (let i = 0; i < 30_000; i++) counts[r.int(3)] += 1;
      for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
      expect(r.permutation(10).slice().sort()).toEqual(
        Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
      );
    } finally {
      Math.random = original;
    }
  });

  it('forks independent streams whose values depend on the label', () => {
    const r1 = new Rng(5);
    const r2 = new Rng(5);
    expect(r1.fork('a').next()).not.toBe(r2.fork('b').next());
    expect(r1.next()).toBe(r2.next());
  });

  it('fillUint32 gives what nextUint32 would, in order, and moves the stream on', () => {
    const a = new Rng(12);
    const b = a.clone();
    const out = a.fillUint32(new Uint32Array(777));
    for (const v of out) expect(v).toBe(b.nextUint32());
    expect(a.next()).toBe(b.next());
  });

  it('fillUniform24 is one 32-bit draw per value, its top 24 bits, and moves the stream on', () => {
    const a = new Rng(11);
    const b = a.clone();
    const out = a.fillUniform24(new Float32Array(1000));
    for (let i = 0; i < out.length; i++) expect(out[i]).toBe((b.nextUint32() >>> 8) / 2 ** 24);
    expect(a.nextUint32()).toBe(b.nextUint32());
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThan(1);
  });
});
