/**
 * `npm run propagate -- N`, as functions. Every step folder is a copy of the one
 * before plus one idea, so a fix made in step N belongs in the later copies too.
 * The uncommitted change of step N's code files (against HEAD) is carried into
 * each later step in turn by a three-way merge per file: base = HEAD's copy in
 * the step before, theirs = its working copy, ours = the later step's copy. A later step
 * that rewrote the same lines gets conflict markers for a person to resolve;
 * nothing is dropped silently. Tests and lessons are not carried: tests live
 * once, in the step that introduces them, and each lesson is its step's own.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch, structuredPatch } from 'diff';
import { isCodeFile, stepName } from './declared.ts';
import { headFile, headNames, mergeFile } from './git.ts';

/** One code file of step N that differs from HEAD: null text = the file does not exist on that side. */
export interface FileChange {
  readonly file: string;
  readonly base: string | null;
  readonly theirs: string | null;
}

/** What happened to one file of one later step. */
export interface Outcome {
  readonly step: number;
  readonly file: string;
  readonly result: 'applied' | 'already there' | 'conflict' | 'skipped' | 'not reached';
  /** Said after the result, e.g. "step 07 has no heap.ts". */
  readonly note?: string;
}

/** Folder of step n relative to the root, POSIX: "steps/step03". */
function stepPath(n: number): string {
  return `steps/step${String(n).padStart(2, '0')}`;
}

/** The step numbers that have a folder under `root`/steps, sorted. */
export function stepNumbers(root: string): number[] {
  return readdirSync(join(root, 'steps'))
    .map((name) => /^step(\d\d)$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

function readOrNull(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** The code files of step n that differ between HEAD and the working tree: modified, new or deleted. */
export function stepChange(root: string, n: number): FileChange[] {
  const dir = stepPath(n);
  const working = existsSync(join(root, dir)) ? readdirSync(join(root, dir)) : [];
  const names = [...new Set([...headNames(root, dir), ...working])].filter(isCodeFile).sort();
  return names
    .map((file) => ({ file, base: headFile(root, `${dir}/${file}`), theirs: readOrNull(join(root, dir, file)) }))
    .filter((change) => change.base !== change.theirs);
}

/** Carry one file's change into step m's copy, writing the result; says what happened. */
export function applyChange(root: string, from: number, m: number, change: FileChange): Outcome {
  const { file, base, theirs } = change;
  const path = join(root, stepPath(m), file);
  const ours = readOrNull(path);
  const outcome = (result: Outcome['result'], note?: string): Outcome => ({ step: m, file, result, ...(note ? { note } : {}) });
  if (ours === theirs) return outcome('already there');
  if (ours !== null && /^<<<<<<< /m.test(ours)) {
    return outcome('conflict', `unresolved markers already in ${stepPath(m)}/${file}: resolve them first`);
  }
  if (ours === null) {
    if (base !== null) return outcome('skipped', `${stepName(m)} has no ${file}`);
    writeFileSync(path, theirs!);
    return outcome('applied', `new file, copied from ${stepName(from)}`);
  }
  if (theirs === null && ours === base) {
    rmSync(path);
    return outcome('applied', `removed, as in ${stepName(from)}`);
  }
  const labels = { ours: `${stepName(m)} ${file}`, base: `${stepName(from)} ${file} at HEAD`, theirs: `${stepName(from)} ${file} (the change)` };
  const merged = mergeFile({ base: base ?? '', ours, theirs: theirs ?? '', labels });
  if (merged.text === ours) return outcome('already there');
  const placed = merged.conflicts > 0 && base !== null && theirs !== null ? replaceLines(base, theirs, ours) : null;
  if (placed !== null) {
    writeFileSync(path, placed);
    return outcome('applied', 'placed by the lines it replaces');
  }
  writeFileSync(path, merged.text);
  if (merged.conflicts === 0) return outcome('applied');
  const why = theirs === null ? `${stepName(from)} removed ${file}, ${stepName(m)} changed it; ` : base === null ? `both steps have their own ${file}; ` : '';
  return outcome('conflict', `${why}resolve the markers in ${stepPath(m)}/${file}`);
}

/**
 * git merge-file calls a change a conflict when it touches a line next to one the
 * later step inserted. When every hunk of the change replaces lines (so the lines
 * it removes anchor it), apply it without context: the `diff` package finds those
 * lines in the later copy, or gives up and the conflict stands.
 */
function replaceLines(base: string, theirs: string, ours: string): string | null {
  const patch = structuredPatch('base', 'theirs', base, theirs, '', '', { context: 0 });
  if (patch.hunks.some((hunk) => hunk.oldLines === 0)) return null;
  const result = applyPatch(ours, patch);
  return result === false ? null : result;
}

/** The change of one file in step n: HEAD's copy against the working copy. */
function fileChange(root: string, n: number, file: string): FileChange {
  const path = `${stepPath(n)}/${file}`;
  return { file, base: headFile(root, path), theirs: readOrNull(join(root, path)) };
}

/**
 * Carry step n's uncommitted change forward one step at a time: step m takes the
 * change that step m-1 now holds (its HEAD copy against its merged working copy),
 * so a conflict shows once, in the first step that rewrote those lines. There the
 * walk stops; the later steps wait until a person resolves it and runs
 * `npm run propagate -- m`.
 */
export function propagate(root: string, n: number): { changes: FileChange[]; outcomes: Outcome[] } {
  const changes = stepChange(root, n);
  const outcomes: Outcome[] = [];
  const from = new Map(changes.map((c) => [c.file, n]));
  for (const m of stepNumbers(root).filter((k) => k > n)) {
    const step = changes.map((c) => applyChange(root, from.get(c.file)!, m, fileChange(root, from.get(c.file)!, c.file)));
    for (const o of step) if (o.result !== 'skipped') from.set(o.file, m);
    outcomes.push(...step);
    if (step.some((o) => o.result === 'conflict')) {
      const note = `resolve ${stepName(m)} first, then npm run propagate -- ${m}`;
      const rest = stepNumbers(root).filter((k) => k > m);
      outcomes.push(...rest.flatMap((k) => changes.map((c) => ({ step: k, file: c.file, result: 'not reached' as const, note }))));
      break;
    }
  }
  return { changes, outcomes };
}

/** How a change reads in the report's first line: "loop.ts", "heap.ts (new)", "old.ts (removed)". */
function describe(change: FileChange): string {
  return change.base === null ? `${change.file} (new)` : change.theirs === null ? `${change.file} (removed)` : change.file;
}

/** The report printed by the command: the change, one line per step and file, then the totals. */
export function formatPropagation(n: number, changes: readonly FileChange[], outcomes: readonly Outcome[]): string {
  if (changes.length === 0) {
    return `${stepName(n)} has no uncommitted change in its code files (tests and README.md are not propagated).`;
  }
  const width = Math.max(...changes.map((c) => c.file.length));
  const lines = [`${stepName(n)} changed ${changes.map(describe).join(', ')}; carrying it forward:`];
  for (const o of outcomes) lines.push(`  ${stepName(o.step)}  ${o.file.padEnd(width)}  ${o.result}${o.note ? ` (${o.note})` : ''}`);
  const count = (r: Outcome['result']): number => outcomes.filter((o) => o.result === r).length;
  const conflicts = count('conflict');
  const waiting = (k: number): string => (k > 0 ? `${k} not reached, ` : '');
  lines.push(
    `${count('applied')} applied, ${count('already there')} already there, ${count('skipped')} skipped, ${waiting(count('not reached'))}${conflicts} ${conflicts === 1 ? 'conflict' : 'conflicts'}.`,
  );
  if (outcomes.length === 0) lines.push(`No step comes after ${stepName(n)}.`);
  lines.push(
    conflicts
      ? 'Resolve the <<<<<<< ======= >>>>>>> markers in the files marked conflict, then run npm run check:steps.'
      : 'Next: npm run check:steps, then npm run diffs and npm run outputs.',
  );
  return lines.join('\n');
}
