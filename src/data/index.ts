/**
 * Readers for real data (IDX images).
 * @module wixi/data
 */
export { fashionMnistSubset, type IdxArray, type ImageSet, parseIdx, readIdx } from './idx.js';
