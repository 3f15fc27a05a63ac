/**
 * A Task drives a generator: it resumes it, and when the generator yields a number
 * of seconds, it schedules the next resumption that much later. Between two
 * resumptions other tasks run: that is cooperative multitasking.
 *
 * asyncio counterpart: `asyncio.Task` (here without futures: those come next).
 */
import { traceTask } from '../../shared/trace.ts';
import { isGenerator, type Loop } from './loop.ts';

/**
 * A coroutine, written as a generator function: `yield 0.5` sleeps half a second,
 * a bare `yield` gives up the rest of the tick, `return` ends it with a result.
 */
export type Coro<T> = Generator<number | undefined, T, unknown>;

export class Task<T> {
  private isDone = false;
  private value: T | undefined;

  /** Use `loop.createTask(coro)`. The first step is scheduled, never run at once. */
  constructor(
    private readonly coro: Coro<T>,
    private readonly loop: Loop,
  ) {
    checkCoro(coro);
    traceTask(this);
    loop.callSoon(this.step);
  }

  /** True once the coroutine has returned. */
  done(): boolean {
    return this.isDone;
  }

  /** The coroutine's return value; an error while it has not returned yet. */
  result(): T {
    if (!this.isDone) throw new Error('Task is not done yet.');
    return this.value as T;
  }

  /** Resume the coroutine until its next yield, then schedule the resumption after. asyncio: `Task.__step`. */
  private readonly step = (): void => {
    const next = this.coro.next();
    if (next.done) {
      this.isDone = true;
      this.value = next.value;
      return;
    }
    const delay = next.value;
    if (delay === undefined) this.loop.callSoon(this.step);
    else if (typeof delay === 'number' && delay >= 0) this.loop.callLater(delay, this.step);
    else throw new TypeError(`Task got a bad yield: ${String(delay)}; a coroutine yields seconds to sleep (>= 0) or nothing`);
  };
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
