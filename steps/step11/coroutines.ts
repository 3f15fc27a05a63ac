/**
 * Coroutines the loop offers, written like any user coroutine: generators
 * that other coroutines call with `yield*`.
 *
 * asyncio counterpart: `asyncio.sleep` in `asyncio/tasks.py`.
 */
import { getRunningLoop } from './loop.ts';
import type { Future } from './future.ts';
import type { Coro } from './task.ts';

/**
 * Suspend the calling coroutine for `delay` seconds, then return `value`.
 * `sleep(0)` just gives up the rest of the tick. asyncio: `sleep`.
 */
export function sleep(delay: number): Coro<undefined>;
export function sleep<T>(delay: number, value: T): Coro<T>;
export function* sleep<T>(delay: number, value?: T): Coro<T | undefined> {
  if (delay <= 0) {
    yield;
    return value;
  }
  const loop = getRunningLoop();
  const future = loop.createFuture<T | undefined>();
  const timer = loop.callLater(delay, wakeSleeper, future, value);
  try {
    return yield* future;
  } finally {
    timer.cancel(); // cancelled while asleep: the timer has nothing left to wake
  }
}

/** The timer's callback: a plain function with arguments, no closure per sleep. asyncio: `_set_result_unless_cancelled`. */
function wakeSleeper<T>(future: Future<T | undefined>, value: T): void {
  if (!future.cancelled()) future.setResult(value);
}
