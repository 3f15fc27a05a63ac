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
import { ensureFuture, type Coro } from './task.ts';

/**
 * Run `main` on a new loop; the promise gives its result (or its error). Pass an
 * async function itself, `run(main)`: `run(main())` would start it before the
 * loop exists, since a native async function runs as soon as it is called. asyncio: `run`.
 */
export async function run<T>(main: Awaitable<T> | (() => Awaitable<T>)): Promise<T> {
  if (findRunningLoop() !== null) throw new Error('run() cannot be called from a running event loop');
  const loop = new Loop();
  try {
    return await loop.runUntilComplete(typeof main === 'function' ? starting(main) : main);
  } finally {
    try {
      await cancelAllTasks(loop);
    } finally {
      loop.close();
    }
  }
}

/** A coroutine that calls `main` once the loop runs it, then waits for what it returns. */
function* starting<T>(main: () => Awaitable<T>): Coro<T> {
  return yield* ensureFuture(main());
}

/** Cancel the tasks left over, wait for them, and report errors they ended with. asyncio: `_cancel_all_tasks`. */
async function cancelAllTasks(loop: Loop): Promise<void> {
  const leftovers = loop.allTasks();
  if (leftovers.length === 0) return;
  for (const task of leftovers) task.cancel();
  await loop.runUntilComplete(gather(...leftovers, { returnExceptions: true }));
  for (const task of leftovers) reportFailure(loop, task);
}

function reportFailure(loop: Loop, task: Future<unknown>): void {
  if (task.cancelled() || task.exception() === undefined) return;
  const message = `unhandled exception during run() shutdown: ${task}`;
  loop.callExceptionHandler({ message, exception: task.exception(), task });
}
