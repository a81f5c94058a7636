import { describe, expect, it } from 'vitest';
import { computeFans } from './fans.js';

// Expected values written out from the rules in ANCHORS.md (not computed by the code under test).
describe('computeFans: torch layout (out, in, *k), the default', () => {
  it.each([
    [[20, 30], 30, 20],
    [[64, 3, 5, 5], 75, 1600],
    [[16, 8, 3], 24, 48],
    [[4, 2, 3, 3, 3], 54, 108],
    [[1, 1], 1, 1],
  ])('%j → fan_in %i, fan_out %i', (shape, fanIn, fanOut) => {
    const f = computeFans(shape);
    expect(f.fanIn).toBe(fanIn);
    expect(f.fanOut).toBe(fanOut);
    expect(computeFans(shape, { layout: 'torch' })).toEqual(f);
  });
  it('rejects rank < 2 as PyTorch does', () => {
    expect(() => computeFans([5])).toThrow(RangeError);
    expect(() => computeFans([])).toThrow(/rank 0/);
    expect(() => computeFans([5])).toThrow(/rank 1.*rank >= 2/);
  });
  it('zero-size dimensions give zero fans', () => {
    expect(computeFans([0, 5])).toEqual({ fanIn: 5, fanOut: 0, receptiveField: 1 });
    expect(computeFans([3, 4, 0])).toEqual({ fanIn: 0, fanOut: 0, receptiveField: 0 });
  });
});

describe('computeFans: keras layout (*k, in, out)', () => {
  it.each([
    [[], 1, 1],
    [[7], 7, 7],
    [[30, 20], 30, 20],
    [[5, 5, 3, 64], 75, 1600],
    [[3, 8, 16], 24, 48],
    [[3, 3, 3, 2, 4], 54, 108],
  ])('%j → fan_in %i, fan_out %i', (shape, fanIn, fanOut) => {
    const f = computeFans(shape, { layout: 'keras' });
    expect([f.fanIn, f.fanOut]).toEqual([fanIn, fanOut]);
  });
  it('agrees with the torch layout on the transposed kernel', () => {
    expect(computeFans([3, 3, 8, 16], { layout: 'keras' })).toEqual(computeFans([16, 8, 3, 3]));
  });
});

describe('computeFans: jax layout', () => {
  it('equals Keras for rank >= 2 with the default axes', () => {
    for (const shape of [
      [30, 20],
      [5, 5, 3, 64],
      [2, 3, 4, 5, 6],
    ]) {
      expect(computeFans(shape, { layout: 'jax' })).toEqual(computeFans(shape, { layout: 'keras' }));
    }
  });
  it('rejects rank <= 1 (no clamping, unlike Keras)', () => {
    expect(() => computeFans([7], { layout: 'jax' })).toThrow(RangeError);
    expect(() => computeFans([], { layout: 'jax' })).toThrow(RangeError);
  });
  it('honours inAxis, outAxis and batchAxis', () => {
    // PyTorch-style (out, in, h, w) read by JAX with in_axis=1, out_axis=0
    expect(computeFans([64, 3, 5, 5], { layout: 'jax', inAxis: 1, outAxis: 0 })).toEqual(
      computeFans([64, 3, 5, 5]),
    );
    // a batch axis is excluded from the receptive field: shape (batch=4, k=3, in=8, out=16)
    expect(computeFans([4, 3, 8, 16], { layout: 'jax', batchAxis: 0 })).toEqual({
      fanIn: 24,
      fanOut: 48,
      receptiveField: 3,
    });
    // several input axes multiply
    expect(computeFans([2, 3, 4, 5], { layout: 'jax', inAxis: [0, 1], outAxis: -1 })).toEqual({
      fanIn: 24,
      fanOut: 20,
      receptiveField: 4,
    });
    expect(() => computeFans([2, 3], { layout: 'jax', inAxis: 0, outAxis: 0 })).toThrow(/distinct axes/);
    expect(() => computeFans([2, 3], { layout: 'jax', inAxis: 2 })).toThrow(/inAxis/);
    expect(() => computeFans([2, 3], { layout: 'keras', inAxis: 0 })).toThrow(/layout 'jax' only/);
  });
});

describe('computeFans: bad input', () => {
  it('names the argument and the value', () => {
    expect(() => computeFans([3, -1])).toThrow(/shape\[1\].*-1/);
    expect(() => computeFans([3, 1.5])).toThrow(RangeError);
    expect(() => computeFans([3, Number.NaN])).toThrow(/shape\[1\] must be finite/);
    expect(() => computeFans('3x3' as unknown as number[])).toThrow(TypeError);
    expect(() => computeFans([3, '4'] as unknown as number[])).toThrow(TypeError);
    expect(() => computeFans([3, 4], { layout: 'tf' as 'torch' })).toThrow(/unknown layout "tf"/);
    expect(() => computeFans([3, 4], 'torch' as unknown as object)).toThrow(TypeError);
  });
});
