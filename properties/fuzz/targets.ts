/**
 * What the fuzzer calls: every public export of wixi, found by walking the module namespaces of
 * the package root and every subpath, with (where a function needs them) generators of VALID
 * argument lists — the fuzzer calls with them as they are, with one hostile change inside them
 * (`mutate`), and with argument lists made only of hostile values. Factories declare the kind of
 * what they return (an initializer, a distribution, an activation …), and the fuzzer then calls
 * that product's methods the same three ways.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import * as auditNs from '../../src/audit/index.js';
import * as claimsNs from '../../src/claims/index.js';
import * as dataNs from '../../src/data/index.js';
import * as root from '../../src/index.js';
import * as initNs from '../../src/init/index.js';
import * as nnNs from '../../src/nn/index.js';
import * as randomNs from '../../src/random/index.js';
import * as statsNs from '../../src/stats/index.js';
import * as testingNs from '../../src/testing/index.js';
import * as tfjsNs from '../../src/tfjs/index.js';
import * as theoryNs from '../../src/theory/index.js';
import { opaque, rand, tag } from './harness.js';

/** The namespaces the package exports (package.json `exports`), by subpath. */
export const NAMESPACES: Readonly<Record<string, Record<string, unknown>>> = {
  wixi: root,
  'wixi/random': randomNs,
  'wixi/stats': statsNs,
  'wixi/init': initNs,
  'wixi/nn': nnNs,
  'wixi/theory': theoryNs,
  'wixi/claims': claimsNs,
  'wixi/testing': testingNs,
  'wixi/data': dataNs,
  'wixi/tfjs': tfjsNs,
  'wixi/audit': auditNs,
};

let TFJS: tfjsNs.TfjsModules | undefined;

/** Load what the generators need before the first case (TensorFlow.js, for toTfjsInitializerSync). */
export async function prepare(): Promise<void> {
  TFJS ??= await tfjsNs.loadTfjs({ quiet: true });
}
const tfjsModules = () => {
  if (TFJS === undefined) throw new Error('prepare() must run before the targets are fuzzed');
  return opaque(TFJS, 'await loadTfjs()');
};

/** Kinds of objects factories return; the fuzzer calls their methods too. */
export type KindName =
  | 'initializer'
  | 'distribution'
  | 'activation'
  | 'rng'
  | 'budget'
  | 'function'
  | 'claim'
  | 'matcherResult'
  | 'arbitrary'
  | 'network'
  | 'tfjsInitializer';

type R = ReturnType<typeof rand>;

/** A method of a kind: valid arguments built from the product and a small seeded generator. */
export interface Method {
  args: (product: never, r: R) => unknown[];
  /** How to call it (default `product[name](...args)`; `call` calls the product itself). */
  invoke?: (product: never, args: unknown[]) => unknown;
  /** The method returns what a user callback computed: a NaN from a hostile callback is the user's. */
  passThrough?: boolean;
  /** Errors this method throws by design. */
  allow?: (e: unknown) => boolean;
  /** Skip for products that lack it (optional methods). */
  optional?: boolean;
  /** Call with valid arguments only (the method belongs to a third party, e.g. fast-check). */
  validOnly?: boolean;
  /** Never call with its valid arguments (a full statistical check: the spec runs those). */
  hostileOnly?: boolean;
}

export interface Kind {
  is: (x: unknown) => boolean;
  methods: Record<string, Method>;
}

/** One function (or class, or exported object) the fuzzer exercises. */
export interface Target {
  /** `subpath.exportName`, as a user imports it. */
  name: string;
  /** Call it with an argument list (absent for exported objects, which are products already). */
  call?: (args: unknown[]) => unknown;
  /** The exported object itself (for exported objects: activations, claims, arbitraries, records). */
  object?: unknown;
  /** Generator of valid argument lists; absent means hostile-only calls. */
  valid?: fc.Arbitrary<unknown[]>;
  /** How many arguments hostile-only lists have at most (default the function's length + 1). */
  arity: number;
  /** The kind of what it returns, whose methods are then fuzzed. */
  produces?: KindName;
  /** fast-check runs (default the runner's). */
  runs?: number;
  /** Errors it throws by design. */
  allow?: (e: unknown) => boolean;
  /** Shrink a failing case (default true; false for targets whose every call is expensive). */
  shrink?: boolean;
  /** Valid calls too expensive to make (a mutation dropped an option whose default is large). */
  skip?: (args: unknown[]) => boolean;
}

// ---------------------------------------------------------------------------------------------
// Valid building blocks.

const { createRng } = randomNs;
const seedA = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const rngOf = (s: number) => opaque(createRng(s), `createRng(${s})`);
const rngA = seedA.map(rngOf);
const int = (min: number, max: number) => fc.integer({ min, max });
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const numA = real(-50, 50);
const posA = real(0.05, 20);
const alphaA = real(1e-9, 0.3);
const powerA = real(0.5, 0.999);
const floatsA = (min = 2, max = 32) =>
  fc.array(real(-10, 10), { minLength: min, maxLength: max }).map((a) => Float64Array.from(a));
/** A numeric sample: Float64Array, Float32Array or number[]. */
const sampleA = fc.oneof(
  floatsA(),
  floatsA().map((a) => Float32Array.from(a)),
  floatsA().map((a) => Array.from(a)),
);
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
/** A record some of whose keys are present. */
const opts = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.record(model, { requiredKeys: [] });
/** Argument lists: a tuple of arbitraries. */
const args = (...items: fc.Arbitrary<unknown>[]) => fc.tuple(...items) as fc.Arbitrary<unknown[]>;
/** A constant picked from a list of builders (fresh opaque values each time). */
const pick = <T>(items: readonly (() => T)[]) => int(0, items.length - 1).map((i) => items[i]());

const R_ = randomNs;
const DISTRIBUTIONS: (() => randomNs.Distribution)[] = [
  () => R_.normal(),
  () => R_.normal({ mean: 1, sd: 2 }),
  () => R_.uniform({ lo: -1, hi: 3 }),
  () => R_.truncatedNormal(),
  () => R_.truncatedNormal({ units: 'sigma', lo: 1, hi: 3 }),
  () => R_.laplace({ scale: 0.5 }),
  () => R_.rademacher(),
  () => R_.studentT({ nu: 9 }),
  () => R_.beta({ alpha: 2, beta: 5 }),
  () => R_.scaled(R_.laplace(), 0.5),
  () => R_.shifted(R_.normal(), 0.3),
  () => R_.standardized(R_.uniform()),
].map((f) => () => opaque(f()));
const distA = pick(DISTRIBUTIONS);

const I_ = initNs;
const INITIALIZERS: (() => initNs.Initializer)[] = [
  () => I_.heNormal(),
  () => I_.heUniform(),
  () => I_.glorotUniform(),
  () => I_.glorotNormal({ layout: 'torch' }),
  () => I_.lecunNormal(),
  () => I_.lecunUniform(),
  () => I_.kaimingNormal(),
  () => I_.kaimingUniform({ a: 0.1, nonlinearity: 'leaky_relu' }),
  () => I_.xavierNormal({ gain: 2 }),
  () => I_.xavierUniform(),
  () => I_.torchLinearDefault(),
  () => I_.torchBiasDefault(4),
  () => I_.orthogonal({ gain: 1.5 }),
  () => I_.varianceScaling({ distribution: 'uniform', mode: 'fanGeoAvg' }),
  () => I_.truncatedNormal({ std: 0.5 }),
  () => I_.uniform({ lo: -2, hi: 2 }),
  () => I_.normal({ std: 0.1 }),
  () => I_.constant(0.5),
  () => I_.zeros(),
  () => I_.ones(),
].map((f) => () => opaque(f()));
const initA = pick(INITIALIZERS);
/** Any small shape, rank 0 to 4 (some initializers refuse low ranks with a RangeError). */
const anyShapeA = fc.array(int(0, 5), { maxLength: 4 });
const layoutA = fc.constantFrom('torch', 'keras', 'jax');

const N_ = nnNs;
const ACTIVATION_NAMES = [...N_.ACTIVATION_NAMES];
const activationObjects = Object.values(N_.activations);
const activationA = fc.oneof(
  fc.constantFrom(...ACTIVATION_NAMES),
  fc.constantFrom(...activationObjects).map((a) => opaque(a, `activations.${a.name}`)),
);
const homogeneousA = fc.constantFrom('relu', 'leakyRelu', 'linear');

const estimateA = fc.record({ value: posA, se: real(0, 2), n: int(2, 500) });
const evidenceA = fc.record({
  claim: fc.constantFrom('a claim', 'Var(W·X) law'),
  quantity: fc.constant('Var(z)'),
  measured: posA,
  predicted: posA,
  interval: fc.tuple(real(0, 1), real(1, 2)),
  alpha: alphaA,
  samples: int(2, 1000),
  pass: fc.boolean(),
  params: fc.record({ n: int(1, 10), W: fc.constant('normal(0, 1)') }),
});

function buildNet(o: {
  widths: number[];
  activation: string;
  bias: unknown;
  residual: boolean;
  seed: number;
}): nnNs.Network {
  const widths = o.residual ? [o.widths[0], ...o.widths.slice(1).map(() => o.widths[1])] : o.widths;
  const net = N_.mlp(
    {
      widths,
      activation: o.activation as nnNs.ActivationName,
      init: I_.kaimingNormal({ nonlinearity: 'relu' }),
      bias: o.bias as nnNs.BiasSpec,
      ...(o.residual ? { residual: { alpha: 0.5, branch: 1 as const, stem: true } } : {}),
    },
    createRng(o.seed),
  );
  return opaque(
    net,
    `mlp({widths: [${widths}], activation: '${o.activation}', bias: ${JSON.stringify(o.bias)}${o.residual ? ', residual' : ''}}, createRng(${o.seed}))`,
  );
}
const netA = fc
  .record({
    widths: fc.array(int(1, 5), { minLength: 2, maxLength: 4 }),
    activation: fc.constantFrom('relu', 'tanh', 'gelu', 'linear', 'selu'),
    bias: fc.constantFrom(false, 'zeros', { variance: 0.1 }),
    residual: fc.boolean(),
    seed: seedA,
  })
  .map(buildNet);
/** A batch × width input for a network: a Float64Array or a Tensor. */
const inputFor = (width: number) =>
  fc
    .tuple(int(1, 4), fc.boolean())
    .chain(([batch, asTensor]) =>
      fc
        .array(real(-3, 3), { minLength: batch * width, maxLength: batch * width })
        .map((a) =>
          asTensor ? { shape: [batch, width], data: Float64Array.from(a) } : Float64Array.from(a),
        ),
    );
const netAndInput = netA.chain((net) => fc.tuple(fc.constant(net), inputFor(net.widths[0])));

/** A small IDX file of any element type (optionally gzipped). */
const idxA = fc
  .record({
    code: fc.constantFrom(8, 9, 11, 12, 13, 14),
    shape: fc.array(int(0, 4), { minLength: 1, maxLength: 3 }),
    gzip: fc.boolean(),
    seed: seedA,
  })
  .map((o) => {
    const bytes = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 }[o.code] as number;
    const count = o.shape.reduce((p, s) => p * s, 1);
    const buf = new Uint8Array(4 + 4 * o.shape.length + count * bytes);
    const view = new DataView(buf.buffer);
    buf[2] = o.code;
    buf[3] = o.shape.length;
    for (const [d, s] of o.shape.entries()) view.setInt32(4 + 4 * d, s, false);
    const r = rand(o.seed);
    for (let i = 4 + 4 * o.shape.length; i < buf.length; i++) buf[i] = r.int(0, 255);
    if (o.code === 13 || o.code === 14) {
      // keep floats finite: a random exponent can spell NaN, which IDX data may hold legitimately
      for (let i = 4 + 4 * o.shape.length; i < buf.length; i += bytes) buf[i] = 0x3f;
    }
    return tag(
      o.gzip ? new Uint8Array(gzipSync(buf)) : buf,
      `IDX ${o.code} [${o.shape}]${o.gzip ? ' gz' : ''}`,
    );
  });

const FIXTURES = fileURLToPath(new URL('../../fixtures/fashion-mnist/', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Kinds.

const isFn = (x: unknown): x is (...a: unknown[]) => unknown => typeof x === 'function';
const floatsOf = (r: R, n: number, lo = -5, hi = 5) => {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = r.real(lo, hi);
  return a;
};

/** Parameters of a claim drawn from its own arbitrary (smaller than its representative case). */
const paramsOf = (c: claimsNs.AnyClaim, r: R): unknown =>
  fc.sample(c.parameters as fc.Arbitrary<unknown>, { seed: r.int(0, 2 ** 31 - 1), numRuns: 1 })[0];

export const KINDS: Record<KindName, Kind> = {
  initializer: {
    is: (x) => isFn(x) && typeof (x as { variance?: unknown }).variance === 'function',
    methods: {
      call: {
        args: (_p, r) => [
          [r.int(1, 6), r.int(1, 6)],
          rngOf(r.int(0, 1000)),
          { dtype: r.int(0, 1) ? 'float32' : 'float64' },
        ],
        invoke: (p: (...a: unknown[]) => unknown, a) => p(...a),
        passThrough: true,
      },
      variance: { args: (_p, r) => [[r.int(1, 6), r.int(1, 6)]], passThrough: true },
      mean: { args: (_p, r) => [[r.int(1, 6), r.int(1, 6)]], passThrough: true },
      distribution: { args: (_p, r) => [[r.int(1, 6), r.int(1, 6)]], optional: true },
      support: { args: (_p, r) => [[r.int(1, 6), r.int(1, 6)]], optional: true },
      matrix: { args: (_p, r) => [[r.int(1, 6), r.int(1, 6), r.int(1, 3)]], optional: true },
    },
  },
  distribution: {
    is: (x) => x !== null && typeof x === 'object' && typeof (x as { cdf?: unknown }).cdf === 'function',
    methods: {
      cdf: { args: (_p, r) => [r.real(-5, 5)] },
      sample: {
        args: (_p, r) => [
          rngOf(r.int(0, 1000)),
          r.int(0, 1) ? new Float64Array(r.int(0, 64)) : new Float32Array(r.int(0, 64)),
        ],
      },
    },
  },
  activation: {
    is: (x) => x !== null && typeof x === 'object' && typeof (x as { apply?: unknown }).apply === 'function',
    methods: {
      value: { args: (_p, r) => [r.real(-20, 20)], passThrough: true },
      derivative: { args: (_p, r) => [r.real(-20, 20)], passThrough: true },
      apply: {
        args: (_p, r) => {
          const n = r.int(0, 16);
          return [floatsOf(r, n), new Float64Array(n)];
        },
        passThrough: true,
      },
      applyDerivative: {
        args: (_p, r) => {
          const n = r.int(0, 16);
          return [floatsOf(r, n), r.int(0, 1) ? new Float32Array(n) : new Float64Array(n)];
        },
        passThrough: true,
      },
    },
  },
  rng: {
    is: (x) => x !== null && typeof x === 'object' && typeof (x as { fork?: unknown }).fork === 'function',
    methods: {
      uint32: { args: () => [] },
      uniform: { args: () => [] },
      normal: { args: () => [] },
      fillNormal: { args: (_p, r) => [new Float64Array(r.int(0, 64)), r.real(-5, 5), r.real(0, 3)] },
      fillUniform: { args: (_p, r) => [new Float32Array(r.int(0, 64)), r.real(-5, 0), r.real(0, 5)] },
      fillTruncatedNormal: {
        args: (_p, r) => [
          new Float64Array(r.int(0, 64)),
          r.real(-1, 1),
          r.real(0.1, 3),
          r.real(-3, 0),
          r.real(0.1, 3),
          r.int(0, 1) ? 'sigma' : 'absolute',
        ],
      },
      fork: { args: () => [] },
      asPrng: { args: () => [] },
    },
  },
  budget: {
    is: (x) =>
      x !== null && typeof x === 'object' && typeof (x as { perCheck?: unknown }).perCheck === 'function',
    methods: {
      of: { args: (_p, r) => [r.int(0, 1) ? 'a' : 'b'] },
      perCheck: { args: (_p, r) => [r.int(0, 1) ? 'a' : 'b', r.int(1, 100)] },
    },
  },
  function: {
    is: isFn,
    methods: {
      call: { args: (_p, r) => [r.real(-1, 4)], invoke: (p: (...a: unknown[]) => unknown, a) => p(...a) },
    },
  },
  claim: {
    is: (x) => x !== null && typeof x === 'object' && typeof (x as { check?: unknown }).check === 'function',
    methods: {
      predict: { args: (p: claimsNs.AnyClaim, r) => [paramsOf(p, r)] },
      check: {
        args: (p: claimsNs.AnyClaim, r) => [
          paramsOf(p, r),
          { rng: rngOf(r.int(0, 1000)), alpha: 0.05, power: 0.5, size: 'quick' },
        ],
        hostileOnly: true,
      },
      telling: { args: (p: claimsNs.AnyClaim, r) => [paramsOf(p, r)], optional: true, hostileOnly: true },
    },
  },
  matcherResult: {
    is: (x) =>
      x !== null && typeof x === 'object' && typeof (x as { message?: unknown }).message === 'function',
    methods: { message: { args: () => [] } },
  },
  arbitrary: {
    is: (x) => x instanceof fc.Arbitrary,
    methods: {
      sample: {
        args: (_p, r) => [r.int(0, 2 ** 31 - 1)],
        invoke: (p: fc.Arbitrary<unknown>, a) => fc.sample(p, { seed: a[0] as number, numRuns: 3 }),
        validOnly: true,
      },
    },
  },
  tfjsInitializer: {
    is: (x) => x !== null && typeof x === 'object' && typeof (x as { apply?: unknown }).apply === 'function',
    methods: {
      apply: {
        args: (_p, r) => [[r.int(1, 4), r.int(1, 4)], 'float32'],
        // the values of the tf.Tensor it returns, so the oracle sees them
        invoke: (p: { apply(...a: unknown[]): { dataSync(): Float32Array } }, a) => p.apply(...a).dataSync(),
      },
      getConfig: { args: () => [] },
    },
  },
  network: {
    is: (x) => x !== null && typeof x === 'object' && Array.isArray((x as { layers?: unknown }).layers),
    methods: {
      forward: {
        args: (p: nnNs.Network, r) => [floatsOf(r, p.widths[0] * r.int(1, 3))],
        invoke: (p: nnNs.Network, a) => N_.forward(p, a[0] as Float64Array),
      },
      trace: {
        args: (p: nnNs.Network, r) => [floatsOf(r, p.widths[0] * r.int(1, 3)), { rng: rngOf(r.int(0, 99)) }],
        invoke: (p: nnNs.Network, a) => N_.trace(p, a[0] as Float64Array, a[1] as nnNs.TraceOptions),
      },
    },
  },
};

// ---------------------------------------------------------------------------------------------
// The table of valid arguments, by function. A function missing here makes the coverage test fail.

type Fn = (...a: never[]) => unknown;
interface Spec {
  valid?: fc.Arbitrary<unknown[]>;
  produces?: KindName;
  runs?: number;
  allow?: (e: unknown) => boolean;
  construct?: boolean;
  shrink?: boolean;
  skip?: (args: unknown[]) => boolean;
}

const S_ = statsNs;
const T_ = theoryNs;
const C_ = claimsNs;
const X_ = testingNs;
const D_ = dataNs;

const isEvidenceError = (e: unknown) => e instanceof S_.EvidenceError;
/** A property that failed by design reports itself with an Error carrying the replay line. */
const isPropertyReport = (e: unknown) =>
  e instanceof Error && /Replay exactly|found no counterexample/.test(e.message);
/** File-system errors (ENOENT …) are how a missing file is reported, as in node:fs. */
const isSystemError = (e: unknown) => {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code);
};

const sortedPair = fc.tuple(real(-4, 4), real(0.1, 4)).map(([a, d]) => [a, a + d] as const);
const momentsLikeA = fc.oneof(
  distA,
  fc.record({ mean: real(-2, 2), variance: real(0, 4) }),
  fc.record({ mean: real(-2, 2), variance: real(0.1, 4), thirdCentralMoment: real(-1, 1) }),
);
const depthOptsA = opts({
  activation: activationA,
  biasVariance: real(0, 1),
  inputSecondMoment: real(0.1, 4),
});
const matmulA = fc
  .record({ m: int(0, 4), k: int(0, 4), n: int(0, 4), transB: fc.boolean(), f32: fc.boolean() })
  .chain(({ m, k, n, transB, f32 }) =>
    fc.tuple(floatsA(m * k, m * k), floatsA(k * n, k * n)).map(([a, b]) => {
      const A = f32 ? Float32Array.from(a) : a;
      return [
        { shape: [m, k], data: A },
        { shape: transB ? [n, k] : [k, n], data: b },
        { transB },
      ] as unknown[];
    }),
  );
const gemmA = fc
  .record({ m: int(0, 4), k: int(0, 4), n: int(0, 4), acc: fc.boolean() })
  .chain(({ m, k, n, acc }) =>
    fc
      .tuple(floatsA(m * k, m * k), floatsA(k * n, k * n))
      .map(([a, b]) => [m, n, k, a, k, 1, b, n, 1, new Float64Array(m * n), acc] as unknown[]),
  );
/** B (rows × cols, rows, cols ≤ 9 so panels are padded and not) packed once, opaque to the mutator. */
const packedDimsA = fc.record({ rows: int(0, 6), cols: int(0, 9) });
const packedOf = (rows: number, cols: number, b: Float64Array) =>
  opaque(N_.packMatrix(rows, cols, b, cols, 1), `packMatrix(${rows}, ${cols}, …)`);
const packedWithA = packedDimsA.chain(({ rows, cols }) =>
  floatsA(rows * cols, rows * cols).map((b) => ({ rows, cols, b, p: packedOf(rows, cols, b) })),
);
const packedIndexA = fc
  .record({ rows: int(1, 6), cols: int(1, 9) })
  .chain(({ rows, cols }) =>
    fc
      .tuple(int(0, rows - 1), int(0, cols - 1))
      .map(([p, j]) => [packedOf(rows, cols, new Float64Array(rows * cols)), p, j] as unknown[]),
  );
const gemmPackedA = packedWithA.chain(({ rows, cols, p }) =>
  fc
    .record({ m: int(0, 4), acc: fc.boolean() })
    .chain(({ m, acc }) =>
      floatsA(m * rows, m * rows).map(
        (a) => [m, a, rows, 1, p, new Float64Array(m * cols), acc] as unknown[],
      ),
    ),
);
const fillPackedA = packedWithA.chain(({ p }) =>
  seedA.map((seed) => {
    const r = createRng(seed);
    return [
      p,
      tag((v: Float64Array) => r.fillNormal(v), `(v) => createRng(${seed}).fillNormal(v)`),
    ] as unknown[];
  }),
);
const cdfA = fc.constantFrom(
  tag(R_.normal().cdf, 'normal().cdf'),
  tag(R_.uniform({ lo: -10, hi: 10 }).cdf, 'uniform(-10, 10).cdf'),
  tag(R_.rademacher().cdf, 'rademacher().cdf'),
);
const integrandA = fc.constantFrom(
  tag((x: number) => x * x, '(x) => x * x'),
  tag(Math.tanh, 'Math.tanh'),
  tag((x: number) => Math.max(0, x), '(x) => max(0, x)'),
);
const measureA = real(0.8, 1.2).map((m) =>
  tag((n: number) => ({ value: m, se: 1 / Math.sqrt(n), n }), `(n) => ({value: ${m}, se: 1/√n, n})`),
);
const testResultA = fc
  .tuple(estimateA, posA, alphaA)
  .map(([e, p, alpha]) => S_.testEstimate(e, p, { alpha, scale: 'log' }));
/**
 * The quickest laws only: a refutation's search runs numRuns checks (30 when a mutation drops the
 * option), and the cancellation laws take a second each.
 */
const QUICK_LAWS = ['product-law', 'sum-law', 'sigmoid-slope-bound'];
const F_ = tfjsNs;
const A_ = auditNs;
const findingA = fc
  .record({
    id: fc.constantFrom('heNormal/variance', 'glorotUniform/bounds'),
    verdict: fc.constantFrom('conforms', 'diverges', 'inconclusive'),
    evidence: evidenceA,
    withExplanation: fc.boolean(),
    cause: fc.constantFrom(...(Object.keys(A_.CAUSES) as auditNs.CauseId[])),
  })
  .map(
    (f): auditNs.Finding => ({
      id: f.id,
      section: A_.SECTIONS[0],
      initializer: 'heNormal',
      option: 'default',
      check: 'variance',
      verdict: f.verdict as auditNs.Verdict,
      measured: 'Var = 0.77·2/n',
      contract: 'Var = 2/n',
      evidence: f.evidence,
      ...(f.withExplanation
        ? {
            explanation: {
              cause: f.cause,
              statement: 'uncorrected truncation',
              holds: true,
              evidence: f.evidence,
            },
          }
        : {}),
      reproduce: 'tf.initializers.heNormal({}).apply([256, 256])',
    }),
  );
const auditResultA = fc.record({
  tfjs: fc.constant({ core: '4.22.0', layers: '4.22.0', backend: 'cpu' }),
  seed: seedA,
  quick: fc.boolean(),
  alpha: alphaA,
  decisions: int(1, 100),
  alphaPerDecision: alphaA,
  power: powerA,
  plan: fc.constant({ relTol: 0.05, meanTol: '0.05σ', ksDistance: 0.03, orthogonalKsDistance: 0.25 }),
  findings: fc.array(findingA, { maxLength: 4 }),
  seconds: real(0, 100),
});
const claimA = fc
  .constantFrom(...C_.claims.filter((c) => QUICK_LAWS.includes(c.id)))
  .map((c) => opaque(c, `getClaim('${c.id}')`));

/** The valid argument lists of every exported function (by identity: re-exports share a spec). */
export const SPECS = new Map<Fn, Spec>([
  // wixi/random
  [R_.assertDistribution, { valid: args(fc.constant('dist'), distA) }],
  [R_.beta, { valid: args(opts({ alpha: posA, beta: posA })), produces: 'distribution' }],
  [R_.laplace, { valid: args(opts({ mean: numA, scale: posA })), produces: 'distribution' }],
  [R_.normal, { valid: args(opts({ mean: numA, sd: posA })), produces: 'distribution' }],
  [R_.rademacher, { valid: args(), produces: 'distribution' }],
  [R_.studentT, { valid: args(opts({ nu: real(4.5, 100) })), produces: 'distribution' }],
  [
    R_.truncatedNormal,
    {
      valid: fc
        .tuple(numA, posA, sortedPair, fc.constantFrom('absolute', 'sigma'))
        .map(([mean, sd, [lo, hi], units]) => [
          units === 'sigma'
            ? { mean, sd, lo, hi, units }
            : { mean, sd, lo: mean + lo * sd, hi: mean + hi * sd, units },
        ]),
      produces: 'distribution',
    },
  ],
  [R_.uniform, { valid: sortedPair.map(([lo, hi]) => [{ lo, hi }]), produces: 'distribution' }],
  [R_.rawMoment, { valid: args(distA, int(1, 4)) }],
  [R_.scaled, { valid: args(distA, posA), produces: 'distribution' }],
  [R_.shifted, { valid: args(distA, numA), produces: 'distribution' }],
  [R_.standardized, { valid: args(distA, posA), produces: 'distribution' }],
  [R_.withVariance, { valid: args(distA, posA), produces: 'distribution' }],
  [R_.standardTruncatedMoments, { valid: sortedPair.map((p) => [...p]) }],
  [R_.createRng, { valid: args(seedA), produces: 'rng' }],
  [
    R_.createRngFromState,
    {
      valid: args(
        fc.tuple(int(1, 2 ** 32 - 1), int(0, 2 ** 32 - 1), int(0, 2 ** 32 - 1), int(0, 2 ** 32 - 1)),
      ),
      produces: 'rng',
    },
  ],
  [R_.freshSeed, { valid: args() }],
  // wixi/stats
  [S_.alphaBudget, { valid: args(alphaA, fc.record({ a: posA, b: posA })), produces: 'budget' }],
  [S_.holm, { valid: args(fc.array(real(0, 1), { minLength: 1, maxLength: 10 }), alphaA) }],
  [
    S_.minDetectable,
    {
      valid: fc
        .tuple(int(2, 1e6), alphaA, powerA, fc.boolean(), real(1.5, 10))
        .map(([n, alpha, power, v, s]) => [
          v ? { n, alpha, power, kurtosis: s } : { n, alpha, power, cv: s },
        ]),
    },
  ],
  [
    S_.samplesFor,
    {
      valid: fc
        .tuple(real(0.01, 1), alphaA, powerA, fc.boolean(), real(1.5, 10))
        .map(([relTol, alpha, power, v, s]) => [
          v ? { relTol, alpha, power, kurtosis: s } : { relTol, alpha, power, cv: s },
        ]),
    },
  ],
  [
    S_.staged,
    {
      valid: args(
        measureA,
        fc.constant(1),
        fc.record({
          alpha: alphaA,
          firstStage: int(2, 200),
          stages: int(1, 5),
          relTol: real(0.01, 0.5),
          scale: fc.constantFrom('log', 'linear'),
        }),
      ),
    },
  ],
  [
    S_.testEqual,
    { valid: args(sampleA, numA, opts({ alpha: alphaA, relTol: real(0.01, 1), absTol: posA })) },
  ],
  [
    S_.testEstimate,
    {
      valid: args(
        estimateA,
        posA,
        opts({ alpha: alphaA, beta: alphaA, relTol: real(0.01, 1), scale: fc.constantFrom('log', 'linear') }),
      ),
    },
  ],
  [S_.testRatio, { valid: args(estimateA, estimateA, posA, opts({ alpha: alphaA, relTol: real(0.01, 1) })) }],
  [
    S_.testVariance,
    {
      valid: args(
        sampleA,
        posA,
        opts({ alpha: alphaA, relTol: real(0.01, 1), kurtosis: real(1, 10), knownMean: numA }),
      ),
    },
  ],
  [S_.assertEstimate, { valid: args(fc.constant('estimate'), estimateA) }],
  [
    S_.estimateMean,
    {
      valid: args(
        fc.oneof(
          sampleA,
          sampleA.map((x) => S_.moments(x)),
        ),
      ),
    },
  ],
  [S_.estimateVariance, { valid: args(sampleA, opts({ kurtosis: real(1, 10), knownMean: numA })) }],
  [S_.meanInterval, { valid: args(sampleA, opts({ alpha: alphaA })) }],
  [
    S_.varianceInterval,
    { valid: args(sampleA, opts({ alpha: alphaA, kurtosis: real(1, 10), knownMean: numA })) },
  ],
  [S_.zOneSided, { valid: args(alphaA) }],
  [S_.zTwoSided, { valid: args(alphaA) }],
  [S_.assertEvidence, { valid: args(evidenceA), allow: isEvidenceError }],
  [S_.EvidenceError as unknown as Fn, { valid: args(evidenceA), construct: true }],
  [S_.formatEvidence, { valid: args(evidenceA) }],
  [S_.dkwEpsilon, { valid: args(int(1, 1e6), alphaA) }],
  [S_.ksDistance, { valid: args(sampleA, cdfA) }],
  [S_.ksDistance2, { valid: args(sampleA, sampleA) }],
  [S_.ksSamplesFor, { valid: args(fc.record({ distance: real(0.01, 0.9), alpha: alphaA, power: powerA })) }],
  [S_.testDistribution, { valid: args(sampleA, cdfA, opts({ alpha: alphaA })) }],
  [S_.testSameDistribution, { valid: args(sampleA, sampleA, opts({ alpha: alphaA })) }],
  [S_.moments, { valid: args(sampleA) }],
  [S_.secondMoment, { valid: args(sampleA) }],
  [
    S_.testProportion,
    {
      valid: int(1, 1000).chain((n) => args(int(0, n), fc.constant(n), real(0, 1), opts({ alpha: alphaA }))),
    },
  ],
  [
    S_.gaussianExpectation,
    {
      valid: args(
        integrandA,
        real(0, 9),
        opts({ mean: numA, breakpoints: fc.array(numA, { maxLength: 3 }) }),
      ),
    },
  ],
  // wixi/init
  [I_.constant, { valid: args(numA), produces: 'initializer' }],
  [I_.normal, { valid: args(opts({ mean: numA, std: posA })), produces: 'initializer' }],
  [I_.ones, { valid: args(), produces: 'initializer' }],
  [I_.zeros, { valid: args(), produces: 'initializer' }],
  [
    I_.truncatedNormal,
    {
      valid: fc
        .tuple(numA, posA, sortedPair, fc.constantFrom('absolute', 'sigma'))
        .map(([mean, std, [lo, hi], units]) => [
          {
            mean,
            std,
            bounds:
              units === 'sigma' ? { lo, hi, units } : { lo: mean + lo * std, hi: mean + hi * std, units },
          },
        ]),
      produces: 'initializer',
    },
  ],
  [I_.uniform, { valid: sortedPair.map(([lo, hi]) => [{ lo, hi }]), produces: 'initializer' }],
  [I_.computeFans, { valid: args(anyShapeA, opts({ layout: layoutA })) }],
  [I_.calculateGain, { valid: args(fc.constantFrom(...I_.GAIN_NAMES), optional(real(-1, 1))) }],
  [
    I_.exactGain,
    {
      valid: fc.oneof(
        args(fc.constantFrom('relu', 'tanh', 'sigmoid', 'gelu', 'silu', 'selu', 'softplus', 'linear')),
        args(fc.constantFrom('leakyRelu', 'elu'), real(0.01, 2)),
        args(integrandA, opts({ breakpoints: fc.array(numA, { maxLength: 2 }) })),
      ),
      runs: 25,
    },
  ],
  [I_.orthogonal, { valid: args(opts({ gain: posA, layout: layoutA })), produces: 'initializer' }],
  ...[I_.glorotNormal, I_.glorotUniform, I_.heNormal, I_.heUniform, I_.lecunNormal, I_.lecunUniform].map(
    (f) => [f, { valid: args(opts({ layout: layoutA })), produces: 'initializer' as const }] as [Fn, Spec],
  ),
  ...[I_.kaimingNormal, I_.kaimingUniform].map(
    (f) =>
      [
        f,
        {
          valid: args(
            opts({
              a: real(0, 1),
              mode: fc.constantFrom('fanIn', 'fanOut', 'fan_in', 'fan_out'),
              nonlinearity: fc.constantFrom(...I_.GAIN_NAMES),
              layout: layoutA,
            }),
          ),
          produces: 'initializer' as const,
        },
      ] as [Fn, Spec],
  ),
  ...[I_.xavierNormal, I_.xavierUniform].map(
    (f) =>
      [f, { valid: args(opts({ gain: posA, layout: layoutA })), produces: 'initializer' as const }] as [
        Fn,
        Spec,
      ],
  ),
  [I_.torchLinearDefault, { valid: args(opts({ layout: layoutA })), produces: 'initializer' }],
  [I_.torchBiasDefault, { valid: args(int(1, 1000)), produces: 'initializer' }],
  [I_.checkShape, { valid: args(anyShapeA, optional(fc.constant('weight'))) }],
  [
    I_.defineInitializer,
    {
      valid: args(
        fc.constant('mine'),
        fc.constant({
          variance: tag((s: readonly number[]) => 1 / s[1], '(s) => 1 / s[1]'),
          mean: tag(() => 0, '() => 0'),
          fill: tag(
            (out: Float64Array, _s: unknown, rng: randomNs.Rng) => rng.fillUniform(out, -1, 1),
            '(out, s, rng) => rng.fillUniform(out, -1, 1)',
          ),
        }),
        fc.constant({}),
      ),
      produces: 'initializer',
    },
  ],
  [I_.numel, { valid: args(anyShapeA) }],
  [
    I_.varianceScaling,
    {
      valid: args(
        opts({
          scale: posA,
          mode: fc.constantFrom(...I_.FAN_MODES),
          distribution: fc.constantFrom(...I_.SCALING_DISTRIBUTIONS),
          layout: layoutA,
          name: fc.constant('vs'),
        }),
      ),
      produces: 'initializer',
    },
  ],
  // wixi/nn
  [
    N_.defineActivation,
    {
      valid: args(
        fc.record({
          name: fc.constant('square'),
          value: fc.constant(tag((x: number) => x * x, '(x) => x * x')),
          derivative: fc.constant(tag((x: number) => 2 * x, '(x) => 2 * x')),
          kinks: fc.constant([0]),
        }),
      ),
      produces: 'activation',
    },
  ],
  [N_.elu, { valid: args(real(0.01, 3)), produces: 'activation' }],
  [N_.leakyRelu, { valid: args(real(0, 1)), produces: 'activation' }],
  [
    N_.getActivation,
    {
      valid: fc.oneof(
        args(activationA),
        args(fc.constantFrom('leakyRelu', 'leaky_relu', 'elu'), real(0.01, 1)),
      ),
      produces: 'activation',
    },
  ],
  [N_.sigmoidValue, { valid: args(real(-800, 800)) }],
  [N_.gemm, { valid: gemmA }],
  [N_.gemmPacked, { valid: gemmPackedA }],
  [N_.packMatrix, { valid: packedWithA.map(({ rows, cols, b }) => [rows, cols, b, cols, 1] as unknown[]) }],
  [
    N_.packInto,
    {
      valid: packedWithA.map(
        ({ rows, cols, b }) => [opaque(N_.packedMatrix(rows, cols)), b, cols, 1] as unknown[],
      ),
    },
  ],
  [N_.packedMatrix, { valid: args(int(0, 9), int(0, 9)) }],
  [N_.packedLength, { valid: args(int(0, 9), int(0, 9)) }],
  [N_.packedIndex, { valid: packedIndexA }],
  [N_.unpackMatrix, { valid: packedWithA.map(({ p }) => [p] as unknown[]) }],
  [N_.fillPacked, { valid: fillPackedA }],
  [
    N_.gemvPacked,
    {
      valid: packedWithA.chain(({ rows, cols, p }) =>
        floatsA(rows, rows).map((x) => [p, x, new Float64Array(cols)] as unknown[]),
      ),
    },
  ],
  [
    N_.gemvPackedT,
    {
      valid: packedWithA.chain(({ rows, cols, p }) =>
        floatsA(cols, cols).map((d) => [p, d, new Float64Array(rows)] as unknown[]),
      ),
    },
  ],
  [N_.setGemmKernel, { valid: args(fc.constantFrom('auto', 'ts', 'wasm', undefined)) }],
  [N_.gemmKernelInfo, { valid: args() }],
  [N_.matmul, { valid: matmulA }],
  [
    N_.mlp,
    {
      valid: fc
        .record({
          widths: fc.array(int(1, 5), { minLength: 2, maxLength: 4 }),
          activation: activationA,
          init: initA,
          bias: fc.constantFrom(false, 'zeros', { variance: 0.1 }),
          dtype: fc.constantFrom('float64', 'float32'),
          seed: seedA,
        })
        .map((o) => [
          { widths: o.widths, activation: o.activation, init: o.init, bias: o.bias, dtype: o.dtype },
          rngOf(o.seed),
        ]),
      produces: 'network',
    },
  ],
  [N_.forward, { valid: netAndInput.map(([n, x]) => [n, x]) }],
  [
    N_.forwardWith,
    { valid: netAndInput.chain(([n, x]) => args(fc.constant(n), fc.constant(x), fc.boolean())) },
  ],
  [
    N_.backward,
    {
      valid: netAndInput.chain(([net, x]) => {
        const { output, cache } = N_.forward(net, x);
        const c = opaque(cache, 'forward(net, X).cache');
        return args(fc.constant(net), fc.constant(c), floatsA(output.length, output.length));
      }),
    },
  ],
  [
    N_.trace,
    {
      valid: netAndInput.chain(([net, x]) =>
        args(
          fc.constant(net),
          fc.constant(x),
          fc.oneof(
            fc.constant({}),
            rngA.map((rng) => ({ rng })),
          ),
        ),
      ),
    },
  ],
  // wixi/theory
  [T_.activationSecondMoment, { valid: args(activationA, real(0, 9)), runs: 25 }],
  [T_.derivativeSecondMoment, { valid: args(activationA, real(0, 9)), runs: 25 }],
  [T_.homogeneousMoments, { valid: args(activationA), runs: 25 }],
  [T_.depthGain, { valid: args(real(0, 4), int(0, 50), depthOptsA), runs: 25 }],
  [T_.gradientGain, { valid: args(real(0, 4), int(0, 50), depthOptsA), runs: 25 }],
  [T_.secondMomentProfile, { valid: args(real(0, 4), int(0, 20), depthOptsA), runs: 25 }],
  [
    T_.telescopingRatios,
    {
      valid: args(
        fc.array(int(1, 100), { minLength: 2, maxLength: 6 }),
        opts({
          mode: fc.constantFrom('fanIn', 'fanOut', 'fanAvg', 'fan_in'),
          scale: posA,
          activation: homogeneousA,
        }),
      ),
    },
  ],
  [
    T_.depthNormRatioLaw,
    {
      valid: args(fc.array(int(1, 32), { minLength: 2, maxLength: 4 }), opts({ slope: real(0, 1) })),
      runs: 15,
    },
  ],
  [T_.reluNormRatioLaw, { valid: args(int(1, 64), opts({ slope: real(0, 1) })), runs: 10 }],
  [T_.normRatioExpansion, { valid: args(int(1, 1e6), opts({ slope: real(0, 1) })) }],
  [T_.reluNormRatioCdf, { valid: args(int(1, 200)), produces: 'function' }],
  [T_.chi1, { valid: args(activationA, real(0.1, 4), real(0, 1), optional(real(0.1, 4))), runs: 25 }],
  [
    T_.correlationMap,
    { valid: args(activationA, real(0.1, 4), real(0, 1), real(-1, 1), fc.constant({ q: 1 })), runs: 4 },
  ],
  [
    T_.criticalWeightVariance,
    { valid: args(fc.constantFrom('tanh', 'relu', 'linear'), real(0, 0.05)), runs: 3 },
  ],
  [T_.fixedPoint, { valid: args(activationA, real(0.1, 4), real(0, 1), opts({ q0: posA })), runs: 25 }],
  [T_.lengthMap, { valid: args(activationA, real(0.1, 4), real(0, 1), real(0, 9)), runs: 25 }],
  [T_.reluCorrelationMap, { valid: args(real(-1, 1)) }],
  [T_.productMoments, { valid: args(momentsLikeA, momentsLikeA) }],
  [T_.productVariance, { valid: args(momentsLikeA, momentsLikeA) }],
  [T_.sumMoments, { valid: args(int(1, 1000), momentsLikeA, momentsLikeA) }],
  [
    T_.sumVariance,
    { valid: args(int(1, 1000), momentsLikeA, momentsLikeA, opts({ inputCovariance: real(0, 0.05) })) },
  ],
  [T_.residualGrowth, { valid: args(int(0, 100), opts({ alpha: real(0, 1), branchGain: real(0, 2) })) }],
  [T_.residualGrowthBound, { valid: args(real(0, 5)) }],
  [T_.seluConstants, { valid: args() }],
  [
    T_.seluJacobian,
    { valid: args(real(-1, 1), real(0.5, 2), opts({ omega: real(-0.5, 0.5), tau: real(0.5, 2) })) },
  ],
  [
    T_.seluMomentMap,
    {
      valid: args(
        real(-1, 1),
        real(0, 2),
        opts({ omega: real(-1, 1), tau: real(0, 2), lambda: posA, alpha: real(0, 3) }),
      ),
    },
  ],
  [T_.sigmoidDerivativeAsymptote, { valid: args(posA, opts({ terms: int(1, 3) })) }],
  [T_.sigmoidDerivativeMean, { valid: args(real(0, 50)) }],
  [T_.chiSquareCdf, { valid: args(real(-1, 100), real(0, 50)) }],
  [T_.digamma, { valid: args(real(-50, 50)) }],
  [T_.trigamma, { valid: args(real(-50, 50)) }],
  [T_.regularizedGammaP, { valid: args(real(0.01, 100), real(0, 200)) }],
  [T_.regularizedGammaQ, { valid: args(real(0.01, 100), real(0, 200)) }],
  // wixi/claims
  [
    C_.evidenceFrom,
    {
      valid: args(
        fc.constant('a claim'),
        fc.constant('Var(z)'),
        testResultA,
        fc.record({ n: int(1, 9) }),
        optional(fc.constant('a note')),
      ),
    },
  ],
  [C_.getClaim, { valid: args(fc.constantFrom(...C_.claims.map((c) => c.id))), produces: 'claim' }],
  [C_.meanSigmoidSlope, { valid: args(real(0, 100)) }],
  [
    C_.runClaim,
    {
      valid: args(
        claimA,
        fc.record({ seed: seedA, size: fc.constant('quick'), numRuns: int(1, 3), alpha: fc.constant(0.01) }),
      ),
      runs: 2,
      shrink: false,
    },
  ],
  [C_.sumReplicates, { valid: args(int(1, 20), distA, distA, int(1, 200), rngA) }],
  // the catalog's helpers (simulators, planners, trace comparisons): hostile arguments only, their
  // valid use is the spec itself (properties/<family>.property.ts)
  ...[
    C_.blockSdBound,
    C_.branchGain,
    C_.branchInits,
    C_.compareTraces,
    C_.depthProfile,
    C_.exactGainOf,
    C_.fanInit,
    C_.fanLaw,
    C_.fixedPointSlope,
    C_.layerRatios,
    C_.lengthProfile,
    C_.loadTorchTraces,
    C_.meanFieldProfile,
    C_.netSimulator,
    C_.normalizedMeans,
    C_.pixelData,
    C_.planReplicates,
    C_.planStudentized,
    C_.plannedRatios,
    C_.scaledInit,
    C_.schemeNetwork,
    C_.studentizedSe,
    C_.testGeometricBand,
    C_.testGeometricLaw,
    C_.torchFixedPoint,
    C_.torchGainOf,
    C_.traceRatios,
    C_.twoSampleT,
    C_.wixiTraces,
  ].map((f) => [f as Fn, {}] as [Fn, Spec]),
  // wixi/testing
  [
    X_.assertProperty,
    {
      valid: args(
        fc.constant('a property'),
        fc.constant([fc.integer()]),
        fc.constant(tag(() => {}, '() => {}')),
        fc.record({ numRuns: int(1, 5) }),
      ),
      allow: isPropertyReport,
    },
  ],
  [
    X_.findCounterexample,
    {
      valid: args(
        fc.constant('a refutation'),
        fc.constant([fc.integer({ min: 0, max: 100 })]),
        fc.constant(tag((x: number) => x < 5, '(x) => x < 5')),
        fc.record({ numRuns: int(50, 100) }),
      ),
      allow: isPropertyReport,
    },
  ],
  [
    X_.depth,
    { valid: fc.tuple(int(1, 10), int(0, 10)).map(([lo, d]) => [lo, lo + d]), produces: 'arbitrary' },
  ],
  [
    X_.width,
    { valid: fc.tuple(int(1, 10), int(0, 10)).map(([lo, d]) => [lo, lo + d]), produces: 'arbitrary' },
  ],
  [X_.zeroMeanDistribution, { valid: args(fc.constant(X_.fastStandardFamily)), produces: 'arbitrary' }],
  [
    X_.distributionWithMean,
    {
      valid: args(
        fc.constant(tag(fc.double({ min: -1, max: 1, noNaN: true }), 'fc.double({min: -1, max: 1})')),
        fc.constant(X_.fastStandardFamily),
        fc.constant([-1, 1]),
      ),
      produces: 'arbitrary',
    },
  ],
  [X_.seedFor, { valid: args(fc.string(), optional(seedA)) }],
  [X_.suiteSeed, { valid: args() }],
  [
    X_.toFollowDistribution,
    { valid: args(sampleA, fc.oneof(distA, cdfA), opts({ alpha: alphaA })), produces: 'matcherResult' },
  ],
  [
    X_.toHaveMean,
    { valid: args(sampleA, numA, opts({ absTol: posA, alpha: alphaA })), produces: 'matcherResult' },
  ],
  [
    X_.toHaveVariance,
    {
      valid: args(sampleA, posA, opts({ relTol: real(0.01, 1), alpha: alphaA, kurtosis: real(1, 10) })),
      produces: 'matcherResult',
    },
  ],
  [
    X_.toPreserveSecondMoment,
    {
      valid: args(
        initA,
        fc.record(
          { activation: activationA, depth: int(1, 2), width: int(2, 4), batch: int(1, 2), seed: seedA },
          { requiredKeys: ['seed'] },
        ),
      ),
      produces: 'matcherResult',
      runs: 4,
      shrink: false,
      // the defaults (depth 10, width 128) take seconds: a dropped option is not a bug
      skip: (a) => {
        const o = a[1] as { depth?: unknown; width?: unknown } | undefined;
        return (
          o === undefined ||
          (typeof o === 'object' && o !== null && (o.depth === undefined || o.width === undefined))
        );
      },
    },
  ],
  // wixi/data
  [
    D_.fashionMnistSubset,
    {
      valid: fc.oneof(args(), args(fc.constant(FIXTURES)), args(fc.constant(pathToFileURL(FIXTURES)))),
      allow: isSystemError,
      runs: 5,
    },
  ],
  [D_.parseIdx, { valid: args(idxA) }],
  [
    D_.readIdx,
    { valid: args(fc.constant(`${FIXTURES}t10k-labels-subset.idx1-ubyte`)), allow: isSystemError, runs: 20 },
  ],
  // wixi/tfjs
  [F_.inferLayout, { valid: args(initA) }],
  [F_.kerasToTorchShape, { valid: args(fc.array(int(0, 5), { minLength: 2, maxLength: 4 })) }],
  [
    F_.torchToKeras,
    {
      valid: fc.array(int(1, 4), { minLength: 2, maxLength: 4 }).chain((shape) => {
        const size = shape.reduce((p, d) => p * d, 1);
        return args(
          floatsA(size, size).map((a) => Float32Array.from(a)),
          fc.constant(shape),
        );
      }),
    },
  ],
  [
    F_.toTfjsInitializer,
    {
      valid: args(initA, fc.oneof(seedA, rngA), opts({ layout: fc.constantFrom('keras', 'torch') })),
      produces: 'tfjsInitializer',
      runs: 15,
    },
  ],
  [
    F_.toTfjsInitializerSync,
    {
      valid: fc
        .tuple(initA, seedA, optional(fc.constantFrom('keras', 'torch')))
        .map(([init, seed, layout]) => [
          init,
          seed,
          { modules: tfjsModules(), ...(layout ? { layout } : {}) },
        ]),
      produces: 'tfjsInitializer',
      runs: 15,
    },
  ],
  [F_.loadTfjs, { valid: args(opts({ quiet: fc.boolean() })), runs: 10 }],
  [
    F_.TfjsMissingError as unknown as Fn,
    { valid: args(fc.constant('@tensorflow/tfjs-core'), fc.anything()), construct: true },
  ],
  // wixi/audit
  [A_.evidenceLine, { valid: args(evidenceA) }],
  [A_.findingsTable, { valid: args(fc.array(findingA, { maxLength: 4 }), optional(fc.boolean())) }],
  [A_.divergencesByCause, { valid: args(fc.array(findingA, { maxLength: 4 })) }],
  [A_.formatAudit, { valid: args(auditResultA, opts({ color: fc.boolean() })) }],
  [A_.correlation, { valid: int(2, 30).chain((n) => args(floatsA(n, n), floatsA(n, n))) }],
  [
    A_.testUncorrelated,
    {
      valid: int(2, 30).chain((n) =>
        args(floatsA(n, n), floatsA(n, n), fc.record({ alpha: alphaA, beta: alphaA, absTol: real(0.01, 1) })),
      ),
    },
  ],
  [
    A_.testExtremes,
    { valid: args(sampleA, distA, real(-1, 1), fc.constant(Number.POSITIVE_INFINITY), alphaA) },
  ],
  [A_.haarEntryCdf, { valid: args(int(2, 100)), produces: 'function' }],
  [A_.kerasFans, { valid: args(anyShapeA) }],
  [
    A_.auditTfjs,
    {
      valid: args(fc.record({ seed: seedA, quick: fc.constant(true) })),
      // a valid call runs the whole audit (tens of seconds): only calls it must refuse are made
      skip: (a) => {
        const o = a[0] as { seed?: unknown; alpha?: unknown; quick?: unknown } | null;
        if (o === null || typeof o !== 'object' || Array.isArray(o)) return false;
        const seedOk = typeof o.seed === 'number' && Number.isSafeInteger(o.seed) && o.seed >= 0;
        const alphaOk = o.alpha === undefined || (typeof o.alpha === 'number' && o.alpha > 0 && o.alpha < 1);
        return seedOk && alphaOk;
      },
    },
  ],
]);

/** Plain data all the way down (numbers, strings, booleans, arrays and plain objects of them). */
function isData(v: unknown, depth = 3): boolean {
  if (v === null || ['number', 'string', 'boolean'].includes(typeof v)) return true;
  if (depth === 0 || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  if (!Array.isArray(v) && p !== Object.prototype && p !== null) return false;
  return Object.values(v as object).every((x) => isData(x, depth - 1));
}

/** Exported objects, by what they are. */
function objectKind(value: unknown): KindName | 'record' | 'constant' | null {
  if (typeof value === 'number' || typeof value === 'string') return 'constant';
  if (isData(value)) return 'constant';
  if (Array.isArray(value)) {
    if (value.every((v) => KINDS.claim.is(v))) return 'record';
    return null;
  }
  if (KINDS.arbitrary.is(value)) return 'arbitrary';
  if (KINDS.activation.is(value)) return 'activation';
  if (KINDS.claim.is(value)) return 'claim';
  if (value !== null && typeof value === 'object') return 'record';
  return null;
}

/** The result of walking the namespaces: the targets, and whatever the walk could not classify. */
export interface Enumeration {
  targets: Target[];
  /** Exported functions with no spec in SPECS (a new export must get one). */
  unspecified: string[];
  /** Exported values of no known kind. */
  unclassified: string[];
  /** Exported constants (numbers and name lists): checked finite / non-empty. */
  constants: { name: string; value: unknown }[];
  /** Every export name seen, `subpath.name`. */
  exports: string[];
}

/**
 * Walk every namespace and build one target per distinct function or object (re-exports of the
 * same value — `wixi.normal` and `wixi/random.normal` — are one target, named by its subpath).
 * Records of functions (`initializers`, `wixiMatchers`) must hold only functions that have targets;
 * records of objects (`activations`, `claims`) contribute their members as targets.
 */
export function enumerate(): Enumeration {
  const seen = new Map<unknown, string>();
  const out: Enumeration = { targets: [], unspecified: [], unclassified: [], constants: [], exports: [] };
  // subpaths first, so a target is named where its family lives; the root re-exports them
  const order = [...Object.keys(NAMESPACES).filter((k) => k !== 'wixi'), 'wixi'];
  const addObject = (name: string, value: unknown, kind: KindName) => {
    if (seen.has(value)) return;
    seen.set(value, name);
    const claim = kind === 'claim';
    out.targets.push({
      name,
      object: value,
      arity: 0,
      produces: kind,
      runs: claim ? 4 : undefined,
      shrink: !claim,
    });
  };
  for (const ns of order) {
    for (const [key, value] of Object.entries(NAMESPACES[ns])) {
      const name = `${ns}.${key}`;
      out.exports.push(name);
      if (typeof value === 'function') {
        if (seen.has(value)) continue;
        seen.set(value, name);
        const spec = SPECS.get(value as Fn);
        if (!spec) {
          out.unspecified.push(name);
          continue;
        }
        const f = value as (...a: unknown[]) => unknown;
        out.targets.push({
          name,
          call: spec.construct
            ? (a) => new (f as unknown as new (...x: unknown[]) => unknown)(...a)
            : (a) => f(...a),
          valid: spec.valid,
          arity: f.length + 1,
          produces: spec.produces,
          runs: spec.runs,
          allow: spec.allow,
          shrink: spec.shrink,
          skip: spec.skip,
        });
        continue;
      }
      const kind = objectKind(value);
      if (kind === null) out.unclassified.push(name);
      else if (kind === 'constant') out.constants.push({ name, value });
      else if (kind === 'record') {
        const members = Array.isArray(value) ? value : Object.values(value as object);
        members.forEach((m, i) => {
          const memberName = Array.isArray(value)
            ? `${name}[${i}]`
            : `${name}.${Object.keys(value as object)[i]}`;
          if (typeof m === 'function') {
            if (!SPECS.has(m as Fn)) out.unspecified.push(memberName);
            return; // the same function object is a target under its own export name
          }
          const k = objectKind(m);
          if (k === null || k === 'record' || k === 'constant') out.unclassified.push(memberName);
          else addObject(memberName, m, k);
        });
      } else addObject(name, value, kind);
    }
  }
  return out;
}
