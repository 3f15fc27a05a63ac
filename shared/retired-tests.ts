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

export const RETIRED: readonly Retirement[] = [];

/** The retirements that apply to a run of step `n`: those ending at or before it. */
export function retiredAt(n: number): Retirement[] {
  return RETIRED.filter((r) => r.endsAt <= n);
}
