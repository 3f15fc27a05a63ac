/**
 * `npm run diff -- 2 5`: what changed in the code from one step to another, file
 * by file, in the terminal. Coloured on a terminal, plain when piped or NO_COLOR is set.
 */
import { stepId, type StepInfo } from '../shared/steps.ts';
import { diffSteps, totals, type FileDiff } from './diffs/file-diffs.ts';
import { StepArgError, failWithStepList, parseStep } from './lib/step-args.ts';

const USAGE = 'Usage: npm run diff -- <from> <to>   (e.g. npm run diff -- 2 5)';

type Paint = (text: string) => string;

/** ANSI styles, or identity functions when colour is off, so the printing code never asks. */
function palette(on: boolean): Record<'bold' | 'green' | 'red' | 'cyan', Paint> {
  const style =
    (open: number, close: number): Paint =>
    (text) =>
      on ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return { bold: style(1, 22), green: style(32, 39), red: style(31, 39), cyan: style(36, 39) };
}

/** Colour only for a person at a terminal, and never when NO_COLOR asks not to (no-color.org). */
function wantsColour(): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return process.stdout.isTTY === true;
}

/** The two steps the command line names, or the reason, the step list and exit 1. */
function chosenSteps(args: readonly string[]): [StepInfo, StepInfo] {
  try {
    if (args.length !== 2) throw new StepArgError(`Expected two step numbers, got ${args.length}.`);
    return [parseStep(args[0]), parseStep(args[1])];
  } catch (error) {
    if (error instanceof StepArgError) failWithStepList(error.message, USAGE);
    throw error;
  }
}

/** One line of a patch, coloured by what it is: header, hunk, added or removed. */
function paintLine(line: string, c: ReturnType<typeof palette>): string {
  if (/^(diff --git|new file mode|deleted file mode|--- |\+\+\+ )/.test(line)) return c.bold(line);
  if (line.startsWith('@@')) return c.cyan(line);
  if (line.startsWith('+')) return c.green(line);
  if (line.startsWith('-')) return c.red(line);
  return line;
}

/** A file's header line with its counts, then its patch. */
function renderFile(d: FileDiff, c: ReturnType<typeof palette>): string {
  const header = c.bold(`=== ${d.file} (${d.status}, ${c.green(`+${d.added}`)} ${c.red(`-${d.removed}`)}) ===`);
  const body = d.patch.replace(/\n$/, '').split('\n').map((l) => paintLine(l, c));
  return [header, ...body, ''].join('\n');
}

/** The whole report: a title, every changed file, and the total. */
function render(from: StepInfo, to: StepInfo, diffs: readonly FileDiff[], c: ReturnType<typeof palette>): string {
  const name = (s: StepInfo): string => `${stepId(s.number)} (${s.title})`;
  const title = c.bold(`Diff from ${name(from)} to ${name(to)}`);
  if (diffs.length === 0) return `${title}\n\nNo code changed.\n`;
  const sum = totals(diffs);
  const files = `${diffs.length} ${diffs.length === 1 ? 'file' : 'files'} changed`;
  const total = c.bold(`Total: ${files}, ${c.green(`+${sum.added}`)} ${c.red(`-${sum.removed}`)}`);
  return `${title}\n\n${diffs.map((d) => renderFile(d, c)).join('\n')}\n${total}\n`;
}

const [from, to] = chosenSteps(process.argv.slice(2));
process.stdout.write(render(from, to, diffSteps(from.number, to.number), palette(wantsColour())));
