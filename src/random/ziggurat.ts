/**
 * Tables of the ziggurat method for the standard normal distribution (Marsaglia & Tsang 2000,
 * "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8)), with 256 strips
 * (the layout of Doornik 2005 and of Rust's rand_distr; r = 3.654152885361008796).
 *
 * The density f(x) = exp(−x²/2) (unnormalised) under x ≥ 0 is covered by 255 boxes of equal area v
 * and a base strip of the same area holding the tail beyond r. Box i (1 ≤ i ≤ 255) spans
 * x ∈ [0, x_i] and y ∈ [f(x_i), f(x_{i−1})], with x_0 = 0 at the top and x_255 = r at the bottom.
 *
 * To avoid the bit-reuse flaw Doornik (2005) found in the original 32-bit variant (the same bits
 * chose the strip and the magnitude), a 32-bit draw u is split into independent fields:
 * bits 0–7 choose the strip, bit 8 the sign and bits 9–31 (23 bits) the magnitude. The magnitude is
 * therefore quantised to 2⁻²³ of its strip's width (relative 1.2e-7, float32's epsilon).
 */

/** Number of strips. */
export const STRIPS = 256;
/** Right edge of the last box, r (Doornik 2005; rand_distr's ZIG_NORM_R). */
export const ZIGGURAT_R = 3.654152885361009;
const ZIGGURAT_V = 0.00492867323399;
/** 2²³: range of the 23-bit magnitude field. */
export const MAGNITUDE_SCALE = 8388608;

/** kAccept[i]: a magnitude j < kAccept[i] lies wholly inside box i, below its wedge. */
export const kAccept = new Float64Array(STRIPS);
/** wScale[i] = x_i / 2²³: multiplies the 23-bit magnitude into an abscissa in strip i. */
export const wScale = new Float64Array(STRIPS);
/** fEdge[i] = f(x_i) = exp(−x_i²/2), with fEdge[0] = f(0) = 1. */
export const fEdge = new Float64Array(STRIPS);
/**
 * The same tables indexed by the low 9 bits of a draw (strip in bits 0–7, sign in bit 8), with the
 * sign folded into the width, so the hot loop needs no branch for it.
 */
export const kAccept512 = new Float64Array(2 * STRIPS);
/** Signed wScale: wSigned512[i | 256] = −wScale[i]. */
export const wSigned512 = new Float64Array(2 * STRIPS);

(function buildTables() {
  const last = STRIPS - 1;
  let dn = ZIGGURAT_R;
  let tn = dn;
  const q = ZIGGURAT_V / Math.exp(-0.5 * dn * dn);
  kAccept[0] = (dn / q) * MAGNITUDE_SCALE;
  kAccept[1] = 0;
  wScale[0] = q / MAGNITUDE_SCALE;
  wScale[last] = dn / MAGNITUDE_SCALE;
  fEdge[0] = 1;
  fEdge[last] = Math.exp(-0.5 * dn * dn);
  for (let i = last - 1; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIGGURAT_V / dn + Math.exp(-0.5 * dn * dn)));
    kAccept[i + 1] = (dn / tn) * MAGNITUDE_SCALE;
    tn = dn;
    fEdge[i] = Math.exp(-0.5 * dn * dn);
    wScale[i] = dn / MAGNITUDE_SCALE;
  }
  for (let i = 0; i < STRIPS; i++) {
    kAccept512[i] = kAccept512[i | STRIPS] = kAccept[i];
    wSigned512[i] = wScale[i];
    wSigned512[i | STRIPS] = -wScale[i];
  }
})();
