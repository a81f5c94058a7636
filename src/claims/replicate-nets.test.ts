import { describe, expect, it } from 'vitest';
import { kaimingNormal } from '../init/presets.js';
import { mlp } from '../nn/network.js';
import { trace } from '../nn/trace.js';
import { createRng } from '../random/rng.js';
import { netSimulator } from './replicate-nets.js';

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('netSimulator computes what mlp + trace compute', () => {
  for (const [activation, init, scale] of [
    ['relu', kaimingNormal(), 2],
    ['tanh', kaimingNormal({ nonlinearity: 'linear' }), 1],
  ] as const) {
    for (const rows of [1, 3]) {
      it(`${activation}, ${rows} row(s): same weights from one seed, same norms and gradients`, () => {
        const widths = [5, 7, 7, 4];
        const net = mlp({ widths, activation, init }, createRng(11));
        const X = createRng(12).fillNormal(new Float64Array(rows * widths[0]));
        // the simulator draws the weights exactly as mlp does (layer by layer, fillNormal), then the output gradient
        const advance = createRng(11);
        for (let l = 1; l < widths.length; l++)
          advance.fillNormal(new Float64Array(widths[l] * widths[l - 1]));
        const dOut = advance.fillNormal(new Float64Array(rows * widths[widths.length - 1]));
        const t = trace(net, X, { dOut });
        const sim = netSimulator({ widths, activation, weightScale: scale, rows, backward: true });
        const rec = sim.run(createRng(11), X);
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
