/**
 * A Handle is a scheduled callback that can be cancelled before it runs.
 *
 * asyncio counterpart: `asyncio.Handle` in `asyncio/events.py`.
 */
import type { Loop } from './loop.ts';

export class Handle {
  private isCancelled = false;

  constructor(
    private readonly fn: Function,
    private readonly args: readonly unknown[],
    private readonly loop: Loop,
  ) {}

  /** Make sure the callback never runs; cancelling twice is harmless. asyncio: `Handle.cancel`. */
  cancel(): void {
    this.isCancelled = true;
  }

  /** asyncio: `Handle.cancelled`. */
  cancelled(): boolean {
    return this.isCancelled;
  }

  /**
   * Call the callback. An error it throws goes to the loop's exception handler,
   * so one bad callback never kills the loop. asyncio: `Handle._run`.
   */
  run(): void {
    try {
      Reflect.apply(this.fn, undefined, this.args);
    } catch (exception) {
      this.loop.callExceptionHandler({ message: `Exception in callback ${this}`, exception, handle: this });
    }
  }

  /** Reads like the call it stands for: `<Handle greet("Ada")>`. */
  toString(): string {
    const args = this.args.map(formatArg).join(', ');
    const call = `${this.fn.name || 'anonymous'}(${args})`;
    return `<${this.constructor.name} ${call}${this.isCancelled ? ' cancelled' : ''}>`;
  }
}

function formatArg(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return value.name || 'anonymous';
  return String(value);
}

/**
 * A handle that runs at a point in time. Equal deadlines keep the order they were
 * scheduled in, thanks to `seq` (asyncio leaves that order to heapq).
 *
 * asyncio counterpart: `asyncio.TimerHandle`.
 */
export class TimerHandle extends Handle {
  constructor(
    private readonly deadline: number,
    /** Scheduling order, the tie-break between equal deadlines. */
    readonly seq: number,
    fn: Function,
    args: readonly unknown[],
    loop: Loop,
  ) {
    super(fn, args, loop);
  }

  /** The loop time (seconds) at which the callback is due. asyncio: `TimerHandle.when`. */
  when(): number {
    return this.deadline;
  }

  /** True when this timer must fire before `other`. */
  before(other: TimerHandle): boolean {
    return this.deadline < other.deadline || (this.deadline === other.deadline && this.seq < other.seq);
  }
}
