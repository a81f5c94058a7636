/** Regressions found by properties/fuzz.property.ts: bad input to wixi/tfjs is refused, by name. */
import { describe, expect, it } from 'vitest';
import { holey, hugeSparse, throwsBeforeWalking } from '../../properties/support/hostile.js';
import { kerasToTorchShape, TfjsMissingError, torchToKeras } from './index.js';

describe('wixi/tfjs refuses bad input', () => {
  it('shapes are checked without walking the holes of a sparse array', () => {
    throwsBeforeWalking(() => kerasToTorchShape(hugeSparse()), RangeError);
    throwsBeforeWalking(() => torchToKeras(new Float32Array(1), hugeSparse()), RangeError);
    throwsBeforeWalking(() => kerasToTorchShape(holey(2, 3)), TypeError);
    expect(() => kerasToTorchShape([2, -1])).toThrow(/kerasShape\[1\]/);
    expect(kerasToTorchShape([3, 3, 2, 4])).toEqual([4, 2, 3, 3]);
  });

  it('torchToKeras is a pure permutation: a NaN is moved like any other element (documented)', () => {
    const out = torchToKeras(Float32Array.of(Number.NaN, 1), [1, 2]);
    expect(Number.isNaN(out[0]) || Number.isNaN(out[1])).toBe(true);
  });

  it('TfjsMissingError checks packageName', () => {
    expect(() => new TfjsMissingError(Symbol('x') as never, null)).toThrow(/^packageName must be/);
    expect(() => new TfjsMissingError(hugeSparse() as never, null)).toThrow(TypeError);
    const e = new TfjsMissingError('@tensorflow/tfjs-core', null);
    expect(e.packageName).toBe('@tensorflow/tfjs-core');
    expect(e.message).toMatch(/^@tensorflow\/tfjs-core is not installed/);
  });
});
