/**
 * The event loop: a queue of handles and a way to run them, one tick at a time.
 *
 * asyncio counterpart: `BaseEventLoop` in `asyncio/base_events.py`.
 */
import { traceTick } from '../../shared/trace.ts';
import { Handle } from './handle.ts';

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

  /**
   * Run one tick: the handles that were ready when it began, in FIFO order.
   * asyncio: `_run_once`.
   */
  runOnce(): void {
    // Invariant: a tick runs exactly what was ready when it began. Callbacks
    // scheduled during the tick land in the fresh queue and wait for the next one.
    const batch = this.ready;
    this.ready = [];
    traceTick(++this.ticks, batch, this);
    for (const handle of batch) {
      if (!handle.cancelled()) handle.run();
    }
  }

  /** Run tick after tick until `stop()` is called. asyncio: `run_forever`. */
  runForever(): void {
    if (this.running) throw new Error('This event loop is already running.');
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
