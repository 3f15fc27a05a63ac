/**
 * What changed between two steps, file by file, as unified patches from jsdiff.
 * Every diff the project shows comes from here: `npm run diff`, docs/diffs/ and
 * the site. Files come in reading order: the loop's code first, the demo last,
 * so that the demo's rewrite never hides the lesson's change.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { stepDir } from '../../shared/steps.ts';

/** One file's change between two steps. */
export interface FileDiff {
  /** File name inside the step folder, e.g. "loop.ts". */
  readonly file: string;
  readonly status: 'added' | 'removed' | 'modified';
  readonly added: number;
  readonly removed: number;
  /** A git-style unified patch (a/file, b/file). */
  readonly patch: string;
}

/** The demo: shown after the code it exercises. */
const DEMO = 'main.ts';

/**
 * The files a diff covers: the step's code and demo. The lesson (README.md) and the
 * tests are left out, so that every line of a diff is a line of the loop.
 */
export function isDiffedFile(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts');
}

/** Reading order: by name, except the demo, which comes last. */
export function inReadingOrder(files: Iterable<string>): string[] {
  const rank = (f: string): number => (f === DEMO ? 1 : 0);
  return [...files].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The diffed files of step n, in reading order. */
export function stepFiles(n: number): string[] {
  return inReadingOrder(readdirSync(stepDir(n)).filter(isDiffedFile));
}

/** A file of step n, or '' when the step does not have it. */
export function readStepFile(n: number, file: string): string {
  const path = join(stepDir(n), file);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function count(patch: string, sign: '+' | '-'): number {
  const header = sign === '+' ? '+++' : '---';
  return patch.split('\n').filter((l) => l.startsWith(sign) && !l.startsWith(header)).length;
}

/** One file's unified patch, with a git-style header that tells added and removed files. */
function filePatch(file: string, before: string, after: string, status: FileDiff['status']): string {
  const oldName = status === 'added' ? '/dev/null' : `a/${file}`;
  const newName = status === 'removed' ? '/dev/null' : `b/${file}`;
  const body = createTwoFilesPatch(oldName, newName, before, after, '', '', { context: 3 });
  // jsdiff may start with "Index:" and a row of "="; git's header is what viewers expect.
  const hunks = body.slice(body.indexOf('--- '));
  const modes = { added: 'new file mode 100644\n', removed: 'deleted file mode 100644\n', modified: '' };
  const mode = modes[status];
  return `diff --git a/${file} b/${file}\n${mode}${hunks}`;
}

/** Every changed file between step a and step b (any two steps, either order), in reading order. */
export function diffSteps(a: number, b: number): FileDiff[] {
  const before = new Set(stepFiles(a));
  const after = new Set(stepFiles(b));
  const diffs: FileDiff[] = [];
  for (const file of inReadingOrder(new Set([...before, ...after]))) {
    const oldText = readStepFile(a, file);
    const newText = readStepFile(b, file);
    if (before.has(file) && after.has(file) && oldText === newText) continue;
    const status = !before.has(file) ? 'added' : !after.has(file) ? 'removed' : 'modified';
    const patch = filePatch(file, oldText, newText, status);
    diffs.push({ file, status, added: count(patch, '+'), removed: count(patch, '-'), patch });
  }
  return diffs;
}

/** Lines added and removed in total. */
export function totals(diffs: readonly FileDiff[]): { added: number; removed: number } {
  return {
    added: diffs.reduce((sum, d) => sum + d.added, 0),
    removed: diffs.reduce((sum, d) => sum + d.removed, 0),
  };
}
