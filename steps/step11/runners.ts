/**
 * run: the one call a program needs. It makes a fresh loop, runs `main` on it,
 * then cancels whatever tasks are left, waits for their cleanup, and closes
 * the loop, so that nothing outlives the program.
 *
 * asyncio counterpart: `asyncio.run` in `asyncio/runners.py`.
 */
import type { Future } from './future.ts';
import { gather, type Awaitable } from './gather.ts';
import { Loop, findRunningLoop } from './loop.ts';

/** Run `main` on a new loop and return its result (or throw its error). asyncio: `run`. */
export function run<T>(main: Awaitable<T>): T {
  if (findRunningLoop() !== null) throw new Error('run() cannot be called from a running event loop');
  const loop = new Loop();
  try {
    return loop.runUntilComplete(main);
  } finally {
    try {
      cancelAllTasks(loop);
    } finally {
      loop.close();
    }
  }
}

/** Cancel the tasks left over, wait for them, and report errors they ended with. asyncio: `_cancel_all_tasks`. */
function cancelAllTasks(loop: Loop): void {
  const leftovers = loop.allTasks();
  if (leftovers.length === 0) return;
  for (const task of leftovers) task.cancel();
  loop.runUntilComplete(gather(...leftovers, { returnExceptions: true }));
  for (const task of leftovers) reportFailure(loop, task);
}

function reportFailure(loop: Loop, task: Future<unknown>): void {
  if (task.cancelled() || task.exception() === undefined) return;
  const message = `unhandled exception during run() shutdown: ${task}`;
  loop.callExceptionHandler({ message, exception: task.exception(), task });
}
