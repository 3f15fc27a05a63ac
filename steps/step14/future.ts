/**
 * A Future is a placeholder for a result that is not there yet. Whoever produces
 * the result sets it; whoever needs it adds a callback, and the loop calls the
 * callback once the result is there.
 *
 * asyncio counterpart: `asyncio.Future` in `asyncio/futures.py`.
 */
import { CancelledError, InvalidStateError } from './errors.ts';
import type { ErrorContext, Loop } from './loop.ts';

/**
 * Called with the future once it is done. Declared through a method signature,
 * which TypeScript checks less strictly than a function type, so that a
 * `Future<string>` can stand where a `Future<unknown>` is expected.
 */
export type DoneCallback<T> = { onDone(future: Future<T>): void }['onDone'];

/**
 * Reports the errors of futures that were collected by the garbage collector
 * before anyone asked for their error. asyncio reports in `Future.__del__`, the
 * moment the last reference goes; JavaScript has no destructor, and the
 * registry calls us some time after a collection, or never.
 */
const neverRetrieved = new FinalizationRegistry<{ loop: Loop; context: ErrorContext }>(({ loop, context }) =>
  loop.callExceptionHandler(context),
);

export class Future<T = unknown> implements PromiseLike<T> {
  private state: 'pending' | 'finished' | 'cancelled' = 'pending';
  private value: T | undefined;
  private error: unknown;
  private failed = false;
  private cancelMessage: string | undefined;
  private callbacks: DoneCallback<T>[] = [];

  /** Use `loop.createFuture()`. */
  constructor(protected readonly loop: Loop) {}

  /** The loop this future belongs to. asyncio: `get_loop`. */
  getLoop(): Loop {
    return this.loop;
  }

  /** True once a result or an exception is set, or the future is cancelled. asyncio: `done`. */
  done(): boolean {
    return this.state !== 'pending';
  }

  /** The result; throws the exception if one was set. asyncio: `result`. */
  result(): T {
    if (this.state === 'pending') throw new InvalidStateError('Result is not set.');
    if (this.state === 'cancelled') throw this.cancelledError();
    if (this.failed) {
      neverRetrieved.unregister(this);
      throw this.error;
    }
    return this.value as T;
  }

  /** The exception, or undefined when the future has a result. asyncio: `exception`. */
  exception(): unknown {
    if (this.state === 'pending') throw new InvalidStateError('Exception is not set.');
    if (this.state === 'cancelled') throw this.cancelledError();
    if (this.failed) neverRetrieved.unregister(this);
    return this.failed ? this.error : undefined;
  }

  /** Mark the future done with a result and schedule its callbacks. asyncio: `set_result`. */
  setResult(value: T): void {
    this.checkPending('setResult');
    this.value = value;
    this.finish('finished');
  }

  /** Mark the future done with an exception and schedule its callbacks. asyncio: `set_exception`. */
  setException(exception: unknown): void {
    this.checkPending('setException');
    if (exception === undefined) throw new TypeError('setException: an exception is required, got undefined');
    this.fail(exception);
  }

  /**
   * Mark the future done with any thrown value, `undefined` included: a Task's
   * coroutine can `throw undefined`, and its task must still end failed.
   */
  protected fail(exception: unknown): void {
    this.error = exception;
    this.failed = true;
    this.finish('finished');
    // Format the stack now: until then V8 keeps the stack's frames, and the task they ran in, alive.
    if (exception instanceof Error) void exception.stack;
    const message = `${this.constructor.name} exception was never retrieved: ${this}`;
    neverRetrieved.register(this, { loop: this.loop, context: { message, exception } }, this);
  }

  /**
   * Cancel the future: it becomes done, and whoever waits for it gets a
   * CancelledError. Returns false if it was already done. asyncio: `cancel`.
   */
  cancel(msg?: string): boolean {
    if (this.state !== 'pending') return false;
    this.cancelMessage = msg;
    this.finish('cancelled');
    return true;
  }

  /** asyncio: `cancelled`. */
  cancelled(): boolean {
    return this.state === 'cancelled';
  }

  /**
   * Call `fn(future)` once the future is done; at once (on the next tick) if it
   * already is. Callbacks never run synchronously. asyncio: `add_done_callback`.
   */
  addDoneCallback(fn: DoneCallback<T>): void {
    checkCallback(fn, 'addDoneCallback');
    if (this.done()) this.loop.callSoon(fn, this);
    else this.callbacks.push(fn);
  }

  /** Forget every registration of `fn`; returns how many there were. asyncio: `remove_done_callback`. */
  removeDoneCallback(fn: DoneCallback<T>): number {
    checkCallback(fn, 'removeDoneCallback');
    const before = this.callbacks.length;
    this.callbacks = this.callbacks.filter((cb) => cb !== fn);
    return before - this.callbacks.length;
  }

  /**
   * Makes a future something a coroutine can delegate to: `const v = yield* future`
   * yields the future to its task until it is done, then returns its result
   * (typed `T`), or throws its error right there. asyncio: `Future.__await__`.
   */
  *[Symbol.iterator](): Generator<Future<unknown>, T, unknown> {
    if (!this.done()) yield this;
    if (!this.done()) throw new Error('yield* future was resumed before the future was done: was it used outside a Task?');
    return this.result();
  }

  /**
   * Makes a future awaitable from a native async function: `await future`.
   * The promise settles when the future is done, through a done callback, so
   * the awaiting code resumes one tick later, as a task would. asyncio: `__await__`.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const settled = new Promise<T>((resolve, reject) => {
      const settle = (): void => {
        try {
          resolve(this.result());
        } catch (error) {
          reject(error);
        }
      };
      // Like __await__, a future that is already done needs no loop to be awaited.
      if (this.done()) settle();
      else this.addDoneCallback(settle);
    });
    if (!this.done()) this.loop.trackPromise(settled);
    return settled.then(onFulfilled, onRejected);
  }

  /** `<Future pending>`, `<Future cancelled>`, `<Future finished result=42>`, `<Future finished exception=Error: boom>`. */
  toString(): string {
    const name = this.constructor.name;
    if (this.state === 'pending') return `<${name} pending>`;
    if (this.state === 'cancelled') return `<${name} cancelled>`;
    if (this.failed) return `<${name} finished exception=${String(this.error)}>`;
    return `<${name} finished result=${formatValue(this.value)}>`;
  }

  private checkPending(method: string): void {
    if (this.state !== 'pending') throw new InvalidStateError(`${method}: ${this} is already done`);
  }

  /** The error that result() and exception() throw once cancelled. asyncio: `_make_cancelled_error`. */
  protected cancelledError(): CancelledError {
    return new CancelledError(this.cancelMessage ?? 'cancelled');
  }

  /** Invariant: callbacks run in the order they were added, each on a later tick. asyncio: `__schedule_callbacks`. */
  private finish(state: 'finished' | 'cancelled'): void {
    this.state = state;
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const fn of callbacks) this.loop.callSoon(fn, this);
  }
}

/** A callback that is not a function is refused at the call, not ticks later when it would run. */
function checkCallback(fn: unknown, method: string): void {
  if (typeof fn !== 'function') {
    throw new TypeError(`${method}: a callback must be a function, got ${typeof fn} ${String(fn)}`);
  }
}

function formatValue(value: unknown): string {
  return typeof value === 'string' || Array.isArray(value) ? JSON.stringify(value) : String(value);
}
