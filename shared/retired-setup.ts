/**
 * Runs before every step test file: skips, with the lesson's reason, each single
 * test that shared/retired-tests.ts retires at or before the step under test.
 * (Whole retired files are left out by vitest.config.ts and never load.)
 */
import { relative } from 'node:path';
import { beforeEach, inject } from 'vitest';
import { retiredAt } from './retired-tests.ts';
import { ROOT } from './steps.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The number of the step under test. */
    step: number;
  }
}

const retired = retiredAt(inject('step')).filter((r) => r.test !== undefined);

beforeEach((context) => {
  const file = relative(`${ROOT}/steps`, context.task.file.filepath);
  const name = context.task.fullTestName;
  const match = retired.find((r) => r.file === file && r.test === name);
  if (match) context.skip(`retired at step ${match.endsAt}: ${match.reason}`);
});
