/**
 * A Selector answers the one question an event loop asks the operating system:
 * which of these sockets can I read or write without waiting? select(timeout)
 * waits until one can, or the timeout passes.
 *
 * Node has no select() call: libuv polls the sockets, and Node tells us through
 * events. So select() hands control to Node's own event loop: it waits there
 * (setImmediate, setTimeout, or until woken), and when it comes back it asks the
 * sockets that changed meanwhile what they are ready for. It is one of the two
 * places where our loop goes round Node's; the other is in the loop's runOnce,
 * which goes round it once before it would wait, so that promise callbacks ran.
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
  /** When each socket was registered: select() lists ready sockets in that order. */
  private readonly order = new Map<Pollable, number>();
  private registrations = 0;
  /**
   * The sockets that may be ready: registered or changed since select() last found
   * them not ready. select() asks only these, so a tick costs what the ready
   * sockets cost, not what the watched ones do. asyncio: epoll's ready list.
   */
  private readonly maybeReady = new Set<Pollable>();
  private wake: (() => void) | null = null;

  /** Watch `fileobj` for `events` (EVENT_READ | EVENT_WRITE). asyncio: `register`. */
  register(fileobj: Pollable, events: number, data: D): SelectorKey<D> {
    if (this.keys.has(fileobj)) throw new Error('Selector.register: this socket is already registered');
    if (events !== EVENT_READ && events !== EVENT_WRITE && events !== (EVENT_READ | EVENT_WRITE)) {
      throw new RangeError(`Selector.register: events must be EVENT_READ, EVENT_WRITE or both, got ${events}`);
    }
    const key = { fileobj, events, data };
    this.keys.set(fileobj, key);
    this.order.set(fileobj, this.registrations++);
    this.maybeReady.add(fileobj); // it may be ready already
    fileobj.watch(() => this.changed(fileobj));
    return key;
  }

  /** Stop watching `fileobj`. asyncio: `unregister`. */
  unregister(fileobj: Pollable): SelectorKey<D> {
    const key = this.keys.get(fileobj);
    if (key === undefined) throw new Error('Selector.unregister: this socket is not registered');
    this.keys.delete(fileobj);
    this.order.delete(fileobj);
    this.maybeReady.delete(fileobj);
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

  /** Unregister every socket; returns their keys. asyncio: `close`. */
  close(): SelectorKey<D>[] {
    const keys = [...this.keys.values()];
    for (const key of keys) this.unregister(key.fileobj);
    return keys;
  }

  /**
   * Wait until a registered socket is ready, `timeout` seconds pass (null: no
   * limit; 0: just look) or wakeUp() is called; return the ready keys with the
   * events they are ready for. asyncio: `select`.
   */
  async select(timeout: number | null): Promise<[SelectorKey<D>, number][]> {
    // Always go round Node's loop once, even when something is ready: that is
    // where libuv reports what happened on the other sockets.
    if (this.poll().length > 0) timeout = 0;
    await new Promise<void>((resolve) => {
      const immediate = timeout === 0 ? setImmediate(done) : undefined;
      const timer = timeout !== null && timeout > 0 ? setTimeout(done, timeout * 1000) : undefined;
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

  /** End a select() that is waiting, whatever its timeout. asyncio: the self-pipe. */
  readonly wakeUp = (): void => {
    this.wake?.();
  };

  /** A watched socket says its state may have changed: ask it at the next poll, and end the wait. */
  private changed(fileobj: Pollable): void {
    this.maybeReady.add(fileobj);
    this.wakeUp();
  }

  /**
   * Which registered sockets are ready now, and for what, in the order they were
   * registered. Level-triggered, like select(2): a ready socket stays in
   * maybeReady and is reported again; one that is not ready leaves it until it changes.
   */
  private poll(): [SelectorKey<D>, number][] {
    const ready: [SelectorKey<D>, number][] = [];
    for (const fileobj of this.maybeReady) {
      const key = this.keys.get(fileobj) as SelectorKey<D>;
      const events =
        (key.events & EVENT_READ && key.fileobj.readable() ? EVENT_READ : 0) |
        (key.events & EVENT_WRITE && key.fileobj.writable() ? EVENT_WRITE : 0);
      if (events !== 0) ready.push([key, events]);
      else this.maybeReady.delete(fileobj);
    }
    const order = (key: SelectorKey<D>): number => this.order.get(key.fileobj) as number;
    return ready.sort(([a], [b]) => order(a) - order(b));
  }
}
