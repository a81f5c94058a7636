import { checkClaimParams, checkContext } from '../../src/claims/guard.js';
import * as claimsNs from '../../src/claims/index.js';
import { elu, gemm, gemvPacked, packMatrix } from '../../src/nn/index.js';
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

/**
 * True when a[0] passes the parameter guard of a claim with the same fields and (for `check`,
 * `withCtx`) a[1] is a valid CheckContext: the call is a valid (slow) run, whatever else the
 * mutation changed (an extra trailing argument is ignored).
 */
function validClaimCall(a: unknown[], withCtx: boolean): boolean {
  const ok = (f: () => void) => {
    try {
      f();
      return true;
    } catch {
      return false;
    }
  };
  if (withCtx && !ok(() => checkContext(a[1]))) return false;
  const p = a[0];
  if (p === null || typeof p !== 'object') return false;
  const keys = Object.keys(p).sort().join();
  return claimsNs.claims.some(
    (c) => Object.keys(c.representative).sort().join() === keys && ok(() => checkClaimParams(c, p)),
  );
}

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
      a.some((x) => (x instanceof Float64Array || x instanceof Float32Array) && !x.every(Number.isFinite)),
    what:
      'NOT A BUG, documented (src/nn/matmul.ts): gemm(m, n, k, a, …) is the raw BLAS-style kernel and returns NaN ' +
      'for a NaN in a or b, and for ±∞ meeting 0 (∞·0 = NaN: "not the values: NaN or ±∞ in can give NaN out here; ' +
      'matmul rejects non-finite input"): checking every element ' +
      'would cost the kernel a pass over its inputs. Listed here because the harness has no notion of an allowed NaN ' +
      'pass-through for arguments',
    repro: () =>
      gemm(1, 1, 1, Float64Array.of(Number.NaN), 1, 1, Float64Array.of(0), 1, 1, new Float64Array(1)),
  },
  {
    site: /^wixi\/nn\.(gemmPacked|gemvPacked|gemvPackedT|packMatrix|packInto|unpackMatrix)$/,
    when: (a) =>
      a.some(
        (x) =>
          ((x instanceof Float64Array || x instanceof Float32Array) && !x.every(Number.isFinite)) ||
          (x !== null &&
            typeof x === 'object' &&
            (x as { data?: unknown }).data instanceof Float64Array &&
            !(x as { data: Float64Array }).data.every(Number.isFinite)),
      ),
    what:
      'NOT A BUG, documented (src/nn/packed.ts, gemmPacked in src/nn/matmul.ts): the packed GEMM and its helpers ' +
      'copy and multiply values as they are, like gemm above ("the values are not checked"): a NaN in an operand ' +
      'or in a packed matrix gives NaN out, and so does ±∞ meeting 0 (∞·0). Listed for the same reason as gemm',
    repro: () =>
      gemvPacked(
        packMatrix(1, 1, Float64Array.of(Number.NaN), 1, 1),
        Float64Array.of(1),
        new Float64Array(1),
      ),
  },
  {
    site: /^wixi\/claims\.(claims\[\d+\]|cancellation\w+|getClaim)#check$/,
    when: (a, mode) => mode !== 'hostile' && validClaimCall(a, true),
    what:
      'NOT A BUG, a slow valid call: Claim.check(params, ctx) and .telling(params) check their arguments ' +
      '(src/claims/guard.ts; bad ones get a typed error, tested in src/claims/hostile-input.test.ts), and ' +
      'with valid arguments run a full seeded simulation, up to seconds on a loaded 2-core machine ' +
      '(residual-growth at depth 65: 1.2 s alone, > 3 s in the fuzz worker). The targets make these methods ' +
      'hostileOnly for that reason, but a mutation that leaves the arguments valid (an extra trailing ' +
      'argument, ctx.alpha = 0.5, a dropped ctx.size) is a valid run: skipped here, not a hostile input',
  },
  {
    site: /^wixi\/claims\.(claims\[\d+\]|cancellation\w+|getClaim)#telling$/,
    when: (a, mode) => mode !== 'hostile' && validClaimCall(a, false),
    what:
      "NOT A BUG, a slow valid call (as for Claim.check above): a refutation's telling(counterexample) with " +
      "valid parameters (fast-check's null-prototype records included) and an extra trailing argument " +
      "runs its simulation, e.g. tanh-gradients-cannot-explode-refuted: > 3 s under the full suite's load",
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
