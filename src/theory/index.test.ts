import { describe, expect, it } from 'vitest';
import { gaussianExpectation as fromStats } from '../stats/quadrature.js';
import * as theory from './index.js';

describe('wixi/theory public surface', () => {
  it('re-exports gaussianExpectation from stats (one implementation)', () => {
    expect(theory.gaussianExpectation).toBe(fromStats);
  });

  it('exports the documented functions', () => {
    for (const name of [
      'productVariance',
      'sumVariance',
      'depthGain',
      'telescopingRatios',
      'reluNormRatioLaw',
      'depthNormRatioLaw',
      'lengthMap',
      'fixedPoint',
      'chi1',
      'criticalWeightVariance',
      'reluCorrelationMap',
      'correlationMap',
      'residualGrowth',
      'sigmoidDerivativeMean',
      'seluMomentMap',
      'digamma',
      'trigamma',
    ]) {
      expect(typeof (theory as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
