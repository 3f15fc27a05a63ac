/**
 * A FIFO queue for coroutines, built from futures: `get` on an empty queue and
 * `put` on a full one park a future and wait until the other side wakes it.
 *
 * asyncio counterpart: `asyncio.Queue` in `asyncio/queues.py`.
 */
import { awaitable, type AwaitableCoro } from './bridge.ts';
import type { Future } from './future.ts';
import { Event, LoopBound } from './locks.ts';
import type { Coro } from './task.ts';

/** getNowait() on an empty queue. asyncio: `QueueEmpty`. */
export class QueueEmpty extends Error {
  override name = 'QueueEmpty';
}

/** putNowait() on a full queue. asyncio: `QueueFull`. */
export class QueueFull extends Error {
  override name = 'QueueFull';
}

export class Queue<T> extends LoopBound {
  private readonly items: T[] = [];
  private readonly getters: Future<void>[] = [];
  private readonly putters: Future<void>[] = [];
  private unfinished = 0;
  private readonly finished = new Event();

  /** `maxsize` 0 (the default) means unbounded. */
  constructor(readonly maxsize = 0) {
    super();
    if (!Number.isInteger(maxsize) || maxsize < 0) {
      throw new RangeError(`Queue: maxsize must be an integer >= 0, got ${maxsize}`);
    }
    this.finished.set();
  }

  /** asyncio: `qsize`. */
  qsize(): number {
    return this.items.length;
  }

  /** asyncio: `empty`. */
  empty(): boolean {
    return this.items.length === 0;
  }

  /** Always false for an unbounded queue. asyncio: `full`. */
  full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }

  /** Put an item, waiting while the queue is full. asyncio: `put`. */
  put(item: T): AwaitableCoro<void> {
    return awaitable(this.putting(item));
  }

  private *putting(item: T): Coro<void> {
    while (this.full()) yield* this.park(this.putters, () => !this.full());
    this.putNowait(item);
  }

  /** Put an item now, or throw QueueFull. asyncio: `put_nowait`. */
  putNowait(item: T): void {
    if (this.full()) throw new QueueFull(`Queue.putNowait: the queue is full (maxsize ${this.maxsize})`);
    this.items.push(item);
    this.unfinished++;
    this.finished.clear();
    wakeUpNext(this.getters);
  }

  /** Take the oldest item, waiting while the queue is empty. asyncio: `get`. */
  get(): AwaitableCoro<T> {
    return awaitable(this.getting());
  }

  private *getting(): Coro<T> {
    while (this.empty()) yield* this.park(this.getters, () => !this.empty());
    return this.getNowait();
  }

  /** Take the oldest item now, or throw QueueEmpty. asyncio: `get_nowait`. */
  getNowait(): T {
    if (this.items.length === 0) throw new QueueEmpty('Queue.getNowait: the queue is empty');
    const item = this.items.shift() as T;
    wakeUpNext(this.putters);
    return item;
  }

  /** Say that an item taken with get() has been fully processed. asyncio: `task_done`. */
  taskDone(): void {
    if (this.unfinished <= 0) throw new RangeError('Queue.taskDone: called more times than items were put');
    this.unfinished--;
    if (this.unfinished === 0) this.finished.set();
  }

  /** Wait until every item put has been marked with taskDone(). asyncio: `join`. */
  join(): AwaitableCoro<void> {
    return awaitable(this.joining());
  }

  private *joining(): Coro<void> {
    if (this.unfinished > 0) yield* this.finished.wait();
  }

  /**
   * Wait in line on `waiters` until woken. If we are cancelled after being
   * woken, the wake-up is passed on to the next in line, so none is lost.
   */
  private *park(waiters: Future<void>[], canProceed: () => boolean): Coro<void> {
    const waiter = this.getLoop().createFuture<void>();
    waiters.push(waiter);
    try {
      yield* waiter;
    } catch (error) {
      waiter.cancel();
      const i = waiters.indexOf(waiter);
      if (i >= 0) waiters.splice(i, 1);
      if (canProceed() && !waiter.cancelled()) wakeUpNext(waiters);
      throw error;
    }
  }
}

/** Wake the first waiter that is still waiting. asyncio: `Queue._wakeup_next`. */
function wakeUpNext(waiters: Future<void>[]): void {
  while (waiters.length > 0) {
    const waiter = waiters.shift() as Future<void>;
    if (!waiter.done()) {
      waiter.setResult(undefined);
      return;
    }
  }
}
