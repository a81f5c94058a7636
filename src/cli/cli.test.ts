import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { claims, runClaim } from '../claims/index.js';
import { main } from './main.js';

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out.push(a.join(' '));
  });
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    err.push(a.join(' '));
  });
});
afterEach(() => vi.restoreAllMocks());

describe('wixi CLI conventions', () => {
  it('prints help for every command and exits 0', async () => {
    for (const cmd of ['report', 'explore', 'gain', 'audit']) {
      out = [];
      expect(await main([cmd, '--help'])).toBe(0);
      expect(out.join('\n')).toMatch(new RegExp(`usage: wixi ${cmd}`));
    }
    expect(await main(['--help'])).toBe(0);
    expect(await main([])).toBe(2);
  });
  it('bad usage exits 2 with one clear line and no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['bogus'], /unknown command "bogus"/],
      [['report', '--seed', 'x'], /--seed must be finite, got NaN/],
      [['report', '--frobnicate'], /unknown option "--frobnicate"/],
      [['explore', '--widths', 'abc'], /--widths: cannot read "abc"/],
      [['explore', '--init', 'magic'], /unknown --init "magic"/],
      [['explore', '--input', 'fashion-mnist', '--widths', '10,5'], /needs widths\[0\] = 784/],
      [['gain'], /gain needs an activation/],
      [['gain', 'swish'], /unknown activation "swish"/],
      [['gain', 'relu', '--bias-variance', '-1'], /--bias-variance must be >= 0/],
    ];
    for (const [args, message] of cases) {
      err = [];
      expect(await main(args), args.join(' ')).toBe(2);
      expect(err.join('\n')).toMatch(message);
      expect(err.join('\n')).not.toMatch(/\n\s+at /);
    }
  });
  it('explore is deterministic for a given seed and compares every layer with the theory', async () => {
    const args = ['explore', '--widths', '32,16x3', '--batch', '16', '--seed', '9', '--json'];
    expect(await main(args)).toBe(0);
    const first = out.join('\n');
    out = [];
    expect(await main(args)).toBe(0);
    expect(out.join('\n')).toBe(first);
    const rows = JSON.parse(first).rows;
    expect(rows).toHaveLength(3);
    expect(rows[0].predictedPreActivation).toBeGreaterThan(0);
  });
  it('gain reports the exact, PyTorch and critical gains', async () => {
    expect(await main(['gain', 'relu', '--json'])).toBe(0);
    const r = JSON.parse(out.join('\n'));
    expect(r.rows.map((x: { gain: number }) => x.gain)).toEqual(
      [Math.SQRT2, Math.SQRT2, Math.SQRT2].map((g) => expect.closeTo(g, 9)),
    );
  });
  it('a claim run is deterministic for a seed (what makes the report replayable)', () => {
    for (const claim of claims.slice(0, 4)) {
      const a = runClaim(claim, { seed: 5, size: 'quick' });
      const b = runClaim(claim, { seed: 5, size: 'quick' });
      expect(b.evidence).toEqual(a.evidence);
    }
  });
});
