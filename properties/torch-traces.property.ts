/**
 * Cross-check with real PyTorch: wixi's traces of a 10-layer ReLU MLP (width 256, batch 512,
 * float64) agree with the traces PyTorch 1.13 wrote into fixtures/torch/torch-reference.json for
 * kaiming_normal_, xavier_normal_ and nn.Linear's default weights and biases — per quantity a
 * two-sample t-test of per-replicate log second-moment ratios (replicates are independent networks),
 * Holm over the quantities (src/claims/torch-traces.ts). Negative controls: a wrong gain, a missing
 * bias and a bias of the wrong law, built into wixi's side, must be rejected every time.
 *
 * Budget: the 'depth' part is shared with properties/depth.property.ts (half each). Skipped with a
 * message when the fixture has no traces.
 */
import { describe, expect, it } from 'vitest';
import {
  compareTraces,
  loadTorchTraces,
  type SchemeNetwork,
  TORCH_FIXTURE,
  TORCH_SCHEMES,
  type TorchScheme,
  torchTracesAgree,
  WIXI_TRACE_REPLICATES,
  wixiTraces,
} from '../src/claims/torch-traces.js';
import type { CheckContext } from '../src/claims/types.js';
import { torchLinearDefault, xavierNormal } from '../src/init/presets.js';
import { createRng } from '../src/random/rng.js';
import { assertEvidence } from '../src/stats/evidence.js';
import { seedFor } from '../src/testing/seed.js';
import { budget } from './budget.js';

const fixture = loadTorchTraces();
if (!fixture)
  console.warn(
    `torch-traces: ${TORCH_FIXTURE.pathname} has no traces; run /usr/bin/python3 fixtures/torch/generate.py`,
  );

const CONTROLS = 3;
/** One decision (a Holm family) per scheme and per negative control. */
const alpha = budget.of('depth') / 2 / (TORCH_SCHEMES.length + CONTROLS);

const context = (title: string): CheckContext => {
  const rng = createRng(seedFor(title) >>> 0);
  return { rng, alpha, power: 1 - alpha };
};

/** The comparisons of `scheme`'s PyTorch traces with wixi's traces of a (wrong) network must reject. */
function control(title: string, scheme: TorchScheme, net: SchemeNetwork, backward: boolean) {
  const traces = fixture as NonNullable<typeof fixture>;
  const wixi = wixiTraces(net, { replicates: WIXI_TRACE_REPLICATES, backward }, context(title).rng);
  const comparisons = compareTraces(traces.schemes[scheme], wixi, alpha);
  const summary = comparisons.map(
    (c) => `${c.name}: t = ${c.t.toPrecision(3)}${c.rejected ? ' (rejected)' : ''}`,
  );
  expect(
    comparisons.some((c) => c.rejected),
    `${title} was NOT rejected: ${summary.join('; ')}`,
  ).toBe(true);
}

describe.skipIf(!fixture)('PyTorch cross-check: deep-MLP traces', () => {
  for (const scheme of TORCH_SCHEMES) {
    const title = `${torchTracesAgree.title}: ${scheme}`;
    it(title, () => {
      assertEvidence(torchTracesAgree.check({ scheme }, context(title)));
    });
  }
  it('negative control: kaiming_normal_ traces against wixi with gain 1 (xavierNormal) are rejected, forward and backward', () =>
    control('control: he vs gain 1', 'he', { init: xavierNormal(), bias: false }, true));
  it("negative control: nn.Linear's default traces against wixi without the bias are rejected", () =>
    control(
      'control: linearDefault without bias',
      'linearDefault',
      { init: torchLinearDefault(), bias: false },
      false,
    ));
  it("negative control: nn.Linear's default traces against a bias N(0, 1/n) instead of U(±1/√n) are rejected", () =>
    control(
      'control: linearDefault with bias N(0, 1/n)',
      'linearDefault',
      { init: torchLinearDefault(), bias: { variance: 1 / 256 } },
      false,
    ));
});
