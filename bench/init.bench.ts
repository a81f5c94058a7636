/**
 * Initializer benchmark: one 1024×1024 float32 weight matrix, He-normal with Keras/JAX semantics
 * (truncated at ±2σ, corrected) and kaimingNormal with PyTorch's (untruncated), against PyTorch's
 * `torch.nn.init.kaiming_normal_` and `trunc_normal_` (Debian's /usr/bin/python3 with python3-torch,
 * timed in Python with time.perf_counter) and NumPy's float32 standard_normal when present.
 * Issue 3's target: under 15 ms per He-normal init on this machine.
 */
import { spawnSync } from 'node:child_process';
import { heNormal, kaimingNormal } from '../src/init/index.js';
import { createRng } from '../src/random/index.js';
import { type BenchRow, measure } from './harness.js';

const N = 1024;
const GROUP = `init ${N}x${N} float32`;
const UNIT = 'inits/s';

/**
 * Inits per second of a Python statement on a float32 N×N tensor `w` (best of 5 × 0.3 s after a
 * warm-up), or a note saying why it was skipped (`module` names what is missing).
 */
function python(module: string, setup: string, stmt: string): { rate: number } | { note: string } {
  const code = `
import time
${setup}
for _ in range(10): ${stmt}
best = 0.0
for _ in range(5):
    t = time.perf_counter(); k = 0
    while time.perf_counter() - t < 0.3:
        ${stmt}; k += 1
    best = max(best, k / (time.perf_counter() - t))
print(best)`;
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' });
  const v = Number(r.stdout?.trim());
  if (r.status === 0 && Number.isFinite(v) && v > 0) return { rate: v };
  if (r.error || /No module named/.test(r.stderr ?? '')) return { note: `skipped: ${module} not installed` };
  return { note: `skipped: ${(r.stderr ?? '').trim().split('\n').pop() || 'python failed'}` };
}

function row(name: string, result: { rate: number } | { note: string }, extra?: string): BenchRow {
  if ('note' in result) return { name, rate: 0, unit: UNIT, group: GROUP, note: result.note };
  const ms = `${(1000 / result.rate).toFixed(2)} ms/init`;
  return { name, rate: result.rate, unit: UNIT, group: GROUP, note: extra ? `${ms}; ${extra}` : ms };
}

export default async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const torch = `import torch; torch.manual_seed(0); w = torch.empty(${N}, ${N}, dtype=torch.float32)`;
  rows.push(
    row(
      'PyTorch kaiming_normal_ (untruncated)',
      python('torch', torch, `torch.nn.init.kaiming_normal_(w, nonlinearity='relu')`),
    ),
  );
  // Keras semantics in PyTorch: trunc_normal_ with σ' = √(2/fan_in)/0.8796 and absolute bounds ±2σ'.
  const sd = Math.sqrt(2 / N) / 0.87962566103423978;
  rows.push(
    row(
      'PyTorch trunc_normal_ (±2σ, as Keras he_normal)',
      python('torch', torch, `torch.nn.init.trunc_normal_(w, std=${sd}, a=${-2 * sd}, b=${2 * sd})`),
    ),
  );
  rows.push(
    row(
      'NumPy standard_normal float32 × std (untruncated)',
      python(
        'numpy',
        `import numpy as np; g = np.random.default_rng(0); w = np.empty((${N}, ${N}), dtype=np.float32)`,
        `g.standard_normal(out=w, dtype=np.float32); w *= ${Math.sqrt(2 / N)}`,
      ),
    ),
  );

  const rng = createRng(1);
  const he = heNormal();
  const kaiming = kaimingNormal();
  const shape = [N, N];
  rows.push(
    row(
      'wixi heNormal (Keras/JAX: truncated, corrected)',
      {
        rate: measure(() => he(shape, rng, { dtype: 'float32' }), 1),
      },
      'target < 15 ms',
    ),
  );
  rows.push(
    row('wixi kaimingNormal (PyTorch: untruncated)', {
      rate: measure(() => kaiming(shape, rng, { dtype: 'float32' }), 1),
    }),
  );
  return rows;
}
