/**
 * What changed between two steps, file by file, as unified patches from jsdiff.
 * Used by `npm run diffs` (docs/diffs/), `npm run diff -- A B`, the docs site and tests.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
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
  /** A git-style unified patch (a/file, b/file), empty when the file is unchanged. */
  readonly patch: string;
}

/**
 * The files a diff covers: the step's code and demo. The lesson (README.md) and the
 * tests are left out, so that every line of a diff is a line of the loop.
 */
export function isDiffedFile(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts');
}

/** The diffed files of step n, sorted by name. */
export function stepFiles(n: number): string[] {
  return readdirSync(stepDir(n)).filter(isDiffedFile).sort();
}

function read(n: number, file: string): string {
  const path = join(stepDir(n), file);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function count(patch: string, sign: '+' | '-'): number {
  const header = sign === '+' ? '+++' : '---';
  return patch.split('\n').filter((l) => l.startsWith(sign) && !l.startsWith(header)).length;
}

/** The unified patch of one file, with a git-style header so that viewers know added and removed files. */
function filePatch(file: string, before: string, after: string, status: FileDiff['status']): string {
  const body = createTwoFilesPatch(
    status === 'added' ? '/dev/null' : `a/${file}`,
    status === 'removed' ? '/dev/null' : `b/${file}`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  // jsdiff may start with "Index:" and a row of "="; git's header is what viewers expect.
  const hunks = body.slice(body.indexOf('--- '));
  const mode = status === 'added' ? 'new file mode 100644\n' : status === 'removed' ? 'deleted file mode 100644\n' : '';
  return `diff --git a/${file} b/${file}\n${mode}${hunks}`;
}

/** Every changed file between step a and step b (any two steps, either order), sorted by name. */
export function diffSteps(a: number, b: number): FileDiff[] {
  const before = new Set(stepFiles(a));
  const after = new Set(stepFiles(b));
  const files = [...new Set([...before, ...after])].sort();
  const diffs: FileDiff[] = [];
  for (const file of files) {
    const oldText = read(a, file);
    const newText = read(b, file);
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
