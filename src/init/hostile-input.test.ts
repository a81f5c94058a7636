/** Regressions found by properties/fuzz.property.ts: bad input to wixi/init is refused, by name. */
import { describe, expect, it } from 'vitest';
import { hugeSparse, throwsBeforeWalking } from '../../properties/support/hostile.js';
import { createRng } from '../random/rng.js';
import {
  checkShape,
  defineInitializer,
  exactGain,
  glorotUniform,
  heUniform,
  kaimingUniform,
  numel,
  xavierNormal,
} from './index.js';

const call = (f: unknown, ...a: unknown[]) => (f as (...x: unknown[]) => unknown)(...a);
const parts = { variance: () => 1, mean: () => 0, fill: (out: Float64Array | Float32Array) => out.fill(1) };

describe('wixi/init refuses bad input', () => {
  it('defineInitializer checks displayName, parts and extra; extra may be left out', () => {
    expect(() => call(defineInitializer, Symbol('x'), parts)).toThrow(/^displayName must be/);
    expect(() => call(defineInitializer, 'x', undefined)).toThrow(/^parts must be/);
    expect(() => call(defineInitializer, 'x', { ...parts, fill: 1 })).toThrow(/^parts\.fill must be/);
    expect(() => call(defineInitializer, 'x', { ...parts, accepts: 'no' })).toThrow(/^parts\.accepts/);
    expect(() => defineInitializer('x', parts, { length: 1e12 })).toThrow(/key "length"/);
    expect(() => call(defineInitializer, 'x', parts, 3)).toThrow(/^extra must be/);
    const init = call(defineInitializer, 'x', parts) as ReturnType<typeof defineInitializer>;
    expect(init.variance([2, 2])).toBe(1);
    expect(Array.from(init([2], createRng(1)).data)).toEqual([1, 1]);
  });

  it("an initializer's variance and mean are checked finite, not returned as NaN", () => {
    const init = defineInitializer('x', { ...parts, variance: (s) => 1 / s[1], mean: (s) => s[5] }, {});
    expect(() => init.variance([])).toThrow(/^x: the variance for shape \[\] came out NaN/);
    expect(() => init.variance([3, 0])).toThrow(RangeError); // 1/0 = Infinity
    expect(() => init.mean([2])).toThrow(/^x: the mean/);
    expect(init.variance([3, 4])).toBe(0.25);
  });

  it('an initializer checks its stream has every Rng method', () => {
    const partial = { fillNormal: (o: unknown) => o, normal: () => 0 };
    expect(() => heUniform()([2, 1], partial as never)).toThrow(/^rng must be a wixi Rng.*lacks/);
  });

  it('the presets check layout before writing it into their name', () => {
    expect(() => heUniform({ layout: Symbol('x') as never })).toThrow(TypeError);
    expect(() => glorotUniform({ layout: Object.create(null) })).toThrow(/^layout must be one of/);
    expect(() => heUniform({ layout: 'jax2' as never })).toThrow(RangeError);
    expect(() => kaimingUniform({ layout: Symbol('x') as never })).toThrow(/^layout must be one of/);
    expect(() => xavierNormal({ layout: Symbol('x') as never })).toThrow(/^layout must be one of/);
    expect(heUniform({ layout: 'torch' }).displayName).toMatch(/torch layout/);
  });

  it('numel and checkShape check their arguments (a sparse shape at once)', () => {
    expect(() => numel(['a'] as never)).toThrow(/^shape\[0\] must be a number/);
    expect(() => call(numel)).toThrow(TypeError);
    throwsBeforeWalking(() => numel(hugeSparse()), RangeError);
    expect(numel([2, 3])).toBe(6);
    expect(numel([])).toBe(1);
    expect(() => checkShape([0], Symbol('x') as never)).toThrow(/^name must be a string/);
    throwsBeforeWalking(() => checkShape(hugeSparse(), 'w'), RangeError);
  });
});

describe('exactGain checks its breakpoints by length first', () => {
  it('a sparse breakpoints array of length 2³² − 1 is refused without walking it (the fuzzer, WIXI_SEED=1491788908)', () => {
    throwsBeforeWalking(() => exactGain(Math.tanh, { breakpoints: hugeSparse() }), RangeError);
    expect(() => exactGain(Math.tanh, { breakpoints: [0, Number.NaN] })).toThrow(/options\.breakpoints\[1\]/);
    // the gain itself is unchanged by explicit breakpoints: tanh's exact gain solves g²·E[tanh(gZ)²] = 1
    expect(exactGain(Math.tanh, { breakpoints: [-1, 1] })).toBeCloseTo(exactGain(Math.tanh), 12);
  });
});
