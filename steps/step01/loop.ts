/**
 * The smallest event loop there is: a queue of callbacks and a way to run them.
 *
 * asyncio counterpart: `BaseEventLoop` in `asyncio/base_events.py`.
 */
import { traceTick } from '../../shared/trace.ts';

/** A callback waiting in the ready queue, bound to its arguments. */
interface Callback {
  readonly fn: object;
  run(): void;
}

export class Loop {
  /** Callbacks waiting for the next tick, oldest first. asyncio: `_ready`. */
  private ready: Callback[] = [];
  private running = false;
  private stopping = false;
  private ticks = 0;

  /** Schedule `fn(...args)` to run on a later tick, after everything already queued. asyncio: `call_soon`. */
  callSoon<A extends unknown[]>(fn: (...args: A) => void, ...args: A): void {
    this.ready.push({ fn, run: () => fn(...args) });
  }

  /**
   * Run one tick: the callbacks that were ready when it began, in FIFO order.
   * asyncio: `_run_once`.
   */
  runOnce(): void {
    // Invariant: a tick runs exactly what was ready when it began. Callbacks
    // scheduled during the tick land in the fresh queue and wait for the next one.
    const batch = this.ready;
    this.ready = [];
    traceTick(++this.ticks, batch, this);
    for (const callback of batch) callback.run();
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
}
