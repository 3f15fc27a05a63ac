/**
 * A Task is a Future driven by a coroutine. The coroutine yields the futures it
 * waits for; the task sleeps until each one is done, then resumes the coroutine
 * with its result (`next(value)`) or throws its error in (`throw(error)`).
 * When the coroutine returns, its return value is the task's result.
 *
 * asyncio counterpart: `asyncio.Task` in `asyncio/tasks.py` (`__step`, `__wakeup`).
 */
import { traceTask } from '../../shared/trace.ts';
import { InvalidStateError } from './errors.ts';
import { Future } from './future.ts';
import { isGenerator, type Loop } from './loop.ts';

/**
 * A coroutine, written as a generator function: `yield future` waits for the
 * future, a bare `yield` gives up the rest of the tick, `return` ends it with a result.
 */
export type Coro<T> = Generator<Future<unknown> | undefined, T, unknown>;

/** How to resume a coroutine: send it a value, or throw an error in at its yield. */
type Resume = { value: unknown } | { error: unknown };

export class Task<T> extends Future<T> {
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
   * Resume the coroutine until its next yield; its return or its error settles
   * the task. asyncio: `Task.__step`.
   */
  private readonly step = (resume: Resume = { value: undefined }): void => {
    // Only the coroutine settles a task; one settled behind its back must not run it on.
    if (this.done()) throw new InvalidStateError(`step(): already done: ${this}`);
    let next: IteratorResult<Future<unknown> | undefined, T>;
    try {
      next = 'error' in resume ? this.coro.throw(resume.error) : this.coro.next(resume.value);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (next.done) super.setResult(next.value);
    else this.waitOn(next.value);
  };

  /** Arrange the next step: on the next tick after a bare yield, when a yielded future is done. */
  private waitOn(yielded: unknown): void {
    if (yielded === undefined) this.loop.callSoon(this.step);
    else if (yielded instanceof Future) this.waitOnFuture(yielded);
    else this.loop.callSoon(this.step, { error: new TypeError(`Task got a bad yield: ${String(yielded)}`) });
  }

  /**
   * Sleep until `future` is done. The task itself, or a future of another loop,
   * could never wake it: the coroutine gets an Error at its yield instead. asyncio: `Task.__step`.
   */
  private waitOnFuture(future: Future<unknown>): void {
    if (future === this) {
      this.loop.callSoon(this.step, { error: new Error(`Task cannot await on itself: ${this}`) });
    } else if (future.getLoop() !== this.loop) {
      const error = new Error(`Task ${this} got Future ${future} attached to a different loop`);
      this.loop.callSoon(this.step, { error });
    } else {
      future.addDoneCallback(this.wakeup);
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
 * Turn an awaitable into a Future: a Future stays as it is, a coroutine becomes
 * a Task on `loop`. asyncio: `ensure_future`.
 */
export function ensureFuture<T>(aw: Future<T> | Coro<T>, loop: Loop): Future<T> {
  if (aw instanceof Future) {
    // Its callbacks run on its own loop: waited for on `loop`, it would never wake anyone.
    if (aw.getLoop() !== loop) {
      throw new Error(`${aw} belongs to a different loop than the one that should wait for it`);
    }
    return aw;
  }
  if (!isGenerator(aw)) {
    throw new TypeError(`ensureFuture: expected a Future or a coroutine (a generator object), got ${typeof aw} ${String(aw)}`);
  }
  return loop.createTask(aw);
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
