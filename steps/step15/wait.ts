/**
 * wait: sleep until some of a set of futures are done (the first, the first
 * failure, or all of them), or a timeout passes; then tell which are done.
 *
 * waitFor: wait for one awaitable, but give up after a timeout, cancelling it.
 *
 * asyncio counterparts: `asyncio.wait` and `asyncio.wait_for` in `asyncio/tasks.py`.
 */
import { awaitable, type AwaitableCoro } from './bridge.ts';
import { CancelledError, TimeoutError } from './errors.ts';
import { Future } from './future.ts';
import type { Awaitable } from './gather.ts';
import { getRunningLoop, isGenerator } from './loop.ts';
import { ensureFuture, type Coro } from './task.ts';

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
export function wait<T>(futures: Iterable<Future<T>>, options: WaitOptions = {}): AwaitableCoro<WaitResult<T>> {
  return awaitable(waiting(futures, options));
}

function* waiting<T>(futures: Iterable<Future<T>>, options: WaitOptions): Coro<WaitResult<T>> {
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
    if (pendingCount === 0 || returnWhen === FIRST_COMPLETED || (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== undefined)) {
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

/**
 * Wait for `aw` at most `timeout` seconds (null: no limit). On timeout, cancel it,
 * wait until its cleanup is over, then throw TimeoutError. asyncio: `wait_for`.
 */
export function waitFor<T>(aw: Awaitable<T>, timeout: number | null): AwaitableCoro<T> {
  return awaitable(waitingFor(aw, timeout));
}

function* waitingFor<T>(aw: Awaitable<T>, timeout: number | null): Coro<T> {
  if (timeout === null) return yield* (Symbol.iterator in aw ? aw : ensureFuture(aw)); // a Promise is no iterator
  if (typeof timeout !== 'number' || !(timeout >= 0)) {
    throw new RangeError(`waitFor: timeout must be a number of seconds >= 0 or null, got ${String(timeout)}`);
  }
  const loop = getRunningLoop();
  const inner = ensureFuture(aw, loop);
  if (timeout === 0) {
    // No time at all: what is not done yet is cancelled before it takes a step, as in asyncio.
    if (inner.done()) return inner.result();
    return yield* timeOut(inner, timeout);
  }
  const waiter = loop.createFuture<void>();
  const release = releaseWaiter(waiter);
  const timer = loop.callLater(timeout, release);
  inner.addDoneCallback(release);
  try {
    yield* waiter;
  } catch (cancelled) {
    // We were cancelled ourselves: the inner work goes too, unless it is done.
    if (inner.done()) return inner.result();
    inner.removeDoneCallback(release);
    yield* cancelAndWait(inner);
    throw cancelled;
  } finally {
    timer.cancel();
  }
  if (inner.done()) return inner.result();
  inner.removeDoneCallback(release);
  return yield* timeOut(inner, timeout);
}

/**
 * Cancel `inner` and wait for its cleanup; then a CancelledError becomes TimeoutError.
 * It may have caught the cancellation and returned, or failed, during its cleanup;
 * a gather ends with a CancelledError, not cancelled. asyncio: `raise TimeoutError() from exc`.
 */
function* timeOut<T>(inner: Future<T>, timeout: number): Coro<T> {
  yield* cancelAndWait(inner);
  try {
    return inner.result();
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    throw new TimeoutError(`waitFor: timed out after ${timeout} s`, { cause: error });
  }
}

/** Cancel `fut` and wait until it is really done, its finally blocks included. asyncio: `_cancel_and_wait`. */
function* cancelAndWait(fut: Future<unknown>): Coro<void> {
  const waiter = fut.getLoop().createFuture<void>();
  const release = releaseWaiter(waiter);
  fut.addDoneCallback(release);
  try {
    fut.cancel();
    yield* waiter;
  } finally {
    fut.removeDoneCallback(release);
  }
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
