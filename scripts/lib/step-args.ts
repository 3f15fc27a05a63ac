/**
 * Reading a step number from the command line, and the list of steps shown when
 * it is wrong. Shared by `npm run step` and `npm run diff`.
 */
import { STEPS, SYLLABUS, type StepInfo } from '../../shared/steps.ts';

/** A step argument that could not be used, with the reason shown to the reader. */
export class StepArgError extends Error {}

/**
 * The step that `arg` names: "3", "03" and "step03" all mean step 3.
 * Throws a StepArgError when it is missing, malformed, out of range or not built yet.
 */
export function parseStep(arg: string | undefined): StepInfo {
  if (arg === undefined || arg === '') throw new StepArgError('Missing step number.');
  const match = /^(?:step)?(\d{1,3})$/i.exec(arg.trim());
  if (!match) throw new StepArgError(`Not a step number: "${arg}".`);
  const n = Number(match[1]);
  const info = SYLLABUS.find((s) => s.number === n);
  if (!info) throw new StepArgError(`There is no step ${n}: steps go from 1 to ${SYLLABUS.length}.`);
  if (!STEPS.some((s) => s.number === n)) throw new StepArgError(`Step ${n} (${info.title}) is not built yet.`);
  return info;
}

/** Every step with its title, marking the ones not built yet: what a reader can pick from. */
export function stepList(): string {
  const built = new Set(STEPS.map((s) => s.number));
  const rows = SYLLABUS.map((s) => {
    const mark = built.has(s.number) ? '' : '  (not built yet)';
    return `  ${String(s.number).padStart(2, ' ')}  ${s.title}${mark}`;
  });
  return `Steps:\n${rows.join('\n')}\n`;
}

/** Print what was wrong, the usage and the step list to stderr, then exit 1. */
export function failWithStepList(reason: string, usage: string): never {
  process.stderr.write(`${reason}\n${usage}\n\n${stepList()}`);
  process.exit(1);
}
