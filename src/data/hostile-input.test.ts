/** Regressions found by properties/fuzz.property.ts: bad input to wixi/data is refused, by name. */
import { describe, expect, it } from 'vitest';
import { fashionMnistSubset, parseIdx, readIdx } from './index.js';

/** A float64 IDX vector holding `values`. */
function idxFloat64(values: number[]): Uint8Array {
  const buf = new Uint8Array(8 + 8 * values.length);
  const view = new DataView(buf.buffer);
  buf[2] = 14;
  buf[3] = 1;
  view.setInt32(4, values.length, false);
  values.forEach((v, i) => {
    view.setFloat64(8 + 8 * i, v, false);
  });
  return buf;
}

describe('wixi/data refuses bad input', () => {
  it('IDX data must be finite', () => {
    expect(parseIdx(idxFloat64([1, 2])).data).toEqual(Float64Array.of(1, 2));
    expect(() => parseIdx(idxFloat64([1, Number.NaN]))).toThrow(/IDX element 1 is NaN/);
  });

  it('readIdx reads regular files only', () => {
    expect(() => readIdx('/')).toThrow(/regular file/);
    expect(() => readIdx('/dev/zero')).toThrow(/regular file/);
  });

  it('fashionMnistSubset takes a directory path or a file: URL', () => {
    expect(() => fashionMnistSubset(5 as never)).toThrow(TypeError);
    expect(() => fashionMnistSubset(new URL('https://example.com/'))).toThrow(/file: URL/);
    expect(fashionMnistSubset('fixtures/fashion-mnist').count).toBe(512); // relative to the working directory
  });
});
