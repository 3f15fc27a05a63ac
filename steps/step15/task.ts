/**
 * A Task is a Future driven by a coroutine. The coroutine yields the futures it
 * waits for; the task sleeps until each one is done, then resumes the coroutine
 * with its result (`next(value)`) or throws its error in (`throw(error)`).
 * When the coroutine returns, its return value is the task's result.
 *
 * asyncio counterpart: `asyncio.Task` in `asyncio/tasks.py` (`__step`, `__wakeup`).
 */
import { traceTask } from '../../shared/trace.ts';
import { CancelledError, InvalidStateError } from './errors.ts';
import { Future } from './future.ts';
import { getRunningLoop, isGenerator, isThenable, type Loop } from './loop.ts';

/**
 * A coroutine, written as a generator function: `yield future` waits for the
 * future, a bare `yield` gives up the rest of the tick, `return` ends it with a result.
 */
export type Coro<T> = Generator<Future<unknown> | undefined, T, unknown>;

/** How to resume a coroutine: send it a value, or throw an error in at its yield. */
type Resume = { value: unknown } | { error: unknown };

export class Task<T> extends Future<T> {
  /** The future the coroutine waits on, if any. asyncio: `_fut_waiter`. */
  private waitingOn: Future<unknown> | null = null;
  /** Cancel at the next step: no future was there to carry the request. asyncio: `_must_cancel`. */
  private mustCancel = false;
  private mustCancelMessage: string | undefined;

  /** Use `loop.createTask(coro)`. The first step is scheduled, never run at once. */
  constructor(
    private readonly coro: Coro<T>,
    loop: Loop,
  ) {
    super(loop);
    checkCoro(coro);
    traceTask(this);
    loop.callSoon(this.step);
  }

  /** A task's result is what its coroutine returns: nobody else may set it. asyncio refuses too. */
  override setResult(_value: T): never {
    throw new Error('Task does not support setResult: its result is what its coroutine returns');
  }

  /** A task's error is what its coroutine throws: nobody else may set it. */
  override setException(_exception: unknown): never {
    throw new Error('Task does not support setException: its error is what its coroutine throws');
  }

  /**
   * Ask the task to stop: a CancelledError is thrown into the coroutine at its
   * yield point, on a later tick. It is a request: the coroutine may catch the
   * error and go on. Returns false if the task is already done. asyncio: `Task.cancel`.
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    // Cancelling the future we wait on wakes us with its CancelledError.
    if (this.waitingOn?.cancel(msg)) return true;
    this.mustCancel = true;
    this.mustCancelMessage = msg;
    return true;
  }

  /**
   * Resume the coroutine until its next yield; its return or its error settles
   * the task, and a CancelledError it lets through cancels it. asyncio: `Task.__step`.
   */
  private readonly step = (resume: Resume = { value: undefined }): void => {
    // Only the coroutine settles a task; one settled behind its back must not run it on.
    if (this.done()) throw new InvalidStateError(`step(): already done: ${this}`);
    if (this.mustCancel) {
      this.mustCancel = false;
      const alreadyCancelling = 'error' in resume && resume.error instanceof CancelledError;
      if (!alreadyCancelling) resume = { error: new CancelledError(this.mustCancelMessage ?? 'cancelled') };
    }
    this.waitingOn = null;
    let next: IteratorResult<Future<unknown> | undefined, T>;
    try {
      next = 'error' in resume ? this.coro.throw(resume.error) : this.coro.next(resume.value);
    } catch (error) {
      if (error instanceof CancelledError) super.cancel(error.message);
      else this.fail(error);
      return;
    }
    if (!next.done) this.waitOn(next.value);
    else if (this.mustCancel) super.cancel(this.mustCancelMessage);
    else super.setResult(next.value);
  };

  /** Arrange the next step: on the next tick after a bare yield, when a yielded future is done. */
  private waitOn(yielded: unknown): void {
    if (yielded === undefined) this.loop.callSoon(this.step);
    else if (yielded instanceof Future) this.waitOnFuture(yielded);
    else this.loop.callSoon(this.step, { error: badYield(yielded) });
  }

  /**
   * Sleep until `future` is done; a cancel() that came while the coroutine ran is
   * passed on to it. The task itself, or a future of another loop, could never wake
   * it: the coroutine gets an Error at its yield instead. asyncio: `Task.__step`.
   */
  private waitOnFuture(future: Future<unknown>): void {
    if (future === this) {
      this.loop.callSoon(this.step, { error: new Error(`Task cannot await on itself: ${this}`) });
    } else if (future.getLoop() !== this.loop) {
      const error = new Error(`Task ${this} got Future ${future} attached to a different loop`);
      this.loop.callSoon(this.step, { error });
    } else {
      future.addDoneCallback(this.wakeup);
      this.waitingOn = future;
      if (this.mustCancel && future.cancel(this.mustCancelMessage)) this.mustCancel = false;
    }
  }

  /** The future we waited on is done: resume with its result or its error. asyncio: `Task.__wakeup`. */
  private readonly wakeup = (future: Future<unknown>): void => {
    let resume: Resume;
    try {
      resume = { value: future.result() };
    } catch (error) {
      resume = { error };
    }
    this.step(resume);
  };
}

/**
 * The error thrown into a coroutine that yielded something a task cannot wait
 * on, naming what it was and the likely slip. asyncio: "Task got bad yield".
 */
function badYield(value: unknown): TypeError {
  const what = isGenerator(value)
    ? 'a generator object; to run a coroutine inside this one, write yield* instead of yield'
    : value instanceof Promise
      ? 'a Promise; a task can only wait on a Future of its loop'
      : `${typeof value} ${String(value)}; a task waits on a yielded Future, or on nothing for a bare yield`;
  return new TypeError(`Task got a bad yield: ${what}`);
}

/**
 * Turn an awaitable into a Future: a Future stays as it is, a coroutine or a
 * Promise becomes a Task on `loop` (by default the running loop). asyncio: `ensure_future`.
 */
export function ensureFuture<T>(aw: Future<T> | Coro<T> | PromiseLike<T>, loop?: Loop): Future<T> {
  if (aw instanceof Future) {
    // Its callbacks run on its own loop: waited for on `loop`, it would never wake anyone.
    if (loop !== undefined && aw.getLoop() !== loop) {
      throw new Error(`${aw} belongs to a different loop than the one that should wait for it`);
    }
    return aw;
  }
  if (!isGenerator(aw) && !isThenable(aw)) {
    throw new TypeError(`ensureFuture: expected a Future, a coroutine (a generator object) or a Promise, got ${typeof aw} ${String(aw)}`);
  }
  return (loop ?? getRunningLoop()).createTask(aw);
}

/**
 * Refuse, at construction, what a task could not drive: only a generator object
 * has the next() it calls. asyncio: "a coroutine was expected" in `Task.__init__`.
 */
function checkCoro(coro: unknown): void {
  if (isGenerator(coro)) return;
  const got = typeof coro === 'function'
    ? `the function ${coro.name || 'anonymous'}`
    : `${typeof coro} ${String(coro)}`;
  throw new TypeError(`Task: expected a generator object (call the generator function first), got ${got}`);
}
