/**
 * Numerical building blocks of the theory module (internal): composite Gauss–Legendre on a list
 * of segments, and Brent's root finder. Not part of the public API.
 */

/**
 * Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] by Newton's method on the
 * Legendre three-term recurrence (Abramowitz & Stegun 25.4.29).
 */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

/** The 24-point rule used by every integral of this module. */
export const RULE = gaussLegendre(24);

/**
 * Nodes and weights of a composite 24-point Gauss–Legendre rule on [lo, hi] split at every
 * breakpoint inside it and into panels no wider than `maxPanel`. Returns flat arrays so that a
 * caller can evaluate an integrand once and take several moments from it.
 */
export function compositeRule(
  lo: number,
  hi: number,
  breakpoints: readonly number[],
  maxPanel: number,
): { x: Float64Array; w: Float64Array } {
  const cuts = new Set<number>([lo, hi]);
  for (const b of breakpoints) if (b > lo && b < hi) cuts.add(b);
  const edges = [...cuts].sort((a, b) => a - b);
  const xs: number[] = [];
  const ws: number[] = [];
  for (let s = 0; s + 1 < edges.length; s++) {
    const a = edges[s];
    const b = edges[s + 1];
    const m = Math.max(1, Math.ceil((b - a) / maxPanel));
    const h = (b - a) / m;
    for (let p = 0; p < m; p++) {
      const c = a + (p + 0.5) * h;
      for (let k = 0; k < RULE.x.length; k++) {
        xs.push(c + 0.5 * h * RULE.x[k]);
        ws.push(0.5 * h * RULE.w[k]);
      }
    }
  }
  return { x: Float64Array.from(xs), w: Float64Array.from(ws) };
}

/**
 * A root of f in [a, b] by Brent's method (Brent 1973, "Algorithms for Minimization without
 * Derivatives", ch. 4: inverse quadratic interpolation safeguarded by bisection). f(a) and f(b)
 * must not have the same sign. Stops when the bracket is below tol·|x| (relative; plus 1e-300 absolute) or f(x) = 0.
 */
export function brent(f: (x: number) => number, a: number, b: number, tol = 1e-15, maxIter = 300): number {
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa > 0 === fb > 0) {
    throw new RangeError(`brent: f(${a}) = ${fa} and f(${b}) = ${fb} do not bracket a root`);
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIter; iter++) {
    if (fb > 0 === fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol * Math.abs(b) + 1e-300;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return b;
}
