import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_USAGE, parseAuditArgs, runAudit } from './audit.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('wixi audit: arguments', () => {
  it('parses the target and flags', () => {
    expect(parseAuditArgs(['tfjs', '--seed', '7', '--quick', '--json', '--alpha', '0.001'])).toEqual({
      target: 'tfjs',
      seed: 7,
      quick: true,
      json: true,
      alpha: 0.001,
    });
    expect(parseAuditArgs(['tfjs']).seed).toBeGreaterThanOrEqual(0);
  });

  it('refuses bad usage with a RangeError naming the problem (the CLI prints one line, exit 2)', () => {
    expect(() => parseAuditArgs([])).toThrow(/needs a target.*tfjs/);
    expect(() => parseAuditArgs(['torch'])).toThrow(/unknown audit target "torch"/);
    expect(() => parseAuditArgs(['tfjs', 'tfjs'])).toThrow(/one target/);
    expect(() => parseAuditArgs(['tfjs', '--fast'])).toThrow(/unknown option "--fast"/);
    expect(() => parseAuditArgs(['tfjs', '--seed'])).toThrow(/--seed needs a value/);
    expect(() => parseAuditArgs(['tfjs', '--seed', '-3'])).toThrow(/--seed/);
    expect(() => parseAuditArgs(['tfjs', '--alpha', '1.5'])).toThrow(/--alpha/);
  });

  it('--help prints the usage and exits 0', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await runAudit(['--help'])).toBe(0);
    expect(log).toHaveBeenCalledWith(AUDIT_USAGE);
  });
});

describe('wixi audit tfjs: runs', () => {
  it('--quick --json prints the findings as JSON and exits 0', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => lines.push(s));
    expect(await runAudit(['tfjs', '--quick', '--json', '--seed', '3'])).toBe(0);
    const out = JSON.parse(lines.join('\n'));
    expect(out.seed).toBe(3);
    expect(out.findings.length).toBeGreaterThan(100);
    expect(out.seconds).toBeUndefined();
    expect(out.findings.some((f: { verdict: string }) => f.verdict === 'diverges')).toBe(true);
  });

  it('without TensorFlow.js: one line with the install command, exit 2', async () => {
    vi.resetModules();
    vi.doMock('../tfjs/load.js', async (importOriginal) => {
      const real = await importOriginal<typeof import('../tfjs/load.js')>();
      return {
        ...real,
        loadTfjs: () =>
          Promise.reject(new real.TfjsMissingError('@tensorflow/tfjs-core', new Error('not found'))),
      };
    });
    try {
      const { runAudit: run } = await import('./audit.js');
      const errors: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((s: string) => errors.push(s));
      vi.spyOn(console, 'log').mockImplementation(() => {});
      expect(await run(['tfjs', '--seed', '1'])).toBe(2);
      expect(errors).toHaveLength(1);
      expect(errors[0].split('\n')).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^wixi audit: @tensorflow\/tfjs-core is not installed.*npm install --save-dev @tensorflow\/tfjs-core @tensorflow\/tfjs-backend-cpu @tensorflow\/tfjs-layers$/,
      );
    } finally {
      vi.doUnmock('../tfjs/load.js');
      vi.resetModules();
    }
  });
});
