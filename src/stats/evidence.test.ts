/**
 * The evidence paragraph (DESIGN: "a failing property throws an error whose message is the
 * evidence in one readable paragraph") and the checks on an Evidence record.
 */
import { describe, expect, it } from 'vitest';
import { assertEvidence, checkEvidence, type Evidence, EvidenceError, formatEvidence } from './evidence.js';

const e: Evidence = {
  claim: 'Var adds',
  quantity: 'Var(z)',
  measured: 1.05,
  predicted: 1,
  interval: [1.01, 1.09],
  alpha: 0.05,
  samples: 1000,
  pass: false,
  params: { n: 16, act: 'relu' },
  note: 'a note',
};

describe('formatEvidence', () => {
  it('one paragraph: verdict, measured vs predicted and the relative error, interval, α, N, parameters, note', () => {
    expect(formatEvidence(e)).toBe(
      'Claim "Var adds" FAILED: Var(z) measured 1.05, predicted 1 (5% off); 95% interval [1.01, 1.09] at ' +
        'false-alarm rate α = 0.05 from N = 1000 independent samples. Parameters: n=16, act="relu". a note',
    );
  });
  it('small α is written (1 − α); large, tiny and infinite numbers in exponent form; no relative error against 0', () => {
    const s = formatEvidence({
      ...e,
      pass: true,
      alpha: 1e-6,
      predicted: 0,
      measured: 2.5e6,
      interval: [0.000123456, Number.POSITIVE_INFINITY],
      params: { x: 1.23456789e-7, y: 0 },
      note: undefined,
    });
    expect(s).toBe(
      'Claim "Var adds" holds: Var(z) measured 2.5e+6, predicted 0; (1 − 1e-6) interval [1.2346e-4, Infinity] ' +
        'at false-alarm rate α = 1e-6 from N = 1000 independent samples. Parameters: x=1.2346e-7, y=0.',
    );
    // α = 1e-3 is still written as a percentage
    expect(formatEvidence({ ...e, alpha: 1e-3 })).toContain('99.9% interval');
    expect(formatEvidence({ ...e, measured: 1e6 })).toContain('measured 1e+6,');
    expect(formatEvidence({ ...e, measured: 999999 })).toContain('measured 999999,');
    expect(formatEvidence({ ...e, measured: 0.001 })).toContain('measured 0.001,');
  });
});

describe('assertEvidence', () => {
  it('returns passing evidence and throws an EvidenceError carrying failing evidence', () => {
    const ok = { ...e, pass: true };
    expect(assertEvidence(ok)).toBe(ok);
    let thrown: unknown;
    try {
      assertEvidence(e);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(EvidenceError);
    expect((thrown as EvidenceError).name).toBe('EvidenceError');
    expect((thrown as EvidenceError).evidence).toBe(e);
    expect((thrown as EvidenceError).message).toBe(formatEvidence(e));
  });
});

describe('checkEvidence names the field at fault', () => {
  const bad = (patch: Record<string, unknown>) => ({ ...e, ...patch });
  it.each([
    [null, /^e must be an Evidence object, got null$/],
    [bad({ claim: 3 }), /^e.claim must be a string, got 3$/],
    [bad({ quantity: 3 }), /^e.quantity must be a string/],
    [bad({ measured: '1' }), /^e.measured must be a number, got "1"$/],
    [bad({ predicted: null }), /^e.predicted must be a number/],
    [bad({ alpha: Number.NaN }), /^e.alpha must not be NaN$/],
    [bad({ samples: Number.NaN }), /^e.samples must not be NaN$/],
    [bad({ interval: 3 }), /^e.interval must be \[lo, hi\], two numbers, got 3$/],
    [bad({ interval: [1] }), /^e.interval must be \[lo, hi\]/],
    [bad({ interval: [1, '2'] }), /^e.interval must be \[lo, hi\]/],
    [bad({ interval: [1, Number.NaN] }), /^e.interval must not hold NaN, got \[1, NaN\]$/],
    [bad({ pass: 1 }), /^e.pass must be a boolean, got 1$/],
    [bad({ params: 3 }), /^e.params must be an options object/],
    [bad({ note: 3 }), /^e.note must be a string, got 3$/],
  ])('%j', (value, message) => {
    expect(() => checkEvidence(value)).toThrow(message);
  });
  it('uses the name it is given', () => {
    expect(() => checkEvidence({ ...e, quantity: 3 }, 'ev')).toThrow(/^ev.quantity must be a string/);
    expect(checkEvidence({ ...e, note: undefined })).toMatchObject({ claim: 'Var adds' });
  });
});

describe('formatEvidence: the relative error is measured/predicted − 1', () => {
  it('1.5 against 2 is 25% low', () => {
    expect(formatEvidence({ ...e, measured: 1.5, predicted: 2 })).toContain(
      'measured 1.5, predicted 2 (-25% off);',
    );
  });
  it('a number or a string is not an Evidence object', () => {
    expect(() => checkEvidence(3)).toThrow(/^e must be an Evidence object, got 3$/);
    expect(() => checkEvidence('x')).toThrow(/^e must be an Evidence object, got "x"$/);
  });
});
