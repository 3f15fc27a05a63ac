/**
 * One vitest project per step, plus one for the scripts. Project `stepNN` runs
 * every test file of steps 01..NN against steps/stepNN/, through the `#step`
 * alias that test files import, and the cases ported from CPython's own asyncio
 * tests that apply up to step NN (conformance/stepKK.test.ts, KK <= NN);
 * shared/retired-tests.ts lists what a later step outgrows.
 * `npx vitest run --project step07` runs exactly what applies to step 7.
 */
import { join } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { retiredAt } from './shared/retired-tests.ts';
import { ROOT, STEPS, stepDir, type StepInfo } from './shared/steps.ts';

/** The project that runs the tests of steps 01..`step` against `step`. */
function stepProject(step: StepInfo): TestProjectInlineConfiguration {
  const retired = retiredAt(step.number);
  return {
    extends: true,
    resolve: { alias: { '#step': join(stepDir(step.number), 'index.ts') } },
    test: {
      name: step.id,
      root: ROOT,
      include: STEPS.filter((s) => s.number <= step.number).flatMap((s) => [
        `steps/${s.id}/*.test.ts`,
        `conformance/${s.id}.test.ts`,
      ]),
      exclude: retired.filter((r) => r.test === undefined).map((r) => `steps/${r.file}`),
      setupFiles: ['shared/retired-setup.ts'],
      provide: { step: step.number },
    },
  };
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      ...STEPS.map(stepProject),
      { extends: true, test: { name: 'scripts', root: ROOT, include: ['scripts/**/*.test.ts', 'shared/**/*.test.ts'] } },
    ],
  },
});
