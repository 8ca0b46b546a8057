/// <reference types="jest" />
import { fold, type Command, type Decider, type DomainEvent } from '../../shared/decider';
import { SenseiError, type ErrorCode } from '../../shared/sensei-error';

const deepFreeze = <T>(value: T): T => {
  if (value instanceof Map) {
    for (const entry of value.values() as Iterable<unknown>) deepFreeze(entry);
  } else if (value !== null && typeof value === 'object') {
    for (const entry of Object.values(value) as unknown[]) deepFreeze(entry);
  }
  return Object.freeze(value);
};

/**
 * Decider tests in three steps: given these past events, when this command, then these events (or
 * this error). The folded state is frozen, so a decide that mutates it fails the test.
 */
export const givenWhenThen =
  <State, C extends Command, E extends DomainEvent>(decider: Decider<State, C, E>) =>
  (given: readonly E[]) => ({
    when: (command: C) => {
      const decide = () => decider.decide(command, deepFreeze(fold(decider, given)));
      return {
        then: (expected: E[]): void => {
          expect(decide()).toEqual(expected);
        },
        thenThrows: (code: ErrorCode, details?: Record<string, unknown>): SenseiError => {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(SenseiError);
          const error = thrown as SenseiError;
          // The message rides along so that a wrong code shows why it was thrown.
          expect({ code: error.code, message: error.message }).toMatchObject({ code });
          if (details) expect(error.details).toMatchObject(details);
          return error;
        },
      };
    },
  });
