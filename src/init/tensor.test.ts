/**
 * The contract of `defineInitializer` (its doc comment): the checks of its arguments, of the values
 * its parts compute, and what the initializer it builds does with a shape before its parts see it.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { defineInitializer } from './tensor.js';

const call = (f: unknown, ...a: unknown[]) => (f as (...x: unknown[]) => unknown)(...a);
const parts = { variance: () => 1, mean: () => 0, fill: (out: Float64Array | Float32Array) => out.fill(1) };
const RESERVED = ['length', 'name', 'prototype', 'arguments', 'caller', 'displayName', 'variance', 'mean'];

describe('defineInitializer checks its arguments', () => {
  it('displayName must be a non-empty string', () => {
    expect(() => call(defineInitializer, '', parts, {})).toThrow(
      /^displayName must be a non-empty string, got ""$/,
    );
    expect(() => call(defineInitializer, 3, parts, {})).toThrow(TypeError);
    expect(() => call(defineInitializer, 3, parts, {})).toThrow(
      /^displayName must be a non-empty string, got 3$/,
    );
  });

  it('parts must be an object holding functions variance, mean and fill (accepts optional)', () => {
    expect(() => call(defineInitializer, 'x', undefined, {})).toThrow(
      /^parts must be an object \{variance, mean, fill\}, got undefined$/,
    );
    expect(() => call(defineInitializer, 'x', 3, {})).toThrow(/^parts must be an options object, got 3$/);
    expect(() => call(defineInitializer, 'x', { ...parts, variance: 1 }, {})).toThrow(
      /^parts\.variance must be a function, got 1$/,
    );
    expect(() => call(defineInitializer, 'x', { ...parts, mean: undefined }, {})).toThrow(
      /^parts\.mean must be a function, got undefined$/,
    );
    expect(() => call(defineInitializer, 'x', { ...parts, accepts: 'no' }, {})).toThrow(
      /^parts\.accepts must be a function, got "no"$/,
    );
  });

  it.each(RESERVED)('extra may not have the reserved key %s (RangeError naming it and the list)', (key) => {
    const message = `extra must not have the key "${key}" (reserved: ${RESERVED.join(', ')})`;
    expect(() => defineInitializer('x', parts, { [key]: () => 0 })).toThrow(RangeError);
    expect(() => defineInitializer('x', parts, { [key]: () => 0 })).toThrow(message);
  });

  it('other extra keys are kept: functions wrapped, values as given', () => {
    const init = defineInitializer('x', parts, {
      support: (s: readonly number[]) => [0, s[0]],
      value: 7,
      label: 'seven',
    });
    expect(init.value).toBe(7);
    expect(init.label).toBe('seven');
    expect(init.support([2])).toEqual([0, 2]);
    expect(init.displayName).toBe('x');
  });
});

describe('the values the parts compute are checked', () => {
  const withVariance = (v: unknown) =>
    defineInitializer('custom', { ...parts, variance: () => v as number }, {});
  const withMean = (m: unknown) => defineInitializer('custom', { ...parts, mean: () => m as number }, {});

  it('Var(W) = 0 is accepted (a constant); a negative, infinite, NaN or non-number one is a RangeError', () => {
    expect(withVariance(0).variance([2])).toBe(0);
    expect(withVariance(2.5).variance([2])).toBe(2.5);
    for (const [v, shown] of [
      [-1, '-1'],
      [-1e-300, '-1e-300'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NaN, 'NaN'],
      ['0.5', '"0.5"'],
      [1n, '1n'],
    ] as const) {
      expect(() => withVariance(v).variance([2, 3])).toThrow(RangeError);
      expect(() => withVariance(v).variance([2, 3])).toThrow(
        `custom: the variance for shape [2, 3] came out ${shown}, not a finite number >= 0`,
      );
    }
  });

  it('E[W] may be any finite number; an infinite, NaN or non-number one is a RangeError', () => {
    expect(withMean(-3.5).mean([2])).toBe(-3.5);
    for (const [m, shown] of [
      [Number.NEGATIVE_INFINITY, '-Infinity'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NaN, 'NaN'],
      ['0', '"0"'],
    ] as const) {
      expect(() => withMean(m).mean([4])).toThrow(RangeError);
      expect(() => withMean(m).mean([4])).toThrow(
        `custom: the mean for shape [4] came out ${shown}, not finite`,
      );
    }
  });
});

describe('what the built initializer does with a shape', () => {
  it('an empty shape gives an empty tensor: fill is not called and nothing is drawn', () => {
    const init = defineInitializer(
      'x',
      {
        ...parts,
        fill: () => {
          throw new Error('fill called on an empty tensor');
        },
      },
      {},
    );
    const rng = createRng(3);
    const next = createRng(3).uint32();
    const t = init([4, 0, 2], rng, { dtype: 'float32' });
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.data.length).toBe(0);
    expect(t.shape).toEqual([4, 0, 2]);
    expect(rng.uint32()).toBe(next);
  });

  it('more than 2³² − 1 elements is refused by name before any allocation', () => {
    // 641 · 6700417 = 2³² + 1 (Euler's factorisation of the Fermat number F₅)
    const init = defineInitializer('x', parts, {});
    expect(() => init([641, 6700417], createRng(1), { dtype: 'float32' })).toThrow(
      /^shape \[641, 6700417\] has 4294967297 elements, more than the 4294967295 allowed$/,
    );
  });

  it('accepts runs before fill, variance, mean and every extra method, on the checked shape', () => {
    const seen: string[] = [];
    const init = defineInitializer(
      'x',
      {
        ...parts,
        accepts: (s) => {
          if (s.length !== 2) throw new RangeError(`rank ${s.length}`);
        },
        variance: () => {
          seen.push('variance');
          return 1;
        },
        mean: () => {
          seen.push('mean');
          return 0;
        },
        fill: () => {
          seen.push('fill');
        },
      },
      {
        matrix: (s: readonly number[], k: number) => {
          seen.push('matrix');
          return [s, k];
        },
      },
    );
    const rng = createRng(1);
    for (const f of [
      () => init([3], rng),
      () => init.variance([3]),
      () => init.mean([3]),
      () => init.matrix([3], 1),
    ]) {
      expect(f).toThrow(/^rank 1$/);
    }
    expect(seen).toEqual([]);
    // a bad shape is refused by name before accepts or the extra method sees it
    expect(() => init.matrix([2, -1], 1)).toThrow(/^shape\[1\] must be an integer in/);
    expect(() => init.variance([2, 1.5])).toThrow(/^shape\[1\] must be an integer/);
    // the extra method receives a frozen copy of the shape and the rest of the arguments
    const shape = [2, 5];
    const [s, k] = init.matrix(shape, 9) as [readonly number[], number];
    expect(s).toEqual([2, 5]);
    expect(s).not.toBe(shape);
    expect(Object.isFrozen(s)).toBe(true);
    expect(k).toBe(9);
    init([2, 5], rng);
    expect(seen).toEqual(['matrix', 'fill']);
  });
});
