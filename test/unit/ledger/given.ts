import { expect } from '@jest/globals';
import { fold, type Decider } from '../../../src/ledger/decider.js';

/**
 * given(events).when(command).then(events) / .thenRefuses(code): a decider's behaviour as data.
 */
export function spec<S, C, E, X>(decider: Decider<S, C, E, X>) {
  return (given: E[], context: X) => ({
    when(command: C) {
      const run = () => decider.decide(command, fold(decider, given), context);
      return {
        then(expected: E[]) {
          expect(run()).toEqual(expected);
        },
        thenRefuses(code: string, field?: string) {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeDefined();
          expect((error as { code?: string }).code).toBe(code);
          if (field !== undefined) expect((error as { field?: string }).field).toBe(field);
        },
      };
    },
  });
}
