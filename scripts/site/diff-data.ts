/**
 * A diff as the site's pages hand it to the browser: per file its hunks (where
 * they start and one character per line: ' ', '+' or '-'), and the highlighted
 * lines of both sides. docs/assets/diff-view.js draws it, on the step pages and
 * on the compare page alike, so every diff on the site looks the same.
 */
import { parsePatch } from 'diff';
import type { FileDiff } from '../diffs/file-diffs.ts';

export interface HunkData {
  readonly oldStart: number;
  readonly newStart: number;
  /** One character per line of the hunk: ' ' context, '-' removed, '+' added. */
  readonly kinds: string;
}

export interface FileData {
  readonly file: string;
  readonly status: FileDiff['status'];
  readonly added: number;
  readonly removed: number;
  /** The longest line shown, in characters: the browser checks whether two sides fit. */
  readonly width: number;
  readonly hunks: readonly HunkData[];
}

/** Highlighted lines of one side, by file; 0 stands for a line no hunk shows. */
export type SideLines = Record<string, ReadonlyArray<string | 0>>;

/** What a page embeds (a step's diff) or fetches (the compare page's pair and steps). */
export interface DiffData {
  readonly files: readonly FileData[];
  readonly old: SideLines;
  readonly new: SideLines;
}

/** The file's hunks as jsdiff parses its patch, so they are the patch's very lines. */
export function fileData(d: FileDiff): FileData {
  const hunks = parsePatch(d.patch)[0]?.hunks ?? [];
  const shown = hunks.flatMap((h) => h.lines.filter((l) => /^[ +-]/.test(l)));
  return {
    file: d.file,
    status: d.status,
    added: d.added,
    removed: d.removed,
    width: Math.max(0, ...shown.map((l) => l.length - 1)),
    hunks: hunks.map((h) => ({
      oldStart: h.oldStart,
      newStart: h.newStart,
      kinds: h.lines.map((l) => l[0]).filter((c) => c === ' ' || c === '+' || c === '-').join(''),
    })),
  };
}

/** The line numbers (1-based) that a file's hunks show on each side. */
export function shownLines(file: FileData): { old: Set<number>; new: Set<number> } {
  const sides = { old: new Set<number>(), new: new Set<number>() };
  for (const hunk of file.hunks) {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    for (const kind of hunk.kinds) {
      if (kind !== '+') sides.old.add(oldLine++);
      if (kind !== '-') sides.new.add(newLine++);
    }
  }
  return sides;
}

/** Only the lines in `keep`: the others become 0, so a page carries what it shows. */
export function keepLines(lines: readonly string[], keep: ReadonlySet<number>): Array<string | 0> {
  return lines.map((line, i) => (keep.has(i + 1) ? line : 0));
}

/** Highlighted lines of a step's file: `(step number, file name) → lines`. */
export type SourceLines = (step: number, file: string) => readonly string[];

/** A diff from step `from` to step `to`, carrying only the highlighted lines its hunks show. */
export function diffData(
  diffs: readonly FileDiff[],
  from: number,
  to: number,
  source: SourceLines,
): DiffData {
  const files = diffs.map(fileData);
  const data = { files, old: {} as SideLines, new: {} as SideLines };
  for (const file of files) {
    const shown = shownLines(file);
    if (shown.old.size > 0) data.old[file.file] = keepLines(source(from, file.file), shown.old);
    if (shown.new.size > 0) data.new[file.file] = keepLines(source(to, file.file), shown.new);
  }
  return data;
}

/** JSON that is safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
