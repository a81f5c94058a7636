/**
 * The TF.js adapter's spec: for random dense and conv2d geometries and every variance-scaling
 * preset of wixi (Keras presets read in Keras's layout, PyTorch presets in PyTorch's, translated by
 * the adapter), the kernel of a real `tf.layers.dense` / `tf.layers.conv2d` built with
 * `toTfjsInitializer` has the variance ANCHORS gives for the layer's fans — computed here from the
 * geometry the arbitrary built, never from the code under test.
 *
 * A negative control shows the check is not vacuous: the same kernels, with the layout deliberately
 * wrong (a Keras preset asked for PyTorch's (out, in) shape of a dense kernel, so it divides by
 * fan_out), are rejected whenever fan_in and fan_out differ by 20% or more.
 *
 * Statistics: one log-scale variance decision per run (fourth-moment se from the sample), with
 * false-alarm rate α = (half the tfjs share)/(RUNS + CONTROL_RUNS) and miss rate β = α at a 5%
 * variance error (so a control misses with probability ≤ β); the
 * sample is planned with `samplesFor` for the preset's kurtosis and pooled over fresh layers (each
 * apply draws new, independent values from the adapter's stream).
 */
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  torchLinearDefault,
  xavierNormal,
  xavierUniform,
} from '../src/init/index.js';
import { samplesFor, testVariance } from '../src/stats/decide.js';
import { assertEvidence } from '../src/stats/evidence.js';
import { assertProperty } from '../src/testing/property.js';
import { loadTfjs, type TfjsModules, toTfjsInitializerSync } from '../src/tfjs/index.js';
import { budget } from './budget.js';

/** The tfjs part of the budget once declared in budget.ts; until then the 'init' part's share. */
const TFJS_SHARE = 'tfjs' in budget.shares ? budget.of('tfjs') : budget.perCheck('init', 1);
const RUNS = 10;
const CONTROL_RUNS = 4;
const ALPHA = TFJS_SHARE / 2 / (RUNS + CONTROL_RUNS);
const REL_TOL = 0.05;

/** Kurtosis of each law, for planning: uniform 9/5, N(0,1) cut at ±2 2.3604, normal 3. */
const KAPPA = { uniform: 1.8, truncated: 2.3604, normal: 3 } as const;

interface Preset {
  name: string;
  make: () => Initializer;
  /** Var(W) by ANCHORS from the layer's true fans. */
  variance: (fanIn: number, fanOut: number) => number;
  kurtosis: number;
}

const PRESETS: Preset[] = [
  { name: 'heNormal', make: () => heNormal(), variance: (fi) => 2 / fi, kurtosis: KAPPA.truncated },
  { name: 'heUniform', make: () => heUniform(), variance: (fi) => 2 / fi, kurtosis: KAPPA.uniform },
  {
    name: 'glorotNormal',
    make: () => glorotNormal(),
    variance: (fi, fo) => 2 / (fi + fo),
    kurtosis: KAPPA.truncated,
  },
  {
    name: 'glorotUniform',
    make: () => glorotUniform(),
    variance: (fi, fo) => 2 / (fi + fo),
    kurtosis: KAPPA.uniform,
  },
  { name: 'lecunNormal', make: () => lecunNormal(), variance: (fi) => 1 / fi, kurtosis: KAPPA.truncated },
  { name: 'lecunUniform', make: () => lecunUniform(), variance: (fi) => 1 / fi, kurtosis: KAPPA.uniform },
  {
    name: 'kaimingNormal (torch)',
    make: () => kaimingNormal(),
    variance: (fi) => 2 / fi,
    kurtosis: KAPPA.normal,
  },
  {
    name: 'kaimingUniform (torch)',
    make: () => kaimingUniform(),
    variance: (fi) => 2 / fi,
    kurtosis: KAPPA.uniform,
  },
  {
    name: 'xavierNormal (torch)',
    make: () => xavierNormal(),
    variance: (fi, fo) => 2 / (fi + fo),
    kurtosis: KAPPA.normal,
  },
  {
    name: 'xavierUniform (torch)',
    make: () => xavierUniform(),
    variance: (fi, fo) => 2 / (fi + fo),
    kurtosis: KAPPA.uniform,
  },
  {
    name: 'torchLinearDefault (torch)',
    make: () => torchLinearDefault(),
    variance: (fi) => 1 / (3 * fi),
    kurtosis: KAPPA.uniform,
  },
];

interface Geometry {
  kind: 'dense' | 'conv2d';
  inUnits: number;
  outUnits: number;
  kernel: number;
}

const geometryArb: fc.Arbitrary<Geometry> = fc.oneof(
  fc.record({
    kind: fc.constant('dense' as const),
    inUnits: fc.integer({ min: 16, max: 300 }),
    outUnits: fc.integer({ min: 16, max: 300 }),
    kernel: fc.constant(1),
  }),
  fc.record({
    kind: fc.constant('conv2d' as const),
    inUnits: fc.integer({ min: 4, max: 48 }),
    outUnits: fc.integer({ min: 4, max: 48 }),
    kernel: fc.integer({ min: 1, max: 4 }),
  }),
);

let m: TfjsModules;
beforeAll(async () => {
  m = await loadTfjs({ quiet: true });
});

/** Kernel values of fresh layers built with `init`, pooled until `n`. */
function layerKernels(init: ReturnType<typeof toTfjsInitializerSync>, g: Geometry, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let k = 0; k < n; ) {
    const layer =
      g.kind === 'dense'
        ? m.tfl.layers.dense({ units: g.outUnits, kernelInitializer: init })
        : m.tfl.layers.conv2d({ filters: g.outUnits, kernelSize: g.kernel, kernelInitializer: init });
    const input = g.kind === 'dense' ? [1, g.inUnits] : [1, g.kernel, g.kernel, g.inUnits];
    m.tf.tidy(() => {
      layer.apply(m.tf.zeros(input));
    });
    const w = layer.getWeights()[0].dataSync();
    const take = Math.min(w.length, n - k);
    for (let i = 0; i < take; i++) x[k + i] = w[i];
    k += take;
    layer.dispose();
  }
  return x;
}

describe('wixi/tfjs: real TF.js layers built with toTfjsInitializer carry the declared variance', () => {
  it('every preset, dense and conv2d, non-square fans', () => {
    assertProperty(
      'tfjs adapter: a TF.js layer carries the preset variance for its true fans',
      [fc.constantFrom(...PRESETS), geometryArb, fc.integer({ min: 0, max: 2 ** 31 - 1 })],
      (preset, g, seed) => {
        const rf = g.kernel * g.kernel;
        const fanIn = g.inUnits * rf;
        const fanOut = g.outUnits * rf;
        const expected = preset.variance(fanIn, fanOut);
        const n = samplesFor({ relTol: REL_TOL, alpha: ALPHA, power: 1 - ALPHA, kurtosis: preset.kurtosis });
        const init = toTfjsInitializerSync(preset.make(), seed, { modules: m });
        const x = layerKernels(init, g, n);
        const r = testVariance(x, expected, { alpha: ALPHA, beta: ALPHA, relTol: REL_TOL });
        assertEvidence({
          claim: `a TF.js ${g.kind} built with ${preset.name} via toTfjsInitializer has Var(W) = ANCHORS(fan_in ${fanIn}, fan_out ${fanOut})`,
          quantity: 'Var(W) of the layer kernel',
          measured: r.measured,
          predicted: expected,
          interval: r.interval,
          alpha: ALPHA,
          samples: r.n,
          pass: r.decision !== 'fail',
          decision: r.decision,
          params: { ...g, preset: preset.name, seed, layout: init.layout },
        });
      },
      { numRuns: RUNS },
    );
  });

  it('negative control: a wrong layout (fans read the wrong way round) is rejected', () => {
    assertProperty(
      'tfjs adapter: a Keras preset forced into the torch layout is rejected',
      [
        fc.constantFrom(...PRESETS.filter((p) => !p.name.includes('torch') && !p.name.startsWith('glorot'))),
        // dense only: a Keras preset reading a (out, in) kernel takes fan_in = out, so Var = c/out ≠ c/in
        geometryArb.filter(
          (g) =>
            g.kind === 'dense' && Math.max(g.inUnits, g.outUnits) / Math.min(g.inUnits, g.outUnits) >= 1.2,
        ),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      ],
      (preset, g, seed) => {
        const rf = g.kernel * g.kernel;
        const expected = preset.variance(g.inUnits * rf, g.outUnits * rf);
        const n = samplesFor({ relTol: REL_TOL, alpha: ALPHA, power: 1 - ALPHA, kurtosis: preset.kurtosis });
        const init = toTfjsInitializerSync(preset.make(), seed, { modules: m, layout: 'torch' });
        const r = testVariance(layerKernels(init, g, n), expected, {
          alpha: ALPHA,
          beta: ALPHA,
          relTol: REL_TOL,
        });
        if (r.decision !== 'fail') {
          throw new Error(
            `the wrong layout was NOT rejected: ${preset.name} ${JSON.stringify(g)} Var ${r.measured} vs ${expected}, interval ${r.interval}`,
          );
        }
      },
      { numRuns: CONTROL_RUNS },
    );
  });
});
