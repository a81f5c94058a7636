import { describe, expect, it } from 'vitest';
import type { Initializer, Tensor } from '../init/types.js';
import { mlp } from '../nn/network.js';
import { trace } from '../nn/trace.js';
import { normal } from '../random/distributions.js';
import { createRng } from '../random/rng.js';
import { dkwEpsilon, ksDistance } from '../stats/goodness.js';
import { netSimulator } from './replicate-nets.js';

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** An initializer that returns the given weights (to build an mlp with a simulator's weights). */
function given(data: Float64Array): Initializer {
  const f = (shape: readonly number[]): Tensor => ({ shape: [...shape], data: data.slice() });
  return Object.assign(f, { displayName: 'given', variance: () => 0, mean: () => 0 });
}

describe('netSimulator computes what mlp + trace compute', () => {
  for (const [activation, scale] of [
    ['relu', 2],
    ['tanh', 1],
  ] as const) {
    // widths 7 and 6 are not multiples of the packed panel width 4: the padded panels are exercised
    for (const rows of [1, 3]) {
      it(`${activation}, ${rows} row(s): on the simulator's own weights, the same norms and gradients`, () => {
        const widths = [5, 7, 6, 4];
        const X = createRng(12).fillNormal(new Float64Array(rows * widths[0]));
        const dOut = createRng(13).fillNormal(new Float64Array(rows * widths[widths.length - 1]));
        const sim = netSimulator({ widths, activation, weightScale: scale, rows, backward: true });
        // the output gradient is the stream's last draw: replay the stream up to it to know dOut
        const rec = sim.run(createRng(11), X);
        const replay = createRng(11);
        for (let l = 1; l < widths.length; l++)
          replay.fillNormal(new Float64Array(widths[l] * widths[l - 1]));
        replay.fillNormal(dOut);
        const inits = widths.slice(1).map((_, l) => given(sim.weights(l + 1)));
        const net = mlp({ widths, activation, init: inits }, createRng(1));
        const t = trace(net, X, { dOut });
        for (let l = 0; l < widths.length - 1; l++) {
          for (let r = 0; r < rows; r++) {
            expect(close(rec.norms[l][r], t.blocks[l].output.rowNorms[r])).toBe(true);
            expect(close(rec.preNorms[l][r], t.layers[l].preActivation.rowNorms[r])).toBe(true);
          }
        }
        const gradTotal = (v: Float64Array) => v.reduce((s, x) => s + x, 0);
        expect(close(rec.gradNorms[0], gradTotal(t.grad?.input.rowNorms ?? new Float64Array()))).toBe(true);
        for (let l = 1; l < widths.length; l++) {
          const g = t.blocks[l - 1].grad?.output.rowNorms ?? new Float64Array();
          expect(close(rec.gradNorms[l], gradTotal(g))).toBe(true);
        }
      });
    }
  }

  it('with an initializer, the weights are exactly what it returned (packed and read back)', () => {
    const widths = [6, 5, 3];
    const draws: Float64Array[] = [];
    const init = Object.assign(
      (shape: readonly number[]): Tensor => {
        const data = Float64Array.from({ length: shape[0] * shape[1] }, (_, i) => i + 1 + 100 * draws.length);
        draws.push(data);
        return { shape: [...shape], data };
      },
      { displayName: 'counting', variance: () => 0, mean: () => 0 },
    ) as Initializer;
    const sim = netSimulator({ widths, activation: 'linear', init, rows: 2 });
    sim.run(createRng(1));
    expect(Array.from(sim.weights(1))).toEqual(Array.from(draws[0]));
    expect(Array.from(sim.weights(2))).toEqual(Array.from(draws[1]));
    expect(() => sim.weights(0)).toThrow(/layer must be an integer in \[1, 2\]/);
    expect(() => sim.weights(3)).toThrow(/layer/);
  });

  it('Gaussian weights drawn into the packed layout are i.i.d. N(0, c/n): distinct, and within the DKW bound', () => {
    // one 67 × 130 layer (130 = 4·32 + 2: padded panels), c = 2, n = 130: 8710 draws; the KS distance
    // of an i.i.d. N(0, 2/130) sample exceeds the DKW bound at α = 1e-9 with probability ≤ 1e-9
    const sim = netSimulator({ widths: [130, 67], activation: 'relu', weightScale: 2, rows: 1 });
    sim.run(createRng(5));
    const w = sim.weights(1);
    expect(w.length).toBe(67 * 130);
    expect(new Set(w).size).toBe(w.length); // no draw landed twice, no padding zero leaked in
    const law = normal({ mean: 0, sd: Math.sqrt(2 / 130) });
    expect(ksDistance(w, (t) => law.cdf(t))).toBeLessThan(dkwEpsilon(w.length, 1e-9));
  });

  it('successive runs on one stream are different networks; a seed replays them', () => {
    const sim = netSimulator({ widths: [4, 6, 3], activation: 'relu', weightScale: 2, rows: 2 });
    const rng = createRng(3);
    const a = sim.run(rng).norms[1].slice();
    const b = sim.run(rng).norms[1].slice();
    expect(a).not.toEqual(b);
    const again = createRng(3);
    expect(sim.run(again).norms[1]).toEqual(a);
  });

  it('rejects bad specs with the argument named', () => {
    expect(() => netSimulator({ widths: [3], activation: 'relu', weightScale: 2, rows: 1 })).toThrow(
      /widths/,
    );
    expect(() => netSimulator({ widths: [3, 3], activation: 'relu', rows: 1 })).toThrow(/weightScale/);
    expect(() => netSimulator({ widths: [3, 3, 3], activation: 'relu', weightScale: [1], rows: 1 })).toThrow(
      /one entry per layer/,
    );
    const sim = netSimulator({ widths: [3, 3], activation: 'relu', weightScale: 2, rows: 2 });
    expect(() => sim.run(createRng(1), new Float64Array(5))).toThrow(/input/);
  });
});
