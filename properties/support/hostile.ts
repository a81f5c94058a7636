/**
 * Hostile inputs shared by the modules' `hostile-input.test.ts` regression tests. None of them
 * measures time (speed belongs in bench/): a function that would walk a huge sparse array is caught
 * by the array itself, which throws a plain Error the moment any element past the first few is read.
 */
import { expect } from 'vitest';

/** How many leading elements a check may look at before it has refused the array. */
const PEEK = 64;

/** Thrown when a function visits the elements of `hugeSparse()` instead of refusing it first. */
export class WalkedHolesError extends Error {
  constructor(index: string) {
    super(`visited element ${index} of a sparse array of length 2³² − 1 instead of refusing it first`);
  }
}

/**
 * An array of length 2³² − 1 with no elements (as `new Array(2 ** 32 - 1)`), that throws a
 * WalkedHolesError when any index ≥ 64 is read or tested: visiting its holes would take minutes.
 */
export function hugeSparse(): number[] {
  const guard = (key: string | symbol) => {
    if (typeof key === 'string' && /^\d+$/.test(key) && Number(key) >= PEEK) throw new WalkedHolesError(key);
  };
  return new Proxy(new Array<number>(2 ** 32 - 1), {
    get(target, key, receiver) {
      guard(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      guard(key);
      return Reflect.has(target, key);
    },
  });
}

/** [a, (hole), b]: an array with a missing element. */
export function holey(a: number, b: number): number[] {
  const x = new Array<number>(3);
  x[0] = a;
  x[2] = b;
  return x;
}

/** f must throw a wixi `type` error, not a WalkedHolesError from visiting a huge sparse array. */
export function throwsBeforeWalking(f: () => unknown, type: typeof TypeError | typeof RangeError): void {
  expect(f).toThrow(type);
}
