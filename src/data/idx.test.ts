import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { moments } from '../stats/moments.js';
import { fashionMnistSubset, parseIdx } from './idx.js';

const stats = JSON.parse(
  readFileSync(new URL('../../fixtures/fashion-mnist/stats.json', import.meta.url), 'utf8'),
);

function idx(type: number, dims: number[], payload: number[]): Uint8Array {
  const head = [0, 0, type, dims.length];
  for (const d of dims) head.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return new Uint8Array([...head, ...payload]);
}

describe('parseIdx', () => {
  it('reads big-endian shapes and values of every element type', () => {
    expect(parseIdx(idx(0x08, [2, 2], [0, 1, 254, 255]))).toEqual({
      dtype: 'uint8',
      shape: [2, 2],
      data: new Float64Array([0, 1, 254, 255]),
    });
    expect(Array.from(parseIdx(idx(0x09, [2], [0xff, 0x7f])).data)).toEqual([-1, 127]);
    expect(Array.from(parseIdx(idx(0x0b, [1], [0xff, 0xfe])).data)).toEqual([-2]);
    expect(Array.from(parseIdx(idx(0x0c, [1], [0, 0, 1, 0])).data)).toEqual([256]);
    expect(Array.from(parseIdx(idx(0x0d, [1], [0x3f, 0x80, 0, 0])).data)).toEqual([1]);
    expect(Array.from(parseIdx(idx(0x0e, [1], [0x40, 0, 0, 0, 0, 0, 0, 0])).data)).toEqual([2]);
  });
  it('rejects bad magic, unknown types and length mismatches with a clear message', () => {
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1]))).toThrow(/two zero bytes/);
    expect(() => parseIdx(idx(0x07, [1], [0]))).toThrow(/unknown IDX element type code 0x7/);
    expect(() => parseIdx(idx(0x08, [3], [1, 2]))).toThrow(/needs 11 bytes, got 10/);
    expect(() => parseIdx(new Uint8Array([0, 0]))).toThrow(/too short/);
    expect(() => parseIdx([0, 0, 8, 0] as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('fashionMnistSubset', () => {
  it('loads 512 images of 784 pixels in [0, 1] whose moments match NumPy’s (fixtures/fashion-mnist/stats.json)', () => {
    const set = fashionMnistSubset();
    expect(set.count).toBe(512);
    expect(set.pixels).toBe(784);
    expect(set.labels.length).toBe(512);
    const m = moments(set.x);
    expect(set.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(m.mean).toBeCloseTo(stats.mean, 12);
    expect(m.secondMoment).toBeCloseTo(stats.meanSquare, 12);
    const counts = new Array(10).fill(0);
    for (const l of set.labels) counts[l]++;
    expect(counts).toEqual(stats.labelCounts);
  });
});
