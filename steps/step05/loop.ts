/**
 * The event loop: a queue of handles and a way to run them, one tick at a time.
 *
 * asyncio counterpart: `BaseEventLoop` in `asyncio/base_events.py`.
 */
import { blockingSleep } from '../../shared/blocking-sleep.ts';
import { traceTick, traceTimers, traceWait } from '../../shared/trace.ts';
import { Future } from './future.ts';
import { Handle, TimerHandle } from './handle.ts';
import { Heap } from './heap.ts';
import { Task, type Coro } from './task.ts';

/** What went wrong, for the exception handler. asyncio: the `context` dict. */
export interface ErrorContext {
  message: string;
  exception?: unknown;
  handle?: Handle;
}

/** asyncio: the callable given to `set_exception_handler`. */
export type ExceptionHandler = (loop: Loop, context: ErrorContext) => void;

export class Loop {
  /** Handles waiting for the next tick, oldest first. asyncio: `_ready`. */
  private ready: Handle[] = [];
  /** Timers, soonest deadline on top. asyncio: `_scheduled`. */
  private readonly timers = new Heap<TimerHandle>((a, b) => a.before(b));
  private timerSeq = 0;
  private running = false;
  private stopping = false;
  private ticks = 0;
  private exceptionHandler: ExceptionHandler | null = null;

  /**
   * Schedule `fn(...args)` to run on a later tick, after everything already queued.
   * Returns a Handle that can cancel it. asyncio: `call_soon`.
   */
  callSoon<A extends unknown[]>(fn: (...args: A) => void, ...args: A): Handle {
    checkCallback(fn, 'callSoon');
    const handle = new Handle(fn, args, this);
    this.ready.push(handle);
    return handle;
  }

  /** The loop's clock: monotonic seconds. asyncio: `time` (`time.monotonic()`). */
  time(): number {
    return performance.now() / 1000;
  }

  /** Schedule `fn(...args)` to run `delay` seconds from now. asyncio: `call_later`. */
  callLater<A extends unknown[]>(delay: number, fn: (...args: A) => void, ...args: A): TimerHandle {
    checkSeconds(delay, 'callLater', 'delay');
    if (delay < 0) throw new RangeError(`callLater: delay must be >= 0 seconds, got ${delay}`);
    return this.callAt(this.time() + delay, fn, ...args);
  }

  /** Schedule `fn(...args)` to run at loop time `when` (see `time()`). asyncio: `call_at`. */
  callAt<A extends unknown[]>(when: number, fn: (...args: A) => void, ...args: A): TimerHandle {
    checkSeconds(when, 'callAt', 'when');
    checkCallback(fn, 'callAt');
    const timer = new TimerHandle(when, this.timerSeq++, fn, args, this);
    this.timers.push(timer);
    return timer;
  }

  /** A new pending future bound to this loop. asyncio: `create_future`. */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>(this);
  }

  /** Wrap a coroutine in a Task that starts on the next tick. asyncio: `create_task`. */
  createTask<T>(coro: Coro<T>): Task<T> {
    if (!isGenerator(coro)) {
      throw new TypeError(`createTask: expected a generator object (call the generator function first), got ${describeValue(coro)}`);
    }
    return new Task(coro, this);
  }

  /**
   * Run one tick: sleep until something is ready, move the due timers to the
   * ready queue, then run the handles that were ready, in FIFO order.
   * asyncio: `_run_once`.
   */
  runOnce(): void {
    const timeout = this.timeout();
    traceWait(timeout);
    blockingSleep(timeout);
    this.moveDueTimers();
    // Invariant: a tick runs exactly what was ready when it began. Callbacks
    // scheduled during the tick land in the fresh queue and wait for the next one.
    const batch = this.ready;
    this.ready = [];
    traceTick(++this.ticks, batch, this);
    for (const handle of batch) {
      if (!handle.cancelled()) handle.run();
    }
  }

  /**
   * How long the loop may sleep: not at all when a handle is ready (or a stop is
   * pending), else until the next deadline. With no timer there is nothing that
   * could ever wake it, so instead of sleeping forever it says so.
   */
  private timeout(): number {
    if (this.ready.length > 0 || this.stopping) return 0;
    const next = this.nextTimer();
    if (next === undefined) {
      throw new Error('Event loop is idle: nothing is ready and no timer is scheduled, so it would wait forever.');
    }
    return Math.max(0, next.when() - this.time());
  }

  /** The soonest timer that is not cancelled; cancelled ones at the top are dropped. */
  private nextTimer(): TimerHandle | undefined {
    while (this.timers.peek()?.cancelled()) this.timers.pop();
    return this.timers.peek();
  }

  /** Move every due timer to the ready queue, in deadline order; cancelled timers never run. */
  private moveDueTimers(): void {
    const now = this.time();
    const due: TimerHandle[] = [];
    for (let timer = this.nextTimer(); timer !== undefined && timer.when() <= now; timer = this.nextTimer()) {
      due.push(timer);
      this.ready.push(timer);
      this.timers.pop();
    }
    traceTimers(due);
  }

  /** Run tick after tick until `stop()` is called. asyncio: `run_forever`. */
  runForever(): void {
    this.checkRunning();
    this.running = true;
    try {
      for (;;) {
        this.runOnce();
        if (this.stopping) break;
      }
    } finally {
      this.stopping = false;
      this.running = false;
    }
  }

  /**
   * Run the loop until `future` is done, then return its result or throw its
   * exception. asyncio: `run_until_complete`.
   */
  runUntilComplete<T>(future: Future<T>): T {
    // Refuse before touching the future: a done one would schedule stopLoop at once,
    // and one of another loop would schedule it on that loop, so this one would never stop.
    this.checkRunning();
    if (!(future instanceof Future)) {
      throw new TypeError(`runUntilComplete: expected a Future, got ${describeValue(future)}`);
    }
    if (future.getLoop() !== this) {
      throw new Error(`${future} belongs to a different loop than the one that should wait for it`);
    }
    const stopLoop = (): void => this.stop();
    future.addDoneCallback(stopLoop);
    try {
      this.runForever();
    } finally {
      future.removeDoneCallback(stopLoop);
    }
    if (!future.done()) throw new Error('Event loop stopped before Future completed.');
    return future.result();
  }

  /** Refuse to run a loop while it runs. asyncio: `_check_running`. */
  private checkRunning(): void {
    if (this.running) throw new Error('This event loop is already running.');
  }

  /**
   * Ask the loop to return from `runForever()` once the current tick is over.
   * Called while the loop is not running, the next `runForever()` runs one tick. asyncio: `stop`.
   */
  stop(): void {
    this.stopping = true;
  }

  /** True from the start of `runForever()` until it is over. asyncio: `is_running`. */
  isRunning(): boolean {
    return this.running;
  }

  /** Use `handler` for errors nobody caught; `null` restores the default. asyncio: `set_exception_handler`. */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== 'function') {
      throw new TypeError(`setExceptionHandler: a handler must be a function or null, got ${describeValue(handler)}`);
    }
    this.exceptionHandler = handler;
  }

  /**
   * Report an error nobody caught. A handler that throws is itself reported by
   * the default handler, so nothing is swallowed. asyncio: `call_exception_handler`.
   */
  callExceptionHandler(context: ErrorContext): void {
    if (this.exceptionHandler === null) return defaultExceptionHandler(context);
    try {
      this.exceptionHandler(this, context);
    } catch (exception) {
      defaultExceptionHandler({ message: 'Unhandled error in exception handler', exception, handle: context.handle });
      defaultExceptionHandler(context);
    }
  }
}

/** Print the message and the error's stack to stderr. asyncio: `default_exception_handler`. */
function defaultExceptionHandler(context: ErrorContext): void {
  const { exception } = context;
  const detail = exception instanceof Error ? exception.stack : exception === undefined ? '' : String(exception);
  process.stderr.write(`${context.message}${detail ? `\n${detail}` : ''}\n`);
}

/** Every generator object inherits from the one prototype that all generators share. */
const GENERATOR_PROTOTYPE: object = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()));

/** A coroutine is a generator object: it has next, throw and return. */
export function isGenerator(value: unknown): value is Coro<unknown> {
  return typeof value === 'object' && value !== null && GENERATOR_PROTOTYPE.isPrototypeOf(value);
}

/** A time or delay must be a real number of seconds. */
function checkSeconds(value: unknown, method: string, name: string): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${method}: ${name} must be a number of seconds, got ${describeValue(value)}`);
  }
  if (!Number.isFinite(value)) throw new RangeError(`${method}: ${name} must be a finite number of seconds, got ${value}`);
}

/**
 * Catch a wrong callback where it is scheduled, not ticks later where it would fail.
 * asyncio: `_check_callback`.
 */
function checkCallback(fn: unknown, method: string): void {
  if (typeof fn !== 'function') {
    throw new TypeError(`${method}: a callback must be a function, got ${describeValue(fn)}`);
  }
  const kind = COROUTINE_FUNCTIONS[fn.constructor.name];
  if (kind !== undefined) {
    throw new TypeError(`${method}: ${fn.name || 'the callback'} is ${kind}, not a plain function: the loop would drop the coroutine or promise it returns`);
  }
}

const COROUTINE_FUNCTIONS: Readonly<Record<string, string>> = {
  GeneratorFunction: 'a generator function',
  AsyncFunction: 'an async function',
  AsyncGeneratorFunction: 'an async generator function',
};

/** How an error message shows a wrong value: its type and a short form of it. */
function describeValue(value: unknown): string {
  if (typeof value === 'function') return `the function ${value.name || 'anonymous'}`;
  return `${typeof value} ${shortForm(value)}`;
}

/** JSON where it can be had (strings get their quotes), else String(); never throws. */
function shortForm(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // a BigInt, or an object that refers to itself
  }
}
