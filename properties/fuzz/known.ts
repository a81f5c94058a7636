import * as claimsNs from '../../src/claims/index.js';
import { evidenceFrom, getClaim, meanSigmoidSlope, runClaim, sumReplicates } from '../../src/claims/index.js';
import { elu, gemm } from '../../src/nn/index.js';
import * as tfjsNs from '../../src/tfjs/index.js';

/** How the arguments of a call were made. */
export type CallMode = 'valid' | 'mutated' | 'hostile';

export interface KnownBug {
  /** The call site: a target name (`wixi/nn.mlp`) or `target#method`, or a pattern of them. */
  site: string | RegExp;
  /** Which calls show it (every one, if absent). */
  when?: (args: unknown[], mode: CallMode) => boolean;
  /** What goes wrong: file, function, input, behaviour. */
  what: string;
  /** A call that shows it; absent for hangs (which would stall the check). */
  repro?: () => unknown;
}

const unchecked = (_: unknown[], mode: CallMode) => mode !== 'valid';

export const KNOWN: KnownBug[] = [
  {
    site: /^wixi\/nn\.(activations\.\w+|defineActivation|elu|leakyRelu|getActivation)#(apply|applyDerivative)$/,
    when: (a) => (a[0] instanceof Float64Array || a[0] instanceof Float32Array) && a[0].some(Number.isNaN),
    what:
      'NOT A BUG, a documented policy (see defineActivation in src/nn/activations.ts): Activation.apply(input, ' +
      'out) and .applyDerivative follow IEEE arithmetic, so a NaN of input gives a NaN of out at the same index ' +
      '(elu.apply(Float64Array.of(NaN), out) → [NaN]). They are the inner loop of every forward/backward pass ' +
      '(a per-element check costs there), and the network checks its input, pre-activations and activations ' +
      'with assertFinite; the scalar value(x)/derivative(x) do refuse NaN. Listed here because the harness has ' +
      'no notion of an allowed NaN pass-through for arguments (only for hostile user callbacks)',
    repro: () => elu().apply(Float64Array.of(Number.NaN), new Float64Array(1)),
  },
  {
    site: 'wixi/nn.gemm',
    when: (a) =>
      a.some((x) => (x instanceof Float64Array || x instanceof Float32Array) && x.some(Number.isNaN)),
    what:
      'NOT A BUG, documented (src/nn/matmul.ts): gemm(m, n, k, a, …) is the raw BLAS-style kernel and returns NaN ' +
      'for a NaN in a or b ("NaN in gives NaN out here; matmul rejects non-finite input"): checking every element ' +
      'would cost the kernel a pass over its inputs. Listed here because the harness has no notion of an allowed NaN ' +
      'pass-through for arguments',
    repro: () =>
      gemm(1, 1, 1, Float64Array.of(Number.NaN), 1, 1, Float64Array.of(0), 1, 1, new Float64Array(1)),
  },
  {
    site: /^wixi\/claims\.(claims\[\d+\]|cancellation\w+|getClaim)#(check|predict|telling)$/,
    when: unchecked,
    what:
      'src/claims/*.ts: Claim.check(params, ctx), .predict(params), .telling(params) check neither ' +
      'params nor ctx: missing fields fail with the engine\'s "Cannot read properties of undefined", ' +
      'a forged distribution gives NaN evidence',
    repro: () => getClaim('product-law').predict(undefined),
  },
  {
    site: 'wixi/claims.evidenceFrom',
    when: unchecked,
    what:
      'src/claims/evidence.ts: evidenceFrom(claim, quantity, result, params) checks nothing: ' +
      "evidenceFrom() fails with the engine's TypeError, a NaN in result is copied into the Evidence",
    repro: () => (evidenceFrom as (...a: unknown[]) => unknown)(),
  },
  {
    site: 'wixi/claims.sumReplicates',
    when: unchecked,
    what:
      'src/claims/simulate.ts: sumReplicates(n, w, x, replicates, rng) checks nothing: sumReplicates() ' +
      'fails with "Cannot read properties of undefined (reading \'fork\')"; n or replicates = 2³² would be allocated',
    repro: () => (sumReplicates as (...a: unknown[]) => unknown)(),
  },
  {
    site: 'wixi/claims.getClaim',
    when: (a) => typeof a[0] !== 'string',
    what:
      'src/claims/index.ts: getClaim(id) does not check id is a string: getClaim(new Array(2 ** 32 - 1)) fails ' +
      'with "Invalid string length" (JSON.stringify of the id in the message)',
    repro: () => getClaim(new Array(2 ** 32 - 1) as never),
  },
  {
    site: 'wixi/claims.runClaim',
    when: (a) => {
      const c = a[0] as { kind?: unknown; check?: unknown } | null;
      return c === null || typeof c !== 'object' || typeof c.check !== 'function';
    },
    what:
      'src/claims/run.ts: runClaim(claim, options) does not check claim: runClaim({mean: NaN, variance: 1}, ' +
      '{seed: 1}) throws fast-check\'s plain Error "Unexpected value received: not an instance of Arbitrary"',
    repro: () => runClaim({} as never, { seed: 1 }),
  },
  {
    site: 'wixi/claims.meanSigmoidSlope',
    when: (a) =>
      typeof a[0] === 'symbol' ||
      typeof a[0] === 'bigint' ||
      Array.isArray(a[0]) ||
      (a[0] !== null && typeof a[0] === 'object' && Object.getPrototypeOf(a[0]) === null),
    what:
      "src/claims/sigmoid.ts: meanSigmoidSlope(v) does not check v: Symbol() fails in Math.sqrt with the engine's " +
      'TypeError, Object.create(null) with "Cannot convert object to primitive value"',
    repro: () => meanSigmoidSlope(Symbol('x') as never),
  },
  {
    site: /^wixi\/claims\.(blockSdBound|branchGain|branchInits|compareTraces|depthProfile|exactGainOf|fanInit|fanLaw|fixedPointSlope|layerRatios|lengthProfile|loadTorchTraces|meanFieldProfile|netSimulator|normalizedMeans|pixelData|planReplicates|planStudentized|plannedRatios|scaledInit|schemeNetwork|studentizedSe|testGeometricBand|testGeometricLaw|torchFixedPoint|torchGainOf|traceRatios|twoSampleT|wixiTraces)$/,
    when: unchecked,
    what:
      'src/claims/*.ts: the catalog helpers exported from wixi/claims check their arguments little or not at ' +
      'all: blockSdBound() → NaN; branchGain(), compareTraces(), fanLaw(), normalizedMeans(), planStudentized(), ' +
      'plannedRatios(), testGeometricBand(), testGeometricLaw(), traceRatios(), twoSampleT(), wixiTraces() fail ' +
      'with the engine\'s TypeError; schemeNetwork(new Array(2 ** 32 - 1)) with "Invalid string length"',
    repro: () => (claimsNs.blockSdBound as (...a: unknown[]) => unknown)(),
  },
  {
    site: 'wixi/tfjs.torchToKeras',
    when: (a) => a[0] instanceof Float32Array && a[0].some(Number.isNaN),
    what:
      'NOT A BUG, documented (src/tfjs/adapter.ts): torchToKeras(data, shape) is a pure permutation and moves ' +
      'a NaN of data like any other element (torchToKeras(Float32Array.of(NaN), [1, 1]) → [NaN]): it computes ' +
      'nothing, so it has no NaN of its own. Listed here because the harness has no notion of an allowed NaN ' +
      'pass-through for arguments',
    repro: () => tfjsNs.torchToKeras(Float32Array.of(Number.NaN), [1, 1]),
  },
];
