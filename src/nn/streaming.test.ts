/**
 * The streaming forward pass keeps its memory at O(batch × width) whatever the depth (the contract
 * of `forwardWith` without `keep` in ./network.ts, and of a forward-only `trace`, README "Networks"):
 * its buffers are recycled, so the number of distinct arrays it ever hands out does not grow with
 * the number of layers, for dense nets and both residual branches. The same count taken on the kept
 * pass, which must hold every signal, grows with depth: the measure can see a leak.
 */
import { describe, expect, it } from 'vitest';
import type { Initializer, Tensor } from '../init/types.js';
import { createRng, type FloatArray, type Rng } from '../random/rng.js';
import type { Activation } from './activations.js';
import { forwardWith, type MlpOptions, mlp } from './network.js';
import { trace } from './trace.js';

/** W ~ N(0, 2/fan_in). */
const he: Initializer = Object.assign(
  (shape: readonly number[], rng: Rng): Tensor => ({
    shape: [...shape],
    data: rng.fillNormal(new Float64Array(shape[0] * shape[1]), 0, Math.sqrt(2 / shape[1])),
  }),
  { displayName: 'he', variance: () => Number.NaN, mean: () => 0 },
);

/** ReLU that records every array its array form reads or writes. */
function recordingRelu(seen: Set<FloatArray>): Activation {
  const value = (x: number) => Math.max(x, 0);
  const derivative = (x: number) => (x > 0 ? 1 : 0);
  return {
    name: 'recorded relu',
    value,
    derivative,
    kinks: [0],
    apply<T extends FloatArray>(input: FloatArray, out: T): T {
      seen.add(input);
      seen.add(out);
      for (let i = 0; i < input.length; i++) out[i] = value(input[i]);
      return out;
    },
    applyDerivative<T extends FloatArray>(input: FloatArray, out: T): T {
      for (let i = 0; i < input.length; i++) out[i] = derivative(input[i]);
      return out;
    },
  };
}

const width = 5;
const shapes: { name: string; options: (depth: number) => Omit<MlpOptions, 'activation'> }[] = [
  { name: 'dense', options: (L) => ({ widths: new Array(L + 1).fill(width), init: he, bias: 'zeros' }) },
  {
    name: 'residual, branch 1',
    options: (L) => ({ widths: new Array(L + 1).fill(width), init: he, residual: { alpha: 0.5, branch: 1 } }),
  },
  {
    name: 'residual, branch 2',
    options: (L) => ({ widths: new Array(L + 1).fill(width), init: he, residual: { alpha: 0.5, branch: 2 } }),
  },
];

/** Distinct arrays the hooks of one pass over a depth-L net are given. */
function hookedArrays(options: Omit<MlpOptions, 'activation'>, keep: boolean): number {
  const rng = createRng(71);
  const net = mlp({ ...options, activation: 'relu' }, rng);
  const seen = new Set<FloatArray>();
  forwardWith(net, rng.fillNormal(new Float64Array(3 * width)), keep, {
    layer: (_i, x, z, a) => {
      seen.add(x);
      seen.add(z);
      seen.add(a);
    },
    block: (_i, out) => {
      seen.add(out);
    },
  });
  return seen.size;
}

describe('the streaming forward pass', () => {
  it('hands out the same number of distinct arrays at depth 3 and at depth 12; the kept pass does not', () => {
    for (const { name, options } of shapes) {
      const shallow = hookedArrays(options(3), false);
      const deep = hookedArrays(options(12), false);
      expect(deep, name).toBe(shallow);
      // the kept pass holds z and φ(z) of every layer: at least two new arrays per layer
      expect(hookedArrays(options(12), true) - hookedArrays(options(3), true), name).toBeGreaterThanOrEqual(
        2 * 9,
      );
    }
  });

  it('a forward-only trace streams too: its activation sees as many arrays at depth 12 as at depth 3', () => {
    for (const { name, options } of shapes) {
      const count = (depth: number) => {
        const seen = new Set<FloatArray>();
        const rng = createRng(72);
        const net = mlp({ ...options(depth), activation: recordingRelu(seen) }, rng);
        const t = trace(net, rng.fillNormal(new Float64Array(4 * width)));
        expect(t.layers.length, name).toBe(net.layers.length);
        return seen.size;
      };
      expect(count(12), name).toBe(count(3));
    }
  });
});
