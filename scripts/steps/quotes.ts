/**
 * Lessons quote their step's code, and a quote must stay true to the code it
 * claims to show. The convention (documented in the root README):
 *  - a ```ts fence whose info string names a file is a quote: ```` ```ts loop.ts ````
 *    quotes the step's loop.ts (a path is relative to the lesson's folder, so
 *    ```` ```ts ../step06/task.ts ```` quotes another step);
 *  - ```` ```ts example ```` is code that is not in any file: a hypothetical program,
 *    a try-it, a sketch. Diagrams and shell lines use other fences (none, text, bash);
 *  - a ```ts fence with neither is an error, so that nothing is a quote by accident.
 * GitHub and the site's markdown renderer both take only the first word of the info
 * string as the language, so the file name is invisible and highlighting unchanged.
 */

/** A ts fence of a lesson. */
export interface TsFence {
  /** 1-based line of the opening fence in the lesson. */
  readonly line: number;
  /** What follows the language in the info string: a file path, "example", or "". */
  readonly label: string;
  /** The lines between the fences, as written. */
  readonly body: readonly string[];
}

/** The languages whose fences are checked. */
const TS_LANGS = new Set(['ts', 'typescript']);

/** The label that marks a ts fence as not a quote. */
export const EXAMPLE_LABEL = 'example';

/** A fence being read: its marker (``` or ~~~, maybe longer), where it opened, its info string. */
interface OpenFence {
  readonly marker: string;
  readonly line: number;
  readonly lang: string;
  readonly label: string;
  readonly body: string[];
}

/** Every ts / typescript fence of a markdown text, in order. */
export function tsFences(markdown: string): TsFence[] {
  const fences: TsFence[] = [];
  const keep = (f: OpenFence): void => {
    if (TS_LANGS.has(f.lang)) fences.push({ line: f.line, label: f.label, body: f.body });
  };
  let open: OpenFence | null = null;
  for (const [i, text] of markdown.split('\n').entries()) {
    const fence = /^\s*(`{3,}|~{3,})\s*(.*)$/.exec(text);
    if (open === null) {
      if (!fence) continue;
      const [lang = '', ...rest] = fence[2]!.trim().split(/\s+/);
      open = { marker: fence[1]!, line: i + 1, lang: lang.toLowerCase(), label: rest.join(' '), body: [] };
    } else if (fence && fence[2]!.trim() === '' && fence[1]![0] === open.marker[0] && fence[1]!.length >= open.marker.length) {
      keep(open);
      open = null;
    } else {
      open.body.push(text);
    }
  }
  if (open !== null) keep(open); // an unclosed fence runs to the end, as in CommonMark
  return fences;
}

/** One line of a quote as a test on a line of code (both trimmed), or null for an elision. */
type LineTest = ((code: string) => boolean) | null;

/** A line that is only `…` or `// …` stands for any number of lines. */
export function isElision(line: string): boolean {
  return /^(?:\/\/\s*)?…$/.test(line.trim());
}

/** The test for one quoted line: equal to the code line, where each `…` inside it stands for any text. */
function lineTest(quoted: string): LineTest {
  const text = quoted.trim();
  if (isElision(text)) return null;
  if (!text.includes('…')) return (code) => code === text;
  const pattern = text
    .split('…')
    .map((part) => part.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${pattern}$`);
  return (code) => re.test(code);
}

/** A code file's non-blank lines, trimmed, with their 1-based line numbers. */
interface CodeLine {
  readonly text: string;
  readonly line: number;
}

function codeLines(code: string): CodeLine[] {
  return code
    .split('\n')
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter((l) => l.text !== '');
}

/** Where a quote stops matching its file: the quote's line (1-based, in the fence body) and text. */
export interface Mismatch {
  readonly bodyLine: number;
  readonly text: string;
  /** The file lines that the part of the quote before it matched, if any. */
  readonly after?: { readonly from: number; readonly to: number };
}

/** Earliest index ≥ start where every test of `run` matches consecutive code lines, or -1. */
function findRun(code: readonly CodeLine[], run: ReadonlyArray<(c: string) => boolean>, start: number): number {
  for (let i = start; i + run.length <= code.length; i++) {
    if (run.every((test, k) => test(code[i + k]!.text))) return i;
  }
  return -1;
}

/**
 * Whether `quote` (a fence body) shows lines of `code` in order: blank lines are
 * ignored, lines compare trimmed, consecutive quoted lines must be consecutive in
 * the code, and an elision line may skip any number of code lines. Returns null
 * when it does, or the first quoted line that cannot be placed.
 */
export function matchQuote(quote: readonly string[], code: string): Mismatch | null {
  const lines = codeLines(code);
  // Runs of quoted lines between elisions, each line with its place in the quote.
  const runs: Array<Array<{ test: (c: string) => boolean; bodyLine: number; text: string }>> = [[]];
  quote.forEach((text, i) => {
    if (text.trim() === '') return;
    const test = lineTest(text);
    if (test === null) runs.push([]);
    else runs.at(-1)!.push({ test, bodyLine: i + 1, text: text.trim() });
  });
  let position = 0;
  let matched: { from: number; to: number } | undefined;
  for (const run of runs.filter((r) => r.length > 0)) {
    const at = findRun(lines, run.map((r) => r.test), position);
    if (at >= 0) {
      position = at + run.length;
      matched = { from: lines[at]!.line, to: lines[position - 1]!.line };
      continue;
    }
    // Report the first line of the run that no placement of its beginning can continue with.
    let k = 1;
    while (k < run.length && findRun(lines, run.slice(0, k + 1).map((r) => r.test), position) >= 0) k++;
    const prefixAt = findRun(lines, run.slice(0, k).map((r) => r.test), position);
    const bad = prefixAt >= 0 ? run[k] ?? run[0]! : run[0]!;
    const after = prefixAt >= 0 && bad !== run[0] ? { from: lines[prefixAt]!.line, to: lines[prefixAt + k - 1]!.line } : matched;
    return { bodyLine: bad.bodyLine, text: bad.text, ...(after ? { after } : {}) };
  }
  return null;
}

/** How a lesson reaches the code it quotes: file text by path relative to the lesson's folder, or null. */
export interface QuoteSource {
  read(path: string): string | null;
  /** The step's own code files, named in a report when a quote comes from another one. */
  readonly files: readonly string[];
}

/** A problem with one fence, in words for the lesson's author. */
function fenceProblem(lesson: string, fence: TsFence, source: QuoteSource): string | null {
  const at = `${lesson}:${fence.line}`;
  const label = fence.label;
  if (label === EXAMPLE_LABEL) return null;
  if (!label.endsWith('.ts')) {
    return (
      `${at}: a ts fence must say what it shows: \`\`\`ts <file> for a quote of the step's code ` +
      `(e.g. \`\`\`ts loop.ts), or \`\`\`ts ${EXAMPLE_LABEL} for code that is in no file` +
      (label ? ` (it says "${label}")` : '') +
      '.'
    );
  }
  const code = source.read(label);
  if (code === null) return `${at}: the quote names ${label}, which does not exist next to the lesson.`;
  if (fence.body.every((l) => l.trim() === '' || isElision(l))) return `${at}: the quote from ${label} shows no line of it.`;
  const mismatch = matchQuote(fence.body, code);
  if (mismatch === null) return null;
  const quoteLine = fence.line + mismatch.bodyLine;
  const span = mismatch.after && (mismatch.after.from === mismatch.after.to ? `${mismatch.after.from}` : `${mismatch.after.from}-${mismatch.after.to}`);
  const after = span ? `; the lines before it match ${label}:${span}` : '';
  const elsewhere = source.files.filter((f) => f !== label && matchQuote(fence.body, source.read(f) ?? '') === null);
  const hint = elsewhere.length ? ` The whole quote is in ${elsewhere.join(', ')}: is the label wrong?` : '';
  return (
    `${lesson}:${quoteLine}: the quote from ${label} does not match it at \`${mismatch.text}\`${after}. ` +
    `Quote the code as it is (lines in order; a line \`…\` skips lines, a \`…\` inside a line stands for any text).${hint}`
  );
}

/** Problems with every ts fence of a lesson: unlabelled fences and quotes that do not match their file. */
export function quoteProblems(lesson: string, markdown: string, source: QuoteSource): string[] {
  return tsFences(markdown)
    .map((fence) => fenceProblem(lesson, fence, source))
    .filter((p): p is string => p !== null);
}
