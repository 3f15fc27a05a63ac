/**
 * wait: sleep until some of a set of futures are done (the first, the first
 * failure, or all of them), or a timeout passes; then tell which are done.
 *
 * asyncio counterpart: `asyncio.wait` in `asyncio/tasks.py`.
 */
import { Future } from './future.ts';
import { getRunningLoop, isGenerator } from './loop.ts';
import type { Coro } from './task.ts';

export const FIRST_COMPLETED = 'FIRST_COMPLETED';
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
export const ALL_COMPLETED = 'ALL_COMPLETED';
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

export interface WaitOptions {
  /** When to return; ALL_COMPLETED by default. */
  returnWhen?: ReturnWhen;
  /** Seconds to wait at most; then return what is done so far. No error is thrown. */
  timeout?: number;
}

export interface WaitResult<T> {
  done: Set<Future<T>>;
  pending: Set<Future<T>>;
}

/**
 * Wait for the futures as `returnWhen` says, or until `timeout`, and return the
 * done and pending sets. Futures only: a coroutine would become a task the
 * caller could not find in the sets. asyncio: `wait`.
 */
export function* wait<T>(futures: Iterable<Future<T>>, options: WaitOptions = {}): Coro<WaitResult<T>> {
  const { returnWhen = ALL_COMPLETED, timeout } = options;
  checkIterable(futures);
  const fs = new Set(futures);
  checkWaitArguments(fs, returnWhen, timeout);
  const loop = getRunningLoop();
  const waiter = loop.createFuture<void>();
  const release = releaseWaiter(waiter);
  const timer = timeout === undefined ? null : loop.callLater(timeout, release);
  let pendingCount = fs.size;
  const onCompletion = (f: Future<T>): void => {
    pendingCount--;
    if (pendingCount === 0 || returnWhen === FIRST_COMPLETED || (returnWhen === FIRST_EXCEPTION && f.exception() !== undefined)) {
      release();
    }
  };
  for (const f of fs) f.addDoneCallback(onCompletion);
  try {
    yield* waiter;
  } finally {
    timer?.cancel();
    for (const f of fs) f.removeDoneCallback(onCompletion);
  }
  const all = [...fs];
  return { done: new Set(all.filter((f) => f.done())), pending: new Set(all.filter((f) => !f.done())) };
}

/** A callback that completes `waiter`, unless it is done already. asyncio: `_release_waiter`. */
function releaseWaiter(waiter: Future<void>): () => void {
  return () => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
}

/**
 * A Future is iterable (for `yield*`), and so is a coroutine: neither is a list
 * of futures, and iterating it would run it. asyncio: "expect a list of futures".
 */
function checkIterable(futures: unknown): void {
  if (futures instanceof Future) {
    throw new TypeError(`wait: expected an iterable of futures, got ${futures}; write wait([future])`);
  }
  if (isGenerator(futures)) {
    throw new TypeError('wait: expected an iterable of futures, got a coroutine');
  }
}

/** Bad arguments fail at once, with what was wrong. */
function checkWaitArguments(fs: Set<unknown>, returnWhen: unknown, timeout: unknown): void {
  if (fs.size === 0) throw new TypeError('wait: expected at least one future, got none');
  for (const f of fs) {
    if (isGenerator(f)) {
      throw new TypeError('wait: got a coroutine; pass tasks (loop.createTask(coro)) so that you can find them in done and pending');
    }
    if (!(f instanceof Future)) {
      throw new TypeError(`wait: expected futures, got ${typeof f} ${String(f)}`);
    }
  }
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new TypeError(`wait: invalid returnWhen ${String(returnWhen)}; use FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED`);
  }
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) {
    throw new RangeError(`wait: timeout must be a number of seconds >= 0, got ${String(timeout)}`);
  }
}
