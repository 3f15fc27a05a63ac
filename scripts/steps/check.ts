/**
 * `npm run check:steps`, as a function: the step folders must tell one story.
 * Each step's code differs from the previous step's only in the files it
 * declares (declared.ts), and each lesson quotes only code its step has
 * (quotes.ts). `npm test` runs the same function (check.test.ts), so both
 * fail with the same message.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ROOT, STEPS, stepDir, type StepInfo } from '../../shared/steps.ts';
import { declarationProblems, isCodeFile, type StepCode } from './declared.ts';
import { quoteProblems } from './quotes.ts';

/** A step's code files, read from its folder. */
function stepCode(step: StepInfo): StepCode {
  const dir = stepDir(step.number);
  const names = readdirSync(dir).filter(isCodeFile).sort();
  return { number: step.number, changes: step.changes, files: new Map(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')])) };
}

/** A file's text by a path relative to `dir`, or null when it is missing or outside the repository. */
function readFrom(dir: string, path: string): string | null {
  const full = resolve(dir, path);
  if (relative(ROOT, full).startsWith(`..${sep}`) || !existsSync(full)) return null;
  return readFileSync(full, 'utf8');
}

/** Problems with the quotes of one step's lesson (none while it has no lesson). */
function lessonProblems(step: StepInfo): string[] {
  const dir = stepDir(step.number);
  const path = join(dir, 'README.md');
  if (!existsSync(path)) return [];
  const files = readdirSync(dir).filter(isCodeFile).sort();
  const name = relative(ROOT, path).split(sep).join('/');
  return quoteProblems(name, readFileSync(path, 'utf8'), { files, read: (p) => readFrom(dir, p) });
}

/** Every problem found in the built steps, one sentence each; empty when all is well. */
export function checkSteps(steps: readonly StepInfo[] = STEPS): string[] {
  return [...declarationProblems(steps.map(stepCode)), ...steps.flatMap(lessonProblems)];
}

/** The report printed by `npm run check:steps` and thrown by its test. */
export function formatReport(problems: readonly string[]): string {
  if (problems.length === 0) return 'check:steps: every step changes only what it declares, and every lesson quotes its code.';
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `check:steps found ${count}:\n${problems.map((p) => `- ${p}`).join('\n')}`;
}
