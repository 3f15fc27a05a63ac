/**
 * Run the ported cases on every step through vitest's Node API, and collect
 * each test's outcome with the step project that ran it.
 */
import type { RunnerTask } from 'vitest';
import { startVitest } from 'vitest/node';
import { STEPS } from '../../shared/steps.ts';
import type { RunResult } from './report.ts';

/** Every test under `task`, however deep its describe blocks go. */
function tests(task: RunnerTask): RunnerTask[] {
  return 'tasks' in task ? task.tasks.flatMap(tests) : [task];
}

/** Run conformance/ on every step project; one result per test that ran. */
export async function runConformance(): Promise<RunResult[]> {
  const projects = STEPS.map((s) => s.id);
  const vitest = await startVitest('test', ['conformance/'], { project: projects, watch: false, reporters: ['dot'] });
  try {
    return vitest.state.getFiles().flatMap((file) => {
      const step = Number(/^step(\d\d)$/.exec(file.projectName ?? '')?.[1]);
      return tests(file)
        .filter((t) => t.meta.asyncio !== undefined)
        .map((t) => ({ step, file: file.filepath, port: t.meta.asyncio!, passed: t.result?.state === 'pass' }));
    });
  } finally {
    await vitest.close();
  }
}
