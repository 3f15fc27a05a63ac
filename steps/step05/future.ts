/**
 * A Future is a placeholder for a result that is not there yet. Whoever produces
 * the result sets it; whoever needs it adds a callback, and the loop calls the
 * callback once the result is there.
 *
 * asyncio counterpart: `asyncio.Future` in `asyncio/futures.py`.
 */
import { InvalidStateError } from './errors.ts';
import type { Loop } from './loop.ts';

/**
 * Called with the future once it is done. Declared through a method signature,
 * which TypeScript checks less strictly than a function type, so that a
 * `Future<string>` can stand where a `Future<unknown>` is expected.
 */
export type DoneCallback<T> = { onDone(future: Future<T>): void }['onDone'];

export class Future<T = unknown> {
  private state: 'pending' | 'finished' = 'pending';
  private value: T | undefined;
  private error: unknown;
  private failed = false;
  private callbacks: DoneCallback<T>[] = [];

  /** Use `loop.createFuture()`. */
  constructor(protected readonly loop: Loop) {}

  /** The loop this future belongs to. asyncio: `get_loop`. */
  getLoop(): Loop {
    return this.loop;
  }

  /** True once a result or an exception is set. asyncio: `done`. */
  done(): boolean {
    return this.state !== 'pending';
  }

  /** The result; throws the exception if one was set. asyncio: `result`. */
  result(): T {
    if (this.state === 'pending') throw new InvalidStateError('Result is not set.');
    if (this.failed) throw this.error;
    return this.value as T;
  }

  /** The exception, or undefined when the future has a result. asyncio: `exception`. */
  exception(): unknown {
    if (this.state === 'pending') throw new InvalidStateError('Exception is not set.');
    return this.failed ? this.error : undefined;
  }

  /** Mark the future done with a result and schedule its callbacks. asyncio: `set_result`. */
  setResult(value: T): void {
    this.checkPending('setResult');
    this.value = value;
    this.finish();
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
    this.finish();
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

  /** `<Future pending>`, `<Future finished result=42>`, `<Future finished exception=Error: boom>`. */
  toString(): string {
    const name = this.constructor.name;
    if (this.state === 'pending') return `<${name} pending>`;
    if (this.failed) return `<${name} finished exception=${String(this.error)}>`;
    return `<${name} finished result=${formatValue(this.value)}>`;
  }

  private checkPending(method: string): void {
    if (this.state !== 'pending') throw new InvalidStateError(`${method}: ${this} is already done`);
  }

  /** Invariant: callbacks run in the order they were added, each on a later tick. asyncio: `__schedule_callbacks`. */
  private finish(): void {
    this.state = 'finished';
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
