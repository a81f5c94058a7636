/**
 * The activations of ./activations.ts against their definitions: values at points where the closed
 * form is known, derivatives against fourth-order finite differences away from the kinks and
 * against PyTorch's one-sided choice at the kinks, the overflow-free branches at large |x|, the
 * array forms against the scalar ones, names and kinks, and `getActivation`/`defineActivation`'s
 * argument checks (errors naming the argument).
 */
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_NAMES,
  type Activation,
  activations,
  defineActivation,
  elu,
  gelu,
  getActivation,
  leakyRelu,
  linear,
  relu,
  SELU_ALPHA,
  SELU_LAMBDA,
  selu,
  sigmoid,
  sigmoidValue,
  silu,
  softplus,
  tanh,
} from './activations.js';

/** |got − want| ≤ ulps·ε·max(|want|, tiny): agreement to a few units in the last place. */
function close(got: number, want: number, ulps = 4): void {
  const tol = ulps * Number.EPSILON * Math.max(Math.abs(want), Number.MIN_VALUE);
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol);
}

/** Φ(1) and φ(1) of the standard normal (Abramowitz & Stegun 26.2, to 16 digits). */
const PHI_1 = 0.8413447460685429;
const DENSITY_1 = 0.24197072451914337;

/**
 * Every built-in, with the non-default parameters too (made inside the tests, not when the file is
 * collected: a mutant that breaks leakyRelu must fail a test, not the collection of the file).
 */
const all = (): Activation[] => [
  ...Object.values(activations),
  leakyRelu(0.2),
  leakyRelu(-0.5),
  leakyRelu(0),
  elu(0.5),
  elu(2),
];

describe('values at points with a known closed form', () => {
  it('relu, leakyRelu, linear: piecewise linear', () => {
    expect([relu.value(-2), relu.value(0), relu.value(3.5)]).toEqual([0, 0, 3.5]);
    expect(leakyRelu(0.2).value(-2)).toBe(-0.4);
    expect(leakyRelu(0.2).value(3)).toBe(3);
    expect(leakyRelu().value(-100)).toBe(-1); // PyTorch's default slope 0.01
    expect(leakyRelu(-0.5).value(-2)).toBe(1);
    expect([linear.value(-7.25), linear.value(0), linear.value(1e300)]).toEqual([-7.25, 0, 1e300]);
  });

  it('leakyRelu(0) is relu with the sign of zero of 0·x: −0 below 0, +0 at +0, −0 at −0', () => {
    const a = leakyRelu(0);
    expect(Object.is(a.value(-3), -0)).toBe(true);
    expect(Object.is(a.value(0), 0)).toBe(true);
    expect(Object.is(a.value(-0), -0)).toBe(true);
    expect(a.value(2.5)).toBe(2.5);
    expect(a.derivative(-3)).toBe(0);
    expect(a.derivative(3)).toBe(1);
  });

  it('tanh, sigmoid and softplus at x = ln 3 and x = 1 (exact rational or exponential forms)', () => {
    const ln3 = Math.log(3);
    close(sigmoid.value(ln3), 3 / 4); // 1/(1 + 1/3)
    close(sigmoid.value(-ln3), 1 / 4); // e^x/(1 + e^x) branch
    close(sigmoidValue(ln3), 3 / 4);
    close(sigmoidValue(-ln3), 1 / 4);
    expect(sigmoid.value(0)).toBe(0.5);
    close(tanh.value(ln3), 4 / 5); // (3 − 1/3)/(3 + 1/3)
    close(tanh.value(-ln3), -4 / 5);
    close(softplus.value(ln3), Math.log(4)); // log(1 + 3)
    close(softplus.value(-ln3), Math.log(4 / 3));
    close(softplus.value(0), Math.LN2);
    close(silu.value(ln3), (3 / 4) * ln3);
    close(silu.value(-ln3), (-1 / 4) * ln3);
  });

  it('sigmoid and softplus never overflow: σ(x) ≈ eˣ and softplus(x) ≈ eˣ far below 0, x far above', () => {
    // below −709 e^(−x) overflows, so 1/(1 + e^(−x)) would give 0 although σ(x) ≈ eˣ > 0
    for (const x of [-720, -740]) {
      close(sigmoid.value(x), Math.exp(x));
      close(sigmoidValue(x), Math.exp(x));
      close(sigmoid.derivative(x), Math.exp(x));
      close(softplus.derivative(x), Math.exp(x));
    }
    // above 709 e^x overflows, so e^x/(1 + e^x) would give ∞/∞ = NaN
    for (const x of [720, 800]) {
      expect(sigmoid.value(x)).toBe(1);
      expect(sigmoidValue(x)).toBe(1);
      expect(softplus.value(x)).toBe(x);
      expect(softplus.derivative(x)).toBe(1);
      expect(softplus.value(-x)).toBe(Math.exp(-x)); // log1p(e^(−x)) = e^(−x) here, never log(∞) − x
      expect(silu.value(x)).toBe(x);
    }
    close(softplus.value(-30), Math.exp(-30) - Math.exp(-60) / 2, 8);
    close(softplus.value(30), 30 + Math.exp(-30), 8);
  });

  it('selu and elu: λ·x and x above 0, λα(eˣ − 1) and α(eˣ − 1) below', () => {
    close(selu.value(1), SELU_LAMBDA);
    close(selu.value(-1), SELU_LAMBDA * SELU_ALPHA * (Math.exp(-1) - 1));
    expect(selu.value(0)).toBe(0);
    close(elu().value(-1), Math.exp(-1) - 1);
    close(elu(2).value(-1), 2 * (Math.exp(-1) - 1));
    expect(elu(2).value(1.5)).toBe(1.5);
    close(elu(0.5).value(Math.log(0.5)), -0.25); // 0.5·(0.5 − 1)
    // the constants of Klambauer et al. (2017), eq. 14
    expect(SELU_LAMBDA).toBeCloseTo(1.0507009873554805, 15);
    expect(SELU_ALPHA).toBeCloseTo(1.6732632423543772, 15);
  });

  it('gelu = x·Φ(x) and silu = x·σ(x) at ±1', () => {
    close(gelu.value(1), PHI_1, 8);
    close(gelu.value(-1), -(1 - PHI_1), 8);
    expect(gelu.value(0)).toBe(0);
    close(gelu.derivative(1), PHI_1 + DENSITY_1, 8); // Φ(x) + x·φ(x)
    close(gelu.derivative(-1), 1 - PHI_1 - DENSITY_1, 16);
    const s1 = 1 / (1 + Math.exp(-1));
    close(silu.value(1), s1);
    close(silu.value(-1), -(1 - s1));
    close(silu.derivative(1), s1 * (1 + (1 - s1)));
  });
});

describe('derivatives', () => {
  /**
   * Fourth-order central difference (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h))/(12h): truncation
   * O(h⁴·f⁽⁵⁾), rounding O(ε·|f|/h); with h = 1e-3 both are far below 1e-8 on [−6, 6].
   */
  function fd(f: (x: number) => number, x: number, h = 1e-3): number {
    return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h);
  }

  it('φ′ equals a fourth-order finite difference of φ at points away from the kinks, for every built-in', () => {
    const xs = [-6, -3.7, -2, -1.1, -0.6, -0.25, -0.05, 0.05, 0.3, 0.77, 1.5, 2.9, 6];
    for (const a of all()) {
      for (const x of xs) {
        if (a.kinks.some((k) => Math.abs(x - k) < 0.01)) continue;
        const want = fd((v) => a.value(v), x);
        const got = a.derivative(x);
        expect(Math.abs(got - want), `${a.name}'(${x}) = ${got}, finite difference ${want}`).toBeLessThan(
          1e-8 * Math.max(1, Math.abs(want)),
        );
      }
    }
  });

  it('closed forms at 0: σ′ = 1/4, tanh′ = 1, gelu′ = silu′ = softplus′ = 1/2', () => {
    expect(sigmoid.derivative(0)).toBe(0.25);
    expect(tanh.derivative(0)).toBe(1);
    expect(gelu.derivative(0)).toBe(0.5);
    expect(silu.derivative(0)).toBe(0.5);
    expect(softplus.derivative(0)).toBe(0.5);
    expect(linear.derivative(0)).toBe(1);
    expect(linear.derivative(-1e300)).toBe(1);
  });

  it('at a kink φ′(0) is the left derivative, as PyTorch autograd takes it', () => {
    // PyTorch: relu′(0) = 0, leaky_relu′(0) = slope (self > 0 ? 1 : slope), elu′(0) = α, selu′(0) = λα
    expect(relu.derivative(0)).toBe(0);
    expect(leakyRelu(0.2).derivative(0)).toBe(0.2);
    expect(elu(2).derivative(0)).toBe(2);
    close(selu.derivative(0), SELU_LAMBDA * SELU_ALPHA);
    // and the right derivative just above the kink
    expect(relu.derivative(1e-300)).toBe(1);
    expect(leakyRelu(0.2).derivative(1e-300)).toBe(1);
    expect(elu(2).derivative(1e-300)).toBe(1);
    close(selu.derivative(1e-300), SELU_LAMBDA);
    // the left ones below it
    expect(relu.derivative(-1e-300)).toBe(0);
    close(elu(2).derivative(-1), 2 * Math.exp(-1));
    close(selu.derivative(-1), SELU_LAMBDA * SELU_ALPHA * Math.exp(-1));
  });

  it('σ′ = σ(1 − σ) ≤ 1/4 and tanh′ = 1 − tanh² on both sides', () => {
    for (const x of [-3, -0.5, 0.5, 3]) {
      const s = 1 / (1 + Math.exp(-x));
      close(sigmoid.derivative(x), s * (1 - s), 8);
      expect(sigmoid.derivative(x)).toBeLessThan(0.25);
      const t = Math.tanh(x);
      close(tanh.derivative(x), 1 - t * t, 8);
      close(softplus.derivative(x), s, 8);
    }
  });
});

describe('names and kinks', () => {
  it('each built-in is named with its parameters', () => {
    expect(Object.values(activations).map((a) => a.name)).toEqual([
      'linear',
      'relu',
      'leakyRelu(0.01)',
      'tanh',
      'sigmoid',
      'selu',
      'elu',
      'gelu',
      'silu',
      'softplus',
    ]);
    expect(leakyRelu(0.2).name).toBe('leakyRelu(0.2)');
    expect(elu(0.5).name).toBe('elu(0.5)');
    expect(elu(1).name).toBe('elu');
  });

  it('the piecewise activations have their kink at 0; the smooth ones have none', () => {
    const withKink = [relu, leakyRelu(0.2), leakyRelu(0), selu, elu(), elu(3)];
    for (const a of withKink) expect(a.kinks, a.name).toEqual([0]);
    for (const a of [linear, tanh, sigmoid, gelu, silu, softplus]) expect(a.kinks, a.name).toEqual([]);
    expect(Object.isFrozen(relu.kinks)).toBe(true);
  });
});

describe('array forms', () => {
  it('apply and applyDerivative equal the scalar forms elementwise, float64 and float32, in place too', () => {
    const xs = [-800, -40.5, -3, -1, -0.25, 0, 0.25, 1, 3, 40.5, 800];
    for (const a of all()) {
      const x64 = Float64Array.from(xs);
      const v = a.apply(x64, new Float64Array(xs.length));
      const d = a.applyDerivative(x64, new Float64Array(xs.length));
      const v32 = a.apply(Float32Array.from(xs), new Float32Array(xs.length));
      for (let i = 0; i < xs.length; i++) {
        expect(Object.is(v[i], a.value(xs[i])), `${a.name}.apply at ${xs[i]}`).toBe(true);
        expect(Object.is(d[i], a.derivative(xs[i])), `${a.name}.applyDerivative at ${xs[i]}`).toBe(true);
        expect(Object.is(v32[i], Math.fround(a.value(Math.fround(xs[i])))), `${a.name} float32`).toBe(true);
      }
      const inPlace = Float64Array.from(xs);
      expect(a.apply(inPlace, inPlace)).toBe(inPlace);
      expect(Array.from(inPlace)).toEqual(Array.from(v));
      const inPlaceD = Float64Array.from(xs);
      expect(a.applyDerivative(inPlaceD, inPlaceD)).toBe(inPlaceD);
      expect(Array.from(inPlaceD)).toEqual(Array.from(d));
    }
  });

  it('relu’s branch-free loops are max(x, 0) and [x > 0] at every edge value, float64 and float32', () => {
    const m = Number.MIN_VALUE;
    const xs = [-Infinity, -Number.MAX_VALUE, -1, -m, -0, 0, m, 1, Number.MAX_VALUE, Infinity, NaN];
    for (const Ctor of [Float64Array, Float32Array]) {
      const x = Ctor.from(xs);
      const v = relu.apply(x, new Ctor(xs.length));
      const d = relu.applyDerivative(x, new Ctor(xs.length));
      for (let i = 0; i < xs.length; i++) {
        expect(Object.is(v[i], Math.max(x[i], 0)), `${Ctor.name} relu(${x[i]}) = ${v[i]}`).toBe(true);
        expect(Object.is(d[i], x[i] > 0 ? 1 : 0), `${Ctor.name} relu′(${x[i]}) = ${d[i]}`).toBe(true);
      }
    }
  });

  it('check their arrays: a typed array each, out of the input’s length (errors naming the argument)', () => {
    for (const a of [relu, tanh, leakyRelu(0.3)]) {
      for (const m of ['apply', 'applyDerivative'] as const) {
        expect(() => a[m](new Float64Array(3), new Float64Array(2))).toThrow(
          /^out must have the input's length 3, got 2/,
        );
        expect(() => a[m]([1, 2] as never, new Float64Array(2))).toThrow(/^input must be a Float64Array/);
        expect(() => a[m](new Float64Array(2), [0, 0] as never)).toThrow(/^out must be a Float64Array/);
        expect(() => a[m](new Float64Array(2), new Float64Array(3))).toThrow(RangeError);
      }
    }
  });
});

describe('getActivation', () => {
  it('resolves the names to the built-ins, and the parametrised ones with or without parameter', () => {
    for (const name of ACTIVATION_NAMES) {
      const a = getActivation(name);
      const key = name === 'leaky_relu' ? 'leakyRelu' : name;
      if (name === 'leakyRelu' || name === 'leaky_relu' || name === 'elu') {
        expect(a.name).toBe(activations[key].name);
      } else {
        expect(a).toBe(activations[key]);
      }
    }
    expect(getActivation('leakyRelu', 0.2).name).toBe('leakyRelu(0.2)');
    expect(getActivation('leaky_relu', 0.3).value(-1)).toBe(-0.3);
    expect(getActivation('leaky_relu').value(-1)).toBe(-0.01);
    expect(getActivation('elu', 0.5).name).toBe('elu(0.5)');
    close(getActivation('elu', 0.5).value(-1), 0.5 * (Math.exp(-1) - 1));
    close(getActivation('elu').value(-1), Math.exp(-1) - 1);
  });

  it('returns an Activation object as it is and refuses an object that is not one', () => {
    const sq = defineActivation({ name: 'sq', value: (x) => x * x, derivative: (x) => 2 * x });
    expect(getActivation(sq)).toBe(sq);
    expect(getActivation(relu)).toBe(relu);
    for (const bad of [
      { value: sq.value, derivative: sq.derivative },
      { value: sq.value, apply: sq.apply },
      { derivative: sq.derivative, apply: sq.apply },
      { value: 1, derivative: sq.derivative, apply: sq.apply },
      {},
    ]) {
      expect(() => getActivation(bad as never)).toThrow(/^activation must be a name or an Activation/);
    }
    expect(() => getActivation(null as never)).toThrow(/^activation must be one of "linear"/);
  });

  it('refuses unknown names (listing the known ones) and a parameter the activation does not take', () => {
    expect(() => getActivation('swish' as never)).toThrow(
      /^unknown activation "swish"; expected one of "linear", "relu"/,
    );
    for (const name of ['relu', 'tanh', 'gelu', 'selu'] as const) {
      expect(() => getActivation(name, 0.5)).toThrow(
        new RegExp(`^activation "${name}" takes no parameter, got 0.5`),
      );
    }
    expect(() => getActivation('leakyRelu', Number.NaN)).toThrow(/^a must be finite, got NaN/);
    expect(() => getActivation('elu', Number.POSITIVE_INFINITY)).toThrow(/^alpha must be finite/);
    expect(() => leakyRelu('0.1' as never)).toThrow(/^a must be a number/);
    expect(() => elu(Number.NaN)).toThrow(/^alpha must be finite/);
  });
});

describe('defineActivation', () => {
  const spec = { name: 'cube', value: (x: number) => x ** 3, derivative: (x: number) => 3 * x * x };

  it('builds an Activation from φ and φ′, with no kinks unless given', () => {
    const a = defineActivation(spec);
    expect(a.name).toBe('cube');
    expect(a.value(2)).toBe(8);
    expect(a.derivative(2)).toBe(12);
    expect(a.kinks).toEqual([]);
    expect(Array.from(a.apply(Float64Array.of(-1, 2), new Float64Array(2)))).toEqual([-1, 8]);
    expect(Array.from(a.applyDerivative(Float64Array.of(-1, 2), new Float64Array(2)))).toEqual([3, 12]);
    expect(defineActivation({ ...spec, kinks: [0.5, -1] }).kinks).toEqual([0.5, -1]);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('refuses a spec without a name, φ or φ′ (errors naming the field)', () => {
    expect(() => defineActivation(null as never)).toThrow(/^spec must be an options object/);
    expect(() => defineActivation({ ...spec, name: '' })).toThrow(
      /^spec\.name must be a non-empty string, got ""/,
    );
    expect(() => defineActivation({ ...spec, name: 3 as never })).toThrow(
      /^spec\.name must be a non-empty string, got 3/,
    );
    expect(() => defineActivation({ ...spec, value: 1 as never })).toThrow(/^spec\.value must be a function/);
    expect(() => defineActivation({ ...spec, derivative: undefined as never })).toThrow(
      /^spec\.derivative must be a function/,
    );
  });

  it('its scalar forms refuse NaN by name (the array forms follow IEEE arithmetic)', () => {
    const a = defineActivation(spec);
    expect(() => a.value(Number.NaN)).toThrow(/^x must not be NaN/);
    expect(() => a.derivative(Number.NaN)).toThrow(/^x must not be NaN/);
    expect(() => sigmoidValue(Number.NaN)).toThrow(/^x must not be NaN/);
    expect(() => sigmoidValue('0' as never)).toThrow(/^x must be a number, got "0"/);
    expect(a.value(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});
