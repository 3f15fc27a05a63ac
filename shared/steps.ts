/**
 * The step registry: number, folder, title and one-line idea of every step, and
 * the code files each idea changes (checked by `npm run check:steps`).
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
  /**
   * The code files (.ts, tests aside) that the idea changes against the previous
   * step: modified, new or removed. Any other difference is drift, and
   * `npm run check:steps` reports it; step 01 lists all its files.
   */
  readonly changes: readonly string[];
}

/** The repository's root folder. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each step in order: its title, its idea, and the code files that idea changes. */
const ENTRIES: ReadonlyArray<Omit<StepInfo, 'number' | 'id'>> = [
  {
    title: 'A queue of callbacks',
    idea: 'run_once: a tick runs what was ready',
    changes: ['index.ts', 'loop.ts', 'main.ts'],
  },
  {
    title: 'Handles',
    idea: 'cancellable callbacks, errors that do not kill the loop',
    changes: ['handle.ts', 'index.ts', 'loop.ts', 'main.ts'],
  },
  {
    title: 'Time and timers',
    idea: 'call_later, a timer heap, sleeping instead of spinning',
    changes: ['handle.ts', 'heap.ts', 'index.ts', 'loop.ts', 'main.ts'],
  },
  {
    title: 'Generators as coroutines',
    idea: 'resumable functions driven by the loop',
    changes: ['index.ts', 'loop.ts', 'main.ts', 'task.ts'],
  },
  {
    title: 'Futures',
    idea: 'a placeholder for a result that arrives later',
    changes: ['errors.ts', 'future.ts', 'index.ts', 'loop.ts', 'main.ts'],
  },
  {
    title: 'Tasks',
    idea: 'a coroutine that waits on futures',
    changes: ['index.ts', 'loop.ts', 'main.ts', 'task.ts'],
  },
  {
    title: 'Chaining with yield*',
    idea: 'coroutines calling coroutines, typed results',
    changes: ['coroutines.ts', 'future.ts', 'index.ts', 'loop.ts', 'main.ts', 'task.ts'],
  },
  {
    title: 'When things go wrong',
    idea: 'errors travel up the chain',
    changes: ['future.ts', 'index.ts', 'main.ts', 'task.ts'],
  },
  {
    title: 'Waiting for many',
    idea: 'gather and wait',
    changes: ['gather.ts', 'index.ts', 'main.ts', 'wait.ts'],
  },
  {
    title: 'Cancellation',
    idea: 'CancelledError thrown at the yield point',
    changes: ['coroutines.ts', 'errors.ts', 'future.ts', 'gather.ts', 'index.ts', 'main.ts', 'task.ts', 'wait.ts'],
  },
  {
    title: 'Queues, events and locks',
    idea: 'synchronisation built from futures',
    changes: ['index.ts', 'locks.ts', 'loop.ts', 'main.ts', 'queues.ts', 'runners.ts'],
  },
  {
    title: 'The await bridge',
    idea: 'native async/await on our loop',
    changes: ['bridge.ts', 'coroutines.ts', 'future.ts', 'gather.ts', 'index.ts', 'locks.ts', 'loop.ts', 'main.ts', 'queues.ts', 'runners.ts', 'selector.ts', 'task.ts', 'wait.ts'],
  },
  {
    title: 'The selector',
    idea: 'waiting for sockets to be ready',
    changes: ['index.ts', 'loop.ts', 'main.ts', 'selector.ts', 'socket.ts'],
  },
  {
    title: 'Sockets',
    idea: 'non-blocking TCP with futures',
    changes: ['errors.ts', 'index.ts', 'main.ts', 'sockets.ts'],
  },
  {
    title: 'Real async I/O',
    idea: 'streams, a server and an HTTP client',
    changes: ['errors.ts', 'index.ts', 'main.ts', 'streams.ts'],
  },
];

/** Folder name of step n: 3 → "step03". */
export function stepId(n: number): string {
  return `step${String(n).padStart(2, '0')}`;
}

/** Every step of the syllabus, whether or not its folder exists yet. */
export const SYLLABUS: readonly StepInfo[] = ENTRIES.map((entry, i) => ({ number: i + 1, id: stepId(i + 1), ...entry }));

/** Absolute path of a step's folder. */
export function stepDir(n: number): string {
  return join(ROOT, 'steps', stepId(n));
}

/** The steps whose folder holds a main.ts: the ones built so far. */
export const STEPS: readonly StepInfo[] = SYLLABUS.filter((s) => existsSync(join(stepDir(s.number), 'main.ts')));
