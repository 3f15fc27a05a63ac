/**
 * Lessons show their demo's real output between two marker comments. `npm run
 * outputs` fills the space from docs/outputs/, so the output a reader sees on
 * GitHub is never pasted by hand, and a test fails when it is stale.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, STEPS, stepDir, type StepInfo } from '../../shared/steps.ts';
import { outputPath } from './demo-outputs.ts';

/** Where a lesson wants its demo's output: between these two comments (whatever is there now is replaced). */
export const DEMO_OUTPUT_MARKERS = /(<!--\s*demo-output:start\s*-->)[\s\S]*?(<!--\s*demo-output:end\s*-->)/;

/** The lesson with `output` placed between its markers (unchanged when it has none). */
export function withDemoOutput(lesson: string, output: string): string {
  return lesson.replace(DEMO_OUTPUT_MARKERS, (_all, start: string, end: string) => `${start}\n\`\`\`text\n${output.trimEnd()}\n\`\`\`\n${end}`);
}

/** Path of a step's lesson. */
export function lessonPath(step: StepInfo): string {
  return join(stepDir(step.number), 'README.md');
}

/** Every lesson whose text changes once its output is filled in: path → new text. */
export function lessonsWithOutputs(steps: readonly StepInfo[] = STEPS): Map<string, string> {
  const updated = new Map<string, string>();
  for (const step of steps) {
    const path = lessonPath(step);
    const outputFile = join(ROOT, outputPath(step));
    if (!existsSync(path) || !existsSync(outputFile)) continue;
    const lesson = readFileSync(path, 'utf8');
    const filled = withDemoOutput(lesson, readFileSync(outputFile, 'utf8'));
    if (filled !== lesson) updated.set(path, filled);
  }
  return updated;
}
