/**
 * The TF.js adapter in real tfjs-layers layers: a `tf.layers.dense` / `conv2d` built with a wrapped
 * wixi initializer carries the variance ANCHORS gives for its fans (computed here from the layer's
 * geometry, not from the initializer), reads non-square kernels' fans the right way round, and
 * stores exactly the values the wixi initializer draws.
 *
 * Statistics: each variance decision has false-alarm rate α = 1e-6 and miss rate β = 1e-6 at a 5%
 * variance error (samples planned with `samplesFor`); 3 decisions in this file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hugeSparse, throwsBeforeWalking } from '../../properties/support/hostile.js';
import { heNormal, kaimingNormal, kaimingUniform, normal, xavierUniform } from '../init/index.js';
import { createRng } from '../random/rng.js';
import { samplesFor, testVariance } from '../stats/decide.js';
import { seedFor } from '../testing/seed.js';
import {
  inferLayout,
  kerasToTorchShape,
  loadTfjs,
  TfjsMissingError,
  type TfjsModules,
  torchToKeras,
  toTfjsInitializer,
  toTfjsInitializerSync,
} from './index.js';

const ALPHA = 1e-6;
/** κ of N(0, 1) cut at ±2 (for planning; the tests use the sample's own kurtosis). */
const KAPPA_TRUNCATED = 2.3604;

let m: TfjsModules;
beforeAll(async () => {
  m = await loadTfjs({ quiet: true });
});

/** Build `count` layers with one adapter and pool their kernels' values. */
function kernels(
  make: () => {
    apply(x: unknown): unknown;
    getWeights(): { shape: number[]; dataSync(): ArrayLike<number> }[];
    dispose(): unknown;
  },
  input: number[],
  count: number,
): { values: Float64Array; shape: number[] } {
  const chunks: ArrayLike<number>[] = [];
  let shape: number[] = [];
  for (let k = 0; k < count; k++) {
    const layer = make();
    m.tf.tidy(() => {
      layer.apply(m.tf.zeros(input));
    });
    const w = layer.getWeights()[0];
    shape = w.shape;
    chunks.push(Float64Array.from(w.dataSync()));
    layer.dispose();
  }
  const values = new Float64Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    values.set(c as Float64Array, o);
    o += c.length;
  }
  return { values, shape };
}

describe('wixi/tfjs: toTfjsInitializer in real TF.js layers', () => {
  it('a dense layer (400 → 150) built with heNormal carries Var = 2/fan_in = 2/400, not 2/fan_out', async () => {
    const seed = seedFor('tfjs adapter dense heNormal') >>> 0;
    const n = samplesFor({ relTol: 0.05, alpha: ALPHA, power: 1 - ALPHA, kurtosis: KAPPA_TRUNCATED });
    const init = await toTfjsInitializer(heNormal(), seed);
    const count = Math.ceil(n / (400 * 150));
    const { values, shape } = kernels(
      () => m.tfl.layers.dense({ units: 150, kernelInitializer: init }),
      [1, 400],
      count,
    );
    expect(shape).toEqual([400, 150]);
    const r = testVariance(values, 2 / 400, { alpha: ALPHA, beta: ALPHA, relTol: 0.05 });
    expect(r.decision, `Var ${r.measured} vs 2/400, interval ${r.interval}, seed ${seed}`).toBe('pass');
    // the same draws reject the fan_out reading 2/150: the check sees which way round the fans are
    expect(testVariance(values, 2 / 150, { alpha: ALPHA, beta: ALPHA, relTol: 0.05 }).decision).toBe('fail');
  });

  it('a conv2d layer (3×3, 16 → 32) with PyTorch kaimingUniform (torch layout, inferred) has Var = 2/(16·9)', async () => {
    const seed = seedFor('tfjs adapter conv2d kaimingUniform') >>> 0;
    const n = samplesFor({ relTol: 0.05, alpha: ALPHA, power: 1 - ALPHA, kurtosis: 1.8 });
    const init = await toTfjsInitializer(kaimingUniform(), seed);
    expect(init.layout).toBe('torch');
    const { values, shape } = kernels(
      () => m.tfl.layers.conv2d({ filters: 32, kernelSize: 3, kernelInitializer: init }),
      [1, 6, 6, 16],
      Math.ceil(n / (9 * 16 * 32)),
    );
    expect(shape).toEqual([3, 3, 16, 32]);
    const r = testVariance(values, 2 / 144, { alpha: ALPHA, beta: ALPHA, relTol: 0.05 });
    expect(r.decision, `Var ${r.measured} vs 2/144, interval ${r.interval}, seed ${seed}`).toBe('pass');
  });

  it('stores exactly what the wixi initializer draws (Keras layout: as is; torch layout: permuted)', async () => {
    const seed = 20240611;
    const dense = toTfjsInitializerSync(heNormal(), seed, { modules: m });
    const t = dense.apply([7, 5]);
    const expected = heNormal()([7, 5], createRng(seed), { dtype: 'float32' }).data;
    expect(Array.from(t.dataSync())).toEqual(Array.from(expected));
    expect(t.dtype).toBe('float32');
    t.dispose();
    const conv = toTfjsInitializerSync(kaimingNormal(), seed, { modules: m });
    const c = conv.apply([2, 3, 4, 5]); // Keras (kh, kw, in, out)
    const torch = kaimingNormal()([5, 4, 2, 3], createRng(seed), { dtype: 'float32' }).data; // (out, in, kh, kw)
    const got = c.dataSync();
    for (let kh = 0; kh < 2; kh++)
      for (let kw = 0; kw < 3; kw++)
        for (let i = 0; i < 4; i++)
          for (let o = 0; o < 5; o++) {
            expect(got[((kh * 3 + kw) * 4 + i) * 5 + o]).toBe(torch[((o * 4 + i) * 2 + kh) * 3 + kw]);
          }
    c.dispose();
  });

  it('successive applies draw successive tensors from the stream (two layers, two kernels)', () => {
    const init = toTfjsInitializerSync(heNormal(), 5, { modules: m });
    const a = init.apply([4, 3]);
    const b = init.apply([4, 3]);
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
    const rng = createRng(5);
    heNormal()([4, 3], rng, { dtype: 'float32' });
    expect(Array.from(b.dataSync())).toEqual(Array.from(heNormal()([4, 3], rng, { dtype: 'float32' }).data));
    a.dispose();
    b.dispose();
  });

  it('is a tfjs-layers Initializer (accepted by layers, serializable config)', () => {
    const init = toTfjsInitializerSync(heNormal(), 3, { modules: m });
    const zerosClass = Object.getPrototypeOf(m.tfl.initializers.zeros().constructor);
    expect(init).toBeInstanceOf(zerosClass);
    expect(init.getClassName()).toBe('WixiInitializer');
    expect(init.getConfig()).toEqual({ wixi: heNormal().displayName, layout: 'keras', seed: '3' });
  });

  it('infers the layout from the display name, and the option overrides it', () => {
    expect(inferLayout(heNormal())).toBe('keras');
    expect(inferLayout(kaimingNormal())).toBe('torch');
    expect(inferLayout(xavierUniform())).toBe('torch');
    expect(inferLayout(kaimingNormal({ layout: 'keras' }))).toBe('keras');
    expect(inferLayout(normal({ std: 0.1 }))).toBe('keras');
    expect(toTfjsInitializerSync(kaimingNormal(), 1, { modules: m, layout: 'keras' }).layout).toBe('keras');
  });

  it('rejects bad input with a named TypeError/RangeError', async () => {
    const init = toTfjsInitializerSync(heNormal(), 1, { modules: m });
    expect(() => init.apply([3, 3], 'int32')).toThrow(TypeError);
    expect(() => init.apply([3, -1])).toThrow(/shape\[1\]/);
    // a sparse shape is refused by its length, at once (it used to be walked hole by hole: a hang)
    throwsBeforeWalking(() => init.apply(hugeSparse()), RangeError);
    await expect(toTfjsInitializer((() => 0) as never, 1, { modules: m })).rejects.toThrow(TypeError);
    expect(() => toTfjsInitializerSync(heNormal(), -1, { modules: m })).toThrow(/seed/);
    expect(() => toTfjsInitializerSync(heNormal(), {} as never, { modules: m })).toThrow(TypeError);
    expect(() => toTfjsInitializerSync(heNormal(), 1, { modules: {} as never })).toThrow(/modules/);
    expect(() => toTfjsInitializerSync(heNormal(), 1, { modules: m, layout: 'jax' as never })).toThrow(
      /layout/,
    );
  });
});

describe('wixi/tfjs: layout helpers and lazy loading', () => {
  it('kerasToTorchShape and torchToKeras map (out, in, *k) ↔ (*k, in, out)', () => {
    expect(kerasToTorchShape([3, 5])).toEqual([5, 3]);
    expect(kerasToTorchShape([2, 3, 4, 5])).toEqual([5, 4, 2, 3]);
    // torch (out=2, in=3): [[1, 2, 3], [4, 5, 6]] → keras (in=3, out=2): [[1, 4], [2, 5], [3, 6]]
    expect(Array.from(torchToKeras(Float32Array.from([1, 2, 3, 4, 5, 6]), [3, 2]))).toEqual([
      1, 4, 2, 5, 3, 6,
    ]);
  });

  it('a missing TF.js package rejects with TfjsMissingError naming the install command', async () => {
    const missing = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-core'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const p = loadTfjs({ importer: () => Promise.reject(missing) });
    await expect(p).rejects.toBeInstanceOf(TfjsMissingError);
    await expect(p).rejects.toThrow(
      /npm install --save-dev @tensorflow\/tfjs-core @tensorflow\/tfjs-backend-cpu @tensorflow\/tfjs-layers/,
    );
    // other failures are not disguised as a missing package
    const broken = loadTfjs({ importer: () => Promise.reject(new SyntaxError('bad module')) });
    await expect(broken).rejects.toBeInstanceOf(SyntaxError);
  });
});

describe('wixi/tfjs: argument checks of the helpers', () => {
  it('name the argument and value', () => {
    expect(() => kerasToTorchShape([4] as number[])).toThrow(/kerasShape must have rank >= 2/);
    expect(() => kerasToTorchShape('ab' as never)).toThrow(TypeError);
    expect(() => torchToKeras(new Float32Array(5), [2, 3])).toThrow(/5 elements/);
    expect(() => torchToKeras([1, 2] as never, [1, 2])).toThrow(/Float32Array/);
    expect(() => inferLayout({} as never)).toThrow(TypeError);
    expect(() => loadTfjs({ importer: 3 as never })).toThrow(/importer/);
    expect(() => loadTfjs({ quiet: 'yes' as never })).toThrow(/quiet/);
  });
});
