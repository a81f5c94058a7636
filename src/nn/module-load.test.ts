/**
 * Loading wixi/nn afresh inside a test. The built-in activations are made when
 * ./activations.ts is evaluated, so a defect there breaks every import of the module; a test file
 * that imports it statically then fails to load, which the mutation runner does not count as a
 * failing test. Importing it here, inside the test, turns such a defect into a failed test.
 */
import { describe, expect, it, vi } from 'vitest';

describe('wixi/nn loads', () => {
  it('evaluating the module afresh gives every documented built-in and export', async () => {
    vi.resetModules();
    const nn = await import('./index.js');
    expect(Object.keys(nn.activations)).toEqual([
      'linear',
      'relu',
      'leakyRelu',
      'tanh',
      'sigmoid',
      'selu',
      'elu',
      'gelu',
      'silu',
      'softplus',
    ]);
    expect(Object.isFrozen(nn.activations)).toBe(true);
    expect([...nn.ACTIVATION_NAMES]).toEqual([
      'linear',
      'relu',
      'leakyRelu',
      'leaky_relu',
      'tanh',
      'sigmoid',
      'selu',
      'elu',
      'gelu',
      'silu',
      'softplus',
    ]);
    expect([nn.PANEL_COLUMNS, nn.BLOCK_DEPTH, nn.BLOCK_COLUMNS]).toEqual([4, 256, 512]);
    expect(nn.WASM_MIN_WORK).toBe(512);
    const fresh = await import('./matmul.js');
    expect(
      Array.from(
        fresh.matmul(
          { shape: [1, 2], data: Float64Array.of(1, 2) },
          { shape: [2, 1], data: Float64Array.of(3, 4) },
        ).data,
      ),
    ).toEqual([11]);
    vi.resetModules();
  });
});
