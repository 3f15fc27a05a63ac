/**
 * Event and Lock, built from nothing but futures: whoever must wait creates a
 * future, parks it in a FIFO list, and yields it; whoever releases sets the
 * result of the first one. The loop does the rest.
 *
 * asyncio counterparts: `asyncio.Event` and `asyncio.Lock` in `asyncio/locks.py`.
 */
import { awaitable, type AwaitableCoro } from './bridge.ts';
import type { Future } from './future.ts';
import { getRunningLoop, type Loop } from './loop.ts';
import type { Coro } from './task.ts';

/**
 * Something that may be made before any loop runs and binds to the running
 * loop the first time it needs one. asyncio: `mixins._LoopBoundMixin`.
 */
export class LoopBound {
  private loop: Loop | null = null;

  /** The loop this object is bound to; binds it to the running loop on first use. */
  protected getLoop(): Loop {
    const running = getRunningLoop();
    this.loop ??= running;
    if (this.loop !== running) throw new Error(`${this.constructor.name} is bound to a different event loop`);
    return this.loop;
  }
}

/** Remove `item` from `list` if it is there. */
function removeFrom<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/** A flag that coroutines can wait for. asyncio: `Event`. */
export class Event extends LoopBound {
  private readonly waiters: Future<true>[] = [];
  private value = false;

  /** asyncio: `is_set`. */
  isSet(): boolean {
    return this.value;
  }

  /** Set the flag and wake every waiter, in the order they came. asyncio: `set`. */
  set(): void {
    if (this.value) return;
    this.value = true;
    for (const waiter of this.waiters) {
      if (!waiter.done()) waiter.setResult(true);
    }
  }

  /** Reset the flag: later waiters wait again. asyncio: `clear`. */
  clear(): void {
    this.value = false;
  }

  /** Wait until the flag is set; return at once if it is. asyncio: `wait`. */
  wait(): AwaitableCoro<true> {
    return awaitable(this.waiting());
  }

  private *waiting(): Coro<true> {
    if (this.value) return true;
    const waiter = this.getLoop().createFuture<true>();
    this.waiters.push(waiter);
    try {
      return yield* waiter;
    } finally {
      removeFrom(this.waiters, waiter);
    }
  }
}

/**
 * A mutual-exclusion lock. Waiters get it in the order they asked (FIFO), and
 * nobody can jump the queue while someone is waiting. asyncio: `Lock`.
 */
export class Lock extends LoopBound {
  private readonly waiters: Future<true>[] = [];
  private isLocked = false;

  /** asyncio: `locked`. */
  locked(): boolean {
    return this.isLocked;
  }

  /** Wait until the lock is free, then take it. asyncio: `acquire`. */
  acquire(): AwaitableCoro<true> {
    return awaitable(this.acquiring());
  }

  private *acquiring(): Coro<true> {
    if (!this.isLocked && this.waiters.every((w) => w.cancelled())) {
      this.isLocked = true;
      return true;
    }
    const waiter = this.getLoop().createFuture<true>();
    this.waiters.push(waiter);
    try {
      yield* waiter;
    } catch (cancelled) {
      removeFrom(this.waiters, waiter);
      // Cancelled just as the lock was handed to us: hand it on to the next waiter.
      if (!this.isLocked) this.wakeUpFirst();
      throw cancelled;
    }
    removeFrom(this.waiters, waiter);
    this.isLocked = true;
    return true;
  }

  /** Free the lock and wake the first waiter. Releasing a free lock is an error. asyncio: `release`. */
  release(): void {
    if (!this.isLocked) throw new Error('Lock.release: the lock is not acquired');
    this.isLocked = false;
    this.wakeUpFirst();
  }

  private wakeUpFirst(): void {
    const first = this.waiters[0];
    if (first !== undefined && !first.done()) first.setResult(true);
  }
}
