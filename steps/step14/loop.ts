/**
 * The event loop: a queue of handles and a way to run them, one tick at a time.
 *
 * asyncio counterpart: `BaseEventLoop` in `asyncio/base_events.py`.
 */
import { blockingSleep } from '../../shared/blocking-sleep.ts';
import { traceEvents, traceTick, traceTimers, traceWait } from '../../shared/trace.ts';
import { Future } from './future.ts';
import { Handle, TimerHandle } from './handle.ts';
import { Heap } from './heap.ts';
import { EVENT_READ, EVENT_WRITE, Selector, type SelectorKey } from './selector.ts';
import type { Pollable } from './socket.ts';
import { fromPromise } from './bridge.ts';
import { Task, ensureFuture, type Coro } from './task.ts';

/** The longest the loop waits in one go, in seconds; Node's timers overflow past 24.8 days. asyncio: `MAXIMUM_SELECT_TIMEOUT`. */
const MAX_WAIT = 24 * 3600;

/** What went wrong, for the exception handler. asyncio: the `context` dict. */
export interface ErrorContext {
  message: string;
  exception?: unknown;
  handle?: Handle;
  /** The task whose error it is, where known. */
  task?: Future<unknown>;
}

/** asyncio: the callable given to `set_exception_handler`. */
export type ExceptionHandler = (loop: Loop, context: ErrorContext) => void;

/** The loop whose runForever() is running, if any. asyncio: `events._running_loop`. */
let runningLoop: Loop | null = null;

/**
 * The loop that is running the caller: lets coroutines find their loop without
 * passing it around. asyncio: `get_running_loop`.
 */
export function getRunningLoop(): Loop {
  const loop = findRunningLoop();
  if (loop === null) throw new Error('getRunningLoop: no running event loop; call it from a coroutine or callback the loop runs');
  return loop;
}

/** The running loop, or null when none is. asyncio: `_get_running_loop`. */
export function findRunningLoop(): Loop | null {
  return runningLoop;
}

/** What the loop keeps with a registered socket: the callbacks to run when it is ready. */
interface IoCallbacks {
  reader: Handle | null;
  writer: Handle | null;
}

export class Loop {
  /** Handles waiting for the next tick, oldest first. asyncio: `_ready`. */
  private ready: Handle[] = [];
  /** Timers, soonest deadline on top. asyncio: `_scheduled`. */
  private timers = new Heap<TimerHandle>((a, b) => a.before(b));
  private timerSeq = 0;
  private running = false;
  private stopping = false;
  private ticks = 0;
  private exceptionHandler: ExceptionHandler | null = null;
  private closed = false;
  /** Tasks that are not done yet, so that run() can cancel what is left. asyncio: `_all_tasks`. */
  private readonly tasks = new Set<Future<unknown>>();
  /** Native promises our futures depend on, or that wait on our futures. */
  private promisesInPlay = 0;
  /** Where the loop waits between two ticks, in Node's event loop. asyncio: `_selector`. */
  private readonly selector = new Selector<IoCallbacks>();

  /**
   * Schedule `fn(...args)` to run on a later tick, after everything already queued.
   * Returns a Handle that can cancel it. asyncio: `call_soon`.
   */
  callSoon<A extends unknown[]>(fn: (...args: A) => void, ...args: A): Handle {
    this.checkClosed();
    checkCallback(fn, 'callSoon');
    const handle = new Handle(fn, args, this);
    this.ready.push(handle);
    this.selector.wakeUp(); // scheduled from a promise continuation while we wait: look again
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
    this.checkClosed();
    checkCallback(fn, 'callAt');
    const timer = new TimerHandle(when, this.timerSeq++, fn, args, this);
    this.timers.push(timer);
    this.selector.wakeUp();
    return timer;
  }

  /** A new pending future bound to this loop. asyncio: `create_future`. */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>(this);
  }

  /**
   * Wrap a coroutine, or a native Promise, in a Task that starts on the next tick.
   * asyncio: `create_task`.
   */
  createTask<T>(coro: Coro<T> | PromiseLike<T>): Task<T> {
    const isCoroutine = isGenerator(coro);
    if (!isCoroutine && !isThenable(coro)) {
      throw new TypeError(`createTask: expected a generator object or a Promise, got ${describeValue(coro)}`);
    }
    const task = new Task(isCoroutine ? coro : fromPromise(coro, this), this);
    this.tasks.add(task);
    task.addDoneCallback(this.forgetTask);
    return task;
  }

  /** The tasks of this loop that are not done yet. asyncio: `all_tasks`. */
  allTasks(): Future<unknown>[] {
    return [...this.tasks].filter((task) => !task.done()); // a done task leaves the set a tick later
  }

  private readonly forgetTask = (task: Future<unknown>): void => {
    this.tasks.delete(task);
  };

  /**
   * Count `promise` as in play until it settles: meanwhile the loop waits for it
   * by going round Node's own event loop. Its settling wakes the loop up.
   */
  trackPromise(promise: PromiseLike<unknown>): void {
    this.promisesInPlay++;
    const settled = (): void => {
      this.promisesInPlay--;
      this.selector.wakeUp();
    };
    promise.then(settled, settled);
  }

  /**
   * Run one tick: wait until something is ready, move the due timers to the
   * ready queue, then run the handles that were ready, in FIFO order.
   * asyncio: `_run_once`.
   */
  async runOnce(): Promise<void> {
    // The promise continuations queued by the last tick run first: they may schedule
    // work. Before we would sleep, go round Node's loop once so that all of them ran.
    if (this.ready.length > 0 || this.stopping) await undefined;
    else await new Promise<void>((resolve) => setImmediate(resolve));
    const timeout = this.timeout();
    traceWait(timeout);
    this.processEvents(await this.select(timeout));
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
   * How long the loop may wait: not at all when a handle is ready (or a stop is
   * pending), else until the next deadline, else (null) until a promise in play
   * settles. With none of these nothing could ever wake it, so it says so.
   */
  private timeout(): number | null {
    if (this.ready.length > 0 || this.stopping) return 0;
    const next = this.nextTimer();
    if (next !== undefined) return Math.min(MAX_WAIT, Math.max(0, next.when() - this.time()));
    if (this.promisesInPlay > 0 || this.selector.size() > 0) return null;
    throw new Error('Event loop is idle: nothing is ready, no timer is scheduled, no promise is pending and no socket is watched, so it would wait forever.');
  }

  /**
   * Wait for the next tick. With nothing Node could tell us about (no socket
   * watched, no promise in play) we sleep as before. Otherwise we select: that
   * goes round Node's event loop, where libuv polls the sockets and promises
   * settle; a ready socket, a settled promise or new work ends the wait.
   */
  private async select(timeout: number | null): Promise<[SelectorKey<IoCallbacks>, number][]> {
    if (this.promisesInPlay === 0 && this.selector.size() === 0) {
      blockingSleep(timeout ?? 0);
      return [];
    }
    return this.selector.select(timeout);
  }

  /** Queue the callbacks of the sockets that are ready. asyncio: `_process_events`. */
  private processEvents(events: [SelectorKey<IoCallbacks>, number][]): void {
    if (events.length === 0) return;
    traceEvents(events.map(([, mask]) => (mask === EVENT_READ ? 'readable' : mask === EVENT_WRITE ? 'writable' : 'readable+writable')));
    for (const [key, mask] of events) {
      const { reader, writer } = key.data;
      // A cancelled callback stops the watching; otherwise a ready socket would wake us forever.
      if (mask & EVENT_READ && reader !== null) {
        if (reader.cancelled()) this.removeReader(key.fileobj);
        else this.ready.push(reader);
      }
      if (mask & EVENT_WRITE && writer !== null) {
        if (writer.cancelled()) this.removeWriter(key.fileobj);
        else this.ready.push(writer);
      }
    }
  }

  /** Call `fn(...args)` whenever `sock` can be read without waiting. asyncio: `add_reader`. */
  addReader<A extends unknown[]>(sock: Pollable, fn: (...args: A) => void, ...args: A): Handle {
    this.checkClosed();
    checkCallback(fn, 'addReader');
    const reader = new Handle(fn, args, this);
    const key = this.selector.getKey(sock);
    if (key === undefined) this.selector.register(sock, EVENT_READ, { reader, writer: null });
    else this.selector.modify(sock, key.events | EVENT_READ, { reader, writer: key.data.writer });
    key?.data.reader?.cancel(); // the callback it replaces must not run any more, even this tick
    return reader;
  }

  /** Stop watching `sock` for reading; false if nobody was. asyncio: `remove_reader`. */
  removeReader(sock: Pollable): boolean {
    const key = this.selector.getKey(sock);
    if (key === undefined || key.data.reader === null) return false;
    key.data.reader.cancel();
    if (key.events === EVENT_READ) this.selector.unregister(sock);
    else this.selector.modify(sock, EVENT_WRITE, { reader: null, writer: key.data.writer });
    return true;
  }

  /** Call `fn(...args)` whenever `sock` can be written without waiting. asyncio: `add_writer`. */
  addWriter<A extends unknown[]>(sock: Pollable, fn: (...args: A) => void, ...args: A): Handle {
    this.checkClosed();
    checkCallback(fn, 'addWriter');
    const writer = new Handle(fn, args, this);
    const key = this.selector.getKey(sock);
    if (key === undefined) this.selector.register(sock, EVENT_WRITE, { reader: null, writer });
    else this.selector.modify(sock, key.events | EVENT_WRITE, { reader: key.data.reader, writer });
    key?.data.writer?.cancel();
    return writer;
  }

  /** Stop watching `sock` for writing; false if nobody was. asyncio: `remove_writer`. */
  removeWriter(sock: Pollable): boolean {
    const key = this.selector.getKey(sock);
    if (key === undefined || key.data.writer === null) return false;
    key.data.writer.cancel();
    if (key.events === EVENT_WRITE) this.selector.unregister(sock);
    else this.selector.modify(sock, EVENT_READ, { reader: key.data.reader, writer: null });
    return true;
  }

  /** How many sockets the loop watches: a program that closed everything watches none. */
  watchedSockets(): number {
    return this.selector.size();
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
  async runForever(): Promise<void> {
    this.checkClosed();
    this.checkRunning();
    this.running = true;
    runningLoop = this;
    try {
      for (;;) {
        await this.runOnce();
        if (this.stopping) break;
      }
    } finally {
      this.stopping = false;
      this.running = false;
      runningLoop = null;
    }
  }

  /**
   * Run the loop until `aw` is done, then return its result or throw its
   * exception. A coroutine or a Promise is wrapped in a Task first. asyncio: `run_until_complete`.
   */
  async runUntilComplete<T>(aw: Future<T> | Coro<T> | PromiseLike<T>): Promise<T> {
    // Refuse before touching `aw`: a coroutine would get a task that runs all the same, and
    // a done future would schedule stopLoop at once. ensureFuture refuses another loop's future.
    this.checkRunning();
    const future = ensureFuture(aw, this);
    const stopLoop = (): void => this.stop();
    future.addDoneCallback(stopLoop);
    try {
      await this.runForever();
    } finally {
      future.removeDoneCallback(stopLoop);
    }
    if (!future.done()) throw new Error('Event loop stopped before Future completed.');
    return future.result();
  }

  /** Refuse to run a loop while it, or another loop, runs. asyncio: `_check_running`. */
  private checkRunning(): void {
    if (this.running) throw new Error('This event loop is already running.');
    if (runningLoop !== null) throw new Error('Cannot run the event loop while another loop is running.');
  }

  /**
   * Ask the loop to return from `runForever()` once the current tick is over.
   * Called while the loop is not running, the next `runForever()` runs one tick. asyncio: `stop`.
   */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Close the loop: drop every pending callback and timer, close the sockets it
   * still watches; it can never run again. Closing twice is harmless. asyncio: `close`.
   */
  close(): void {
    if (this.running) throw new Error('Cannot close a running event loop.');
    this.closed = true;
    this.ready = [];
    this.timers = new Heap<TimerHandle>((a, b) => a.before(b));
    // Nobody could be told they are ready, and an open socket keeps Node's process alive.
    for (const key of this.selector.close()) key.fileobj.close();
  }

  /** asyncio: `is_closed`. */
  isClosed(): boolean {
    return this.closed;
  }

  private checkClosed(): void {
    if (this.closed) throw new Error('Event loop is closed.');
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

/** A native Promise, or anything else with a `then` method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
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
