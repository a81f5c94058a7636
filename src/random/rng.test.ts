import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng, createRngFromState } from './rng.js';

const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/xoshiro/reference.json', import.meta.url), 'utf8'),
);

describe('createRng', () => {
  it('reproduces the xoshiro128** reference C implementation bit for bit', () => {
    for (const c of reference.cases as { state: number[]; outputs: number[] }[]) {
      const rng = createRngFromState(c.state);
      expect(c.outputs.map(() => rng.uint32())).toEqual(c.outputs);
    }
  });

  it('gives the same stream for the same seed and different streams for nearby seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xa = a.fillNormal(new Float64Array(1000));
    expect(b.fillNormal(new Float64Array(1000))).toEqual(xa);
    expect(c.fillNormal(new Float64Array(1000))).not.toEqual(xa);
  });

  it('accepts the full safe-integer seed range, using the high bits', () => {
    const a = createRng(2 ** 40);
    const b = createRng(2 ** 40 + 2 ** 32);
    expect(a.uint32()).not.toBe(b.uint32());
    expect(() => createRng(Number.MAX_SAFE_INTEGER)).not.toThrow();
  });

  it('fills a Float32Array with the rounded float64 stream', () => {
    const x64 = createRng(3).fillNormal(new Float64Array(5000), 0.5, 2);
    const x32 = createRng(3).fillNormal(new Float32Array(5000), 0.5, 2);
    expect(Array.from(x32)).toEqual(Array.from(x64, Math.fround));
    const u64 = createRng(4).fillUniform(new Float64Array(100), -1, 3);
    const u32 = createRng(4).fillUniform(new Float32Array(100), -1, 3);
    expect(Array.from(u32)).toEqual(Array.from(u64, Math.fround));
  });

  it('makes uniform() lie in [0, 1) and fillUniform in [lo, hi)', () => {
    const rng = createRng(5);
    for (let i = 0; i < 10000; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
    }
    const x = rng.fillUniform(new Float64Array(10000), 2, 2.5);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...x)).toBeLessThan(2.5);
  });

  it('scalar normal() and bulk fillNormal() follow the same law (first moments)', () => {
    const rng = createRng(11);
    const n = 200000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    // 6-sigma bounds: mean se 1/√n, second-moment se √(2/n)
    expect(Math.abs(s / n)).toBeLessThan(6 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(6 * Math.sqrt(2 / n));
  });

  it('forks independent streams: fork and parent are uncorrelated, forks differ', () => {
    const rng = createRng(99);
    const f1 = rng.fork();
    const f2 = rng.fork();
    expect(f1.seed).toBe('99/0');
    expect(f2.seed).toBe('99/1');
    const n = 100000;
    const x = f1.fillNormal(new Float64Array(n));
    const y = f2.fillNormal(new Float64Array(n));
    const z = rng.fillNormal(new Float64Array(n));
    const corr = (a: Float64Array, b: Float64Array) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[i] * b[i];
      return s / n;
    };
    // sample correlation of independent N(0,1) has sd 1/√n; 6 sd bound
    for (const c of [corr(x, y), corr(x, z), corr(y, z)]) expect(Math.abs(c)).toBeLessThan(6 / Math.sqrt(n));
    // a fork of a fork replays
    const again = createRng(99);
    expect(again.fork().fork().uint32()).toBe(createRng(99).fork().fork().uint32());
  });

  it('truncated normal respects absolute and sigma bounds', () => {
    const rng = createRng(12);
    const abs = rng.fillTruncatedNormal(new Float64Array(20000), 1, 2, -1, 0.5, 'absolute');
    expect(Math.min(...abs)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...abs)).toBeLessThanOrEqual(0.5);
    const sig = rng.fillTruncatedNormal(new Float64Array(20000), 1, 2, -2, 2, 'sigma');
    expect(Math.min(...sig)).toBeGreaterThanOrEqual(1 - 4);
    expect(Math.max(...sig)).toBeLessThanOrEqual(1 + 4);
    const tail = rng.fillTruncatedNormal(new Float64Array(2000), 0, 1, 8, 9, 'sigma');
    expect(Math.min(...tail)).toBeGreaterThanOrEqual(8);
    const left = rng.fillTruncatedNormal(new Float64Array(2000), 0, 1, Number.NEGATIVE_INFINITY, -6);
    expect(Math.max(...left)).toBeLessThanOrEqual(-6);
  });

  it('rejects bad input with errors that name the argument', () => {
    expect(() => createRng(-1)).toThrow(/seed/);
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(Number.NaN)).toThrow(/seed must be finite/);
    expect(() => createRng('1' as unknown as number)).toThrow(TypeError);
    const rng = createRng(1);
    expect(() => rng.fillNormal([1, 2] as unknown as Float64Array)).toThrow(/out must be a Float64Array/);
    expect(() => rng.fillNormal(new Float64Array(2), Number.NaN)).toThrow(/mean/);
    expect(() => rng.fillNormal(new Float64Array(2), 0, -1)).toThrow(/sd must be >= 0/);
    expect(() => rng.fillUniform(new Float64Array(2), 1, 0)).toThrow(/hi must be >= lo/);
    expect(() => rng.fillUniform(new Float64Array(2), -Number.MAX_VALUE, Number.MAX_VALUE)).toThrow(/finite/);
    expect(() => rng.fillTruncatedNormal(new Float64Array(2), 0, 1, 1, 1)).toThrow(/lo must be < hi/);
    expect(() => rng.fillTruncatedNormal(new Float64Array(2), 0, 0, -1, 1)).toThrow(/sd must be > 0/);
    expect(() => rng.fillTruncatedNormal(new Float64Array(2), 0, 1, -1, 1, 'cm' as 'sigma')).toThrow(
      /unknown units/,
    );
    expect(() => rng.fillTruncatedNormal(new Float64Array(2), 0, 1, Number.NaN, 1)).toThrow(
      /lo must be a number/,
    );
    expect(() => createRngFromState([0, 0, 0, 0])).toThrow(/zero/);
  });

  it('handles empty arrays as a no-op', () => {
    const rng = createRng(1);
    expect(rng.fillNormal(new Float64Array(0)).length).toBe(0);
    expect(rng.fillTruncatedNormal(new Float64Array(0), 0, 1, -2, 2).length).toBe(0);
  });
});
