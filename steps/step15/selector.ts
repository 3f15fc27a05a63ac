/**
 * A Selector answers the one question an event loop asks the operating system:
 * which of these sockets can I read or write without waiting? select(timeout)
 * waits until one can, or the timeout passes.
 *
 * Node has no select() call: libuv polls the sockets, and Node tells us through
 * events. So select() is the one place where our loop hands control to Node's
 * own event loop: it waits there (setImmediate, setTimeout, or until woken),
 * and when it comes back it checks each registered socket's state.
 *
 * asyncio counterpart: the `selectors` module (`DefaultSelector`).
 */
import type { Pollable } from './socket.ts';

export const EVENT_READ = 1;
export const EVENT_WRITE = 2;

/** One registration: the socket, the events we wait for, and our own data. asyncio: `SelectorKey`. */
export interface SelectorKey<D> {
  readonly fileobj: Pollable;
  readonly events: number;
  readonly data: D;
}

export class Selector<D = unknown> {
  private readonly keys = new Map<Pollable, SelectorKey<D>>();
  private wake: (() => void) | null = null;

  /** Watch `fileobj` for `events` (EVENT_READ | EVENT_WRITE). asyncio: `register`. */
  register(fileobj: Pollable, events: number, data: D): SelectorKey<D> {
    if (this.keys.has(fileobj)) throw new Error('Selector.register: this socket is already registered');
    if (events !== EVENT_READ && events !== EVENT_WRITE && events !== (EVENT_READ | EVENT_WRITE)) {
      throw new RangeError(`Selector.register: events must be EVENT_READ, EVENT_WRITE or both, got ${events}`);
    }
    const key = { fileobj, events, data };
    this.keys.set(fileobj, key);
    fileobj.watch(this.wakeUp);
    return key;
  }

  /** Stop watching `fileobj`. asyncio: `unregister`. */
  unregister(fileobj: Pollable): SelectorKey<D> {
    const key = this.keys.get(fileobj);
    if (key === undefined) throw new Error('Selector.unregister: this socket is not registered');
    this.keys.delete(fileobj);
    fileobj.watch(null);
    return key;
  }

  /** Change the events or data of a registration. asyncio: `modify`. */
  modify(fileobj: Pollable, events: number, data: D): SelectorKey<D> {
    this.unregister(fileobj);
    return this.register(fileobj, events, data);
  }

  /** asyncio: `get_key` (which raises where we return undefined). */
  getKey(fileobj: Pollable): SelectorKey<D> | undefined {
    return this.keys.get(fileobj);
  }

  /** How many sockets are registered. */
  size(): number {
    return this.keys.size;
  }

  /**
   * Wait until a registered socket is ready, `timeout` seconds pass (null: no
   * limit; 0: just look) or wakeUp() is called; return the ready keys with the
   * events they are ready for. asyncio: `select`.
   */
  async select(timeout: number | null): Promise<[SelectorKey<D>, number][]> {
    // Always go round Node's loop once, even when something is ready: that is
    // where libuv reports what happened on the other sockets.
    const wait = this.poll().length > 0 ? 0 : timeout;
    await new Promise<void>((resolve) => {
      const immediate = wait === 0 ? setImmediate(done) : undefined;
      const timer = wait !== null && wait > 0 ? setTimeout(done, wait * 1000) : undefined;
      const self = this;
      function done(): void {
        clearImmediate(immediate);
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
    return this.poll();
  }

  /** End a select() that is waiting: a socket changed, or the loop has new work. asyncio: the self-pipe. */
  readonly wakeUp = (): void => {
    this.wake?.();
  };

  /** Which registered sockets are ready now, and for what. Level-triggered, like select(2). */
  private poll(): [SelectorKey<D>, number][] {
    const ready: [SelectorKey<D>, number][] = [];
    for (const key of this.keys.values()) {
      const events =
        (key.events & EVENT_READ && key.fileobj.readable() ? EVENT_READ : 0) |
        (key.events & EVENT_WRITE && key.fileobj.writable() ? EVENT_WRITE : 0);
      if (events !== 0) ready.push([key, events]);
    }
    return ready;
  }
}
