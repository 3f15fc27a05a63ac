/**
 * The bridge between our loop and JavaScript's promises, both ways. A native
 * async function cannot be resumed with `next(value)` the way a generator can:
 * it resumes itself, in a microtask, when the promise it awaits settles. So we
 * translate: our futures are thenables (future.ts), our coroutines can be made
 * thenable (awaitable), and a native promise can be waited on by a task (fromPromise).
 *
 * asyncio counterpart: `__await__`, and `asyncio.wrap_future` for foreign futures.
 */
import type { Future } from './future.ts';
import type { Loop } from './loop.ts';
import { ensureFuture, type Coro } from './task.ts';

/** A coroutine that can be `yield*`ed from a generator and `await`ed from an async function. */
export type AwaitableCoro<T> = Coro<T> & PromiseLike<T>;

/**
 * Give a coroutine a `then`, so that native code can `await` it: awaiting runs it
 * as a task on the running loop. `yield*` still drives it directly, as before.
 */
export function awaitable<T>(coro: Coro<T>): AwaitableCoro<T> {
  let task: Future<T> | undefined; // awaited twice, it still runs once
  const then: PromiseLike<T>['then'] = (onFulfilled, onRejected) => (task ??= ensureFuture(coro)).then(onFulfilled, onRejected);
  return Object.assign(coro, { then });
}

/** How a promise settled: its value, or its reason, which may be any value, `undefined` too. */
type Outcome<T> = { value: T } | { reason: unknown };

/**
 * A coroutine that waits for a native promise and returns its value (or throws
 * its reason). Cancelling the task stops the waiting, not the promise: a
 * promise cannot be cancelled.
 */
export function* fromPromise<T>(promise: PromiseLike<T>, loop: Loop): Coro<T> {
  const future = loop.createFuture<Outcome<T>>();
  const settle = promise.then(
    (value) => {
      if (!future.done()) future.setResult({ value });
    },
    (reason: unknown) => {
      if (!future.done()) future.setResult({ reason });
    },
  );
  loop.trackPromise(settle);
  // The reason is thrown here, so the task fails with it as with any throw.
  const outcome = yield* future;
  if ('reason' in outcome) throw outcome.reason;
  return outcome.value;
}
