/**
 * The step registry: number, folder, title and one-line idea of every step.
 * Scripts (run-step, diffs, the docs site, benchmarks) read it; no lesson is about it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StepInfo {
  /** 1..15 */
  readonly number: number;
  /** Folder name under steps/, e.g. "step03". */
  readonly id: string;
  readonly title: string;
  /** The one idea the step adds, in a few words. */
  readonly idea: string;
}

/** The repository's root folder. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const TITLES: ReadonlyArray<readonly [string, string]> = [
  ['A queue of callbacks', 'run_once: a tick runs what was ready'],
  ['Handles', 'cancellable callbacks, errors that do not kill the loop'],
  ['Time and timers', 'call_later, a timer heap, sleeping instead of spinning'],
  ['Generators as coroutines', 'resumable functions driven by the loop'],
  ['Futures', 'a placeholder for a result that arrives later'],
  ['Tasks', 'a coroutine that waits on futures'],
  ['Chaining with yield*', 'coroutines calling coroutines, typed results'],
  ['When things go wrong', 'errors travel up the chain'],
  ['Waiting for many', 'gather and wait'],
  ['Cancellation', 'CancelledError thrown at the yield point'],
  ['Queues, events and locks', 'synchronisation built from futures'],
  ['The await bridge', 'native async/await on our loop'],
  ['The selector', 'waiting for sockets to be ready'],
  ['Sockets', 'non-blocking TCP with futures'],
  ['Real async I/O', 'streams, a server and an HTTP client'],
];

/** Folder name of step n: 3 → "step03". */
export function stepId(n: number): string {
  return `step${String(n).padStart(2, '0')}`;
}

/** Every step of the syllabus, whether or not its folder exists yet. */
export const SYLLABUS: readonly StepInfo[] = TITLES.map(([title, idea], i) => ({
  number: i + 1,
  id: stepId(i + 1),
  title,
  idea,
}));

/** Absolute path of a step's folder. */
export function stepDir(n: number): string {
  return join(ROOT, 'steps', stepId(n));
}

/** The steps whose folder holds a main.ts: the ones built so far. */
export const STEPS: readonly StepInfo[] = SYLLABUS.filter((s) => existsSync(join(stepDir(s.number), 'main.ts')));
