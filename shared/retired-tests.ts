/**
 * The tests that stop applying at a later step. A test lives in the step that
 * introduces its behaviour and runs on every later step (vitest project `stepNN`
 * runs the tests of steps 01..NN against step NN), except where a later step
 * changes that behaviour on purpose: this list says where, and why, in the words
 * of the lesson that makes the change. Not part of any lesson; kept tiny.
 */

/** One test, or a whole file, that the loop outgrows at step `endsAt`. */
export interface Retirement {
  /** The test file, relative to steps/: "step04/sleep-seconds.test.ts". */
  readonly file: string;
  /** The full name of one test (describe names and test name joined by " > "); absent: the whole file. */
  readonly test?: string;
  /** The first step on which the test no longer applies. */
  readonly endsAt: number;
  /** Why, as the lesson of step `endsAt` says it. */
  readonly reason: string;
}

export const RETIRED: readonly Retirement[] = [
  // tests of steps 01-04
  {
    file: 'step03/timers.test.ts',
    test: 'time and timers > an idle loop with no timer says it would wait forever',
    endsAt: 12,
    reason: 'The loop also waits for pending promises, so the idle error says `no promise is pending` too.',
  },
  {
    file: 'step04/sleep-seconds.test.ts',
    endsAt: 6,
    reason: 'A coroutine yields the future it waits for and gets its result back; a number is a bad yield.',
  },
  {
    file: 'step04/task.test.ts',
    test: 'generators as coroutines > createTask refuses what is not a generator object',
    endsAt: 12,
    reason: '`createTask` runs a Promise too, so its refusal says `expected a generator object or a Promise`.',
  },
  // tests of steps 05-08
  {
    file: 'step06/task.test.ts',
    test: 'tasks > yielding something that is not a Future throws a TypeError into the coroutine',
    endsAt: 8,
    reason: 'A bad yield names the slip: the TypeError says what was yielded and what to write instead.',
  },
  {
    file: 'step06/task.test.ts',
    test: 'tasks > ensureFuture rejects anything else',
    endsAt: 12,
    reason: '`createTask` runs a Promise, so `ensureFuture` takes Promises too, and its error names them.',
  },
  // tests of steps 09-11
  // tests of steps 12-15
  {
    file: 'step12/bridge.test.ts',
    test: 'a loop that waits for promises > idle with no promise in play: it would wait forever',
    endsAt: 13,
    reason: 'With nothing at all, the idle error now says `no socket is watched` too.',
  },
];

/** The retirements that apply to a run of step `n`: those ending at or before it. */
export function retiredAt(n: number): Retirement[] {
  return RETIRED.filter((r) => r.endsAt <= n);
}
