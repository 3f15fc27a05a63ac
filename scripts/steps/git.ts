/**
 * The few git reads that propagate needs: a file as HEAD has it, the names HEAD
 * has in a folder, and git's own three-way merge of three texts. Nothing here
 * changes the index or HEAD; only the working files that propagate writes change.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Run git in `cwd`; returns its status and output, never throws for a non-zero status. */
function run(cwd: string, args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** The text of `path` (relative to the repository root, POSIX) at HEAD, or null when HEAD has no such file. */
export function headFile(root: string, path: string): string | null {
  const result = run(root, ['cat-file', 'blob', `HEAD:${path}`]);
  return result.status === 0 ? result.stdout : null;
}

/** Names of the files directly inside `dir` (relative to the root, POSIX) at HEAD. */
export function headNames(root: string, dir: string): string[] {
  const result = run(root, ['ls-tree', '--name-only', 'HEAD', `${dir}/`]);
  if (result.status !== 0) throw new Error(`git ls-tree failed in ${root}: ${result.stderr.trim()}`);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(line.lastIndexOf('/') + 1));
}

/** The three texts of a merge and the labels its conflict markers show. */
export interface MergeInput {
  readonly base: string;
  readonly ours: string;
  readonly theirs: string;
  readonly labels: { readonly ours: string; readonly base: string; readonly theirs: string };
}

/**
 * `git merge-file`: `theirs`'s change from `base`, applied to `ours`. Conflicts come
 * back inside `text` with <<<<<<< ======= >>>>>>> markers, counted in `conflicts`.
 */
export function mergeFile(input: MergeInput): { text: string; conflicts: number } {
  const dir = mkdtempSync(join(tmpdir(), 'propagate-'));
  try {
    const paths = { ours: join(dir, 'ours'), base: join(dir, 'base'), theirs: join(dir, 'theirs') };
    writeFileSync(paths.ours, input.ours);
    writeFileSync(paths.base, input.base);
    writeFileSync(paths.theirs, input.theirs);
    const { labels } = input;
    const args = ['merge-file', '-p', '-L', labels.ours, '-L', labels.base, '-L', labels.theirs, paths.ours, paths.base, paths.theirs];
    const result = run(dir, args);
    // The status is the number of conflicts (at most 127); 255 is an error.
    if (result.status < 0 || result.status > 127) throw new Error(`git merge-file failed: ${result.stderr.trim()}`);
    return { text: result.stdout, conflicts: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
