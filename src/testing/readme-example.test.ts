// The README's "test your own initializer" example, verbatim but for relative import paths.
import { expect, it } from 'vitest';
import { defineInitializer } from '../init/index.js';
import { createRng } from '../random/index.js';
import { wixiMatchers } from './index.js';

expect.extend(wixiMatchers);

// A user's initializer: uniform with Var(W) = 2/fan_in, weights stored (out, in)
const myHeUniform = defineInitializer(
  'my He-uniform',
  {
    variance: ([, fanIn]) => 2 / fanIn,
    mean: () => 0,
    fill: (out, [, fanIn], rng) => {
      const bound = Math.sqrt(6 / fanIn);
      rng.fillUniform(out, -bound, bound);
    },
  },
  {},
);

it('draws the variance it promises', () => {
  const w = myHeUniform([512, 1024], createRng(1));
  expect(w.data).toHaveVariance(myHeUniform.variance([512, 1024]), { relTol: 0.05 });
});

it('keeps ReLU signals stable through depth', () => {
  expect(myHeUniform).toPreserveSecondMoment({ activation: 'relu', depth: 10, width: 128, seed: 7 });
});
