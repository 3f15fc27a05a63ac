/**
 * Each step declares the code files its idea changes (shared/steps.ts, `changes`).
 * A file that differs from the previous step's copy without being declared is
 * drift: a fix made in one copy and not carried forward. A declared file that
 * did not change is a stale declaration. Both are reported here, as sentences
 * that name the step, the file and the command or edit that fixes it.
 */

/** What the check needs to know of one step: its number, declarations and code files. */
export interface StepCode {
  readonly number: number;
  readonly changes: readonly string[];
  /** Code file name → text (.ts files, tests left out). */
  readonly files: ReadonlyMap<string, string>;
}

/** Code files are the .ts files of a step folder that are not tests: what diffs and propagate cover. */
export function isCodeFile(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts');
}

/** "step 03". */
export function stepName(n: number): string {
  return `step ${String(n).padStart(2, '0')}`;
}

/** The code files that differ between two steps (modified, added or removed), sorted. */
export function changedFiles(previous: StepCode, step: StepCode): string[] {
  const names = new Set([...previous.files.keys(), ...step.files.keys()]);
  return [...names].filter((name) => previous.files.get(name) !== step.files.get(name)).sort();
}

/** How a file differs: the words used in a report. */
function howChanged(previous: StepCode, step: StepCode, file: string): string {
  if (!previous.files.has(file)) return `${file} is new in ${stepName(step.number)}`;
  if (!step.files.has(file)) return `${file} was removed in ${stepName(step.number)}`;
  return `${file} differs from ${stepName(previous.number)}'s copy`;
}

/** Problems with the declarations of `steps` (in order; the first one is compared with nothing). */
export function declarationProblems(steps: readonly StepCode[]): string[] {
  const problems: string[] = [];
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    const name = stepName(step.number);
    const where = `the \`changes\` of ${name} in shared/steps.ts`;
    const changed = previous ? changedFiles(previous, step) : [...step.files.keys()].sort();
    const declared = new Set(step.changes);
    for (const file of changed.filter((f) => !declared.has(f))) {
      if (!previous) {
        problems.push(`${name}: ${file} is not declared. The first step declares all its files: add '${file}' to ${where}.`);
        continue;
      }
      const prev = String(previous.number);
      problems.push(
        `${name}: ${howChanged(previous, step, file)}, but ${name} does not declare it. ` +
          `If ${name}'s idea changes it, add '${file}' to ${where}; ` +
          `if the difference is drift, make the change in ${stepName(previous.number)} and run \`npm run propagate -- ${prev}\`.`,
      );
    }
    for (const file of step.changes.filter((f) => !changed.includes(f))) {
      const fact = previous
        ? step.files.has(file)
          ? `${file} is the same as in ${stepName(previous.number)}`
          : `neither ${stepName(previous.number)} nor ${name} has ${file}`
        : `${name} has no ${file}`;
      problems.push(`${name}: declares that it changes ${file}, but ${fact}. Remove '${file}' from ${where}.`);
    }
  });
  return problems;
}
