import { describe, expect, it } from 'vitest';
import { EVENT_READ, EVENT_WRITE, Selector, type Pollable, type SelectorKey } from '#step';
import { secondsSince as since } from '../../shared/socket-test-helpers.ts';

/** A socket we control by hand: its readiness is whatever the test says. */
class FakeSocket implements Pollable {
  canRead = false;
  canWrite = false;
  onChange: (() => void) | null = null;
  /** How many times a selector asked for the state. */
  asked = 0;

  constructor(readonly name: string) {}

  readable(): boolean {
    this.asked++;
    return this.canRead;
  }

  writable(): boolean {
    this.asked++;
    return this.canWrite;
  }

  watch(onChange: (() => void) | null): void {
    this.onChange = onChange;
  }

  close(): void {
    this.set(true, true); // closed: every call would fail at once
  }

  /** Change the state, and tell whoever watches, as TcpSocket does on a Node event. */
  set(canRead: boolean, canWrite: boolean): void {
    this.canRead = canRead;
    this.canWrite = canWrite;
    this.onChange?.();
  }
}

/** A selector that watches a new FakeSocket per name for `events`, its name as data. */
function watching(events: number, ...names: string[]): [Selector<string>, FakeSocket[]] {
  const selector = new Selector<string>();
  const sockets = names.map((name) => new FakeSocket(name));
  for (const sock of sockets) selector.register(sock, events, sock.name);
  return [selector, sockets];
}

/** select() results as "name:mask" strings, easy to compare. */
function names(events: [SelectorKey<string>, number][]): string[] {
  return events.map(([key, mask]) => `${key.data}:${mask}`);
}

describe('Selector registrations', () => {
  it('register returns the key and watches the socket', () => {
    const selector = new Selector<string>();
    const a = new FakeSocket('a');
    const key = selector.register(a, EVENT_READ, 'a');
    expect(key).toEqual({ fileobj: a, events: EVENT_READ, data: 'a' });
    expect(selector.getKey(a)).toBe(key);
    expect(selector.size()).toBe(1);
    expect(a.onChange).toBeTypeOf('function');
  });

  it('registering the same socket twice is an error', () => {
    const selector = new Selector<string>();
    const a = new FakeSocket('a');
    selector.register(a, EVENT_READ, 'first');
    expect(() => selector.register(a, EVENT_WRITE, 'second')).toThrow(
      'Selector.register: this socket is already registered',
    );
    expect(selector.getKey(a)?.data).toBe('first');
  });

  it('events must be EVENT_READ, EVENT_WRITE or both: anything else is a RangeError', () => {
    const selector = new Selector<string>();
    const a = new FakeSocket('a');
    for (const events of [0, 4, -1, 1.5, 7]) {
      expect(() => selector.register(a, events, 'a')).toThrow(RangeError);
    }
    expect(() => selector.register(a, 0, 'a')).toThrow(
      'Selector.register: events must be EVENT_READ, EVENT_WRITE or both, got 0',
    );
    expect(selector.size()).toBe(0);
    expect(a.onChange).toBeNull();
    expect(selector.register(a, EVENT_READ | EVENT_WRITE, 'a').events).toBe(3);
  });

  it('unregister returns the key and stops watching; an unknown socket is an error', () => {
    const selector = new Selector<string>();
    const a = new FakeSocket('a');
    const key = selector.register(a, EVENT_READ, 'a');
    expect(selector.unregister(a)).toBe(key);
    expect(selector.size()).toBe(0);
    expect(selector.getKey(a)).toBeUndefined();
    expect(a.onChange).toBeNull();
    expect(() => selector.unregister(a)).toThrow(
      'Selector.unregister: this socket is not registered',
    );
    expect(() => selector.unregister(new FakeSocket('b'))).toThrow(/not registered/);
  });

  it('close() unregisters every socket and returns their keys', () => {
    const selector = new Selector<string>();
    const [a, b] = [new FakeSocket('a'), new FakeSocket('b')];
    const keys = [selector.register(a, EVENT_READ, 'a'), selector.register(b, EVENT_WRITE, 'b')];
    expect(selector.close()).toEqual(keys);
    expect(selector.size()).toBe(0);
    expect([a.onChange, b.onChange]).toEqual([null, null]);
    expect(selector.close()).toEqual([]);
  });

  it('modify changes the events and the data; modifying an unknown socket is an error', async () => {
    const selector = new Selector<string>();
    const a = new FakeSocket('a');
    a.set(true, true);
    selector.register(a, EVENT_READ, 'reader');
    expect(names(await selector.select(0))).toEqual(['reader:1']);
    const key = selector.modify(a, EVENT_WRITE, 'writer');
    expect(key).toEqual({ fileobj: a, events: EVENT_WRITE, data: 'writer' });
    expect(selector.getKey(a)).toBe(key);
    expect(selector.size()).toBe(1);
    expect(a.onChange).toBeTypeOf('function');
    expect(names(await selector.select(0))).toEqual(['writer:2']);
    expect(() => selector.modify(new FakeSocket('b'), EVENT_READ, 'b')).toThrow(/not registered/);
  });
});

describe('Selector.select', () => {
  it('returns the ready keys with the events each is ready for, of those it was asked', async () => {
    const selector = new Selector<string>();
    const sockets = {
      readOnly: new FakeSocket('readOnly'),
      writeOnly: new FakeSocket('writeOnly'),
      both: new FakeSocket('both'),
      notAsked: new FakeSocket('notAsked'),
      idle: new FakeSocket('idle'),
    };
    sockets.readOnly.set(true, false);
    sockets.writeOnly.set(false, true);
    sockets.both.set(true, true);
    sockets.notAsked.set(false, true); // writable, but we only asked about reading
    for (const [name, sock] of Object.entries(sockets)) {
      selector.register(sock, EVENT_READ | EVENT_WRITE, name);
    }
    selector.modify(sockets.notAsked, EVENT_READ, 'notAsked');
    const events = await selector.select(0);
    expect(names(events)).toEqual(['readOnly:1', 'writeOnly:2', 'both:3']);
    expect(events[0]?.[0]).toBe(selector.getKey(sockets.readOnly));
  });

  it('is level-triggered: a socket that stays ready is reported again and again', async () => {
    const selector = new Selector<string>();
    const a = new FakeSocket('a');
    a.set(true, false);
    selector.register(a, EVENT_READ, 'a');
    expect(names(await selector.select(0))).toEqual(['a:1']);
    expect(names(await selector.select(0))).toEqual(['a:1']);
    expect(names(await selector.select(null))).toEqual(['a:1']); // no waiting, even with no limit
    a.set(false, false);
    expect(await selector.select(0)).toEqual([]);
  });

  it('select(0) only looks: it returns [] at once when nothing is ready', async () => {
    const [selector] = watching(EVENT_READ, 'a');
    const start = performance.now();
    expect(await selector.select(0)).toEqual([]);
    expect(since(start)).toBeLessThan(0.2);
  });

  it('select(timeout) waits about timeout seconds when nothing is ready, then returns []', async () => {
    const [selector] = watching(EVENT_READ | EVENT_WRITE, 'a');
    const start = performance.now();
    expect(await selector.select(0.1)).toEqual([]);
    const waited = since(start);
    expect(waited).toBeGreaterThanOrEqual(0.095); // Node's timers may fire up to 1 ms early
    expect(waited).toBeLessThan(1);
  });

  it('a watched socket that becomes ready ends the wait, and is returned', async () => {
    const [selector] = watching(EVENT_READ, 'a');
    const b = new FakeSocket('b');
    selector.register(b, EVENT_WRITE, 'b');
    setTimeout(() => b.set(false, true), 50);
    const start = performance.now();
    expect(names(await selector.select(null))).toEqual(['b:2']);
    expect(since(start)).toBeGreaterThanOrEqual(0.04);
    expect(since(start)).toBeLessThan(1);
  });

  it('a change that leaves the socket unready for what we asked ends the wait, with []', async () => {
    const [selector, [a]] = watching(EVENT_READ, 'a');
    setTimeout(() => a.set(false, true), 30); // writable: not what we watch it for
    expect(await selector.select(5)).toEqual([]);
  });

  it('wakeUp() ends a select(null) early, with no events', async () => {
    const [selector] = watching(EVENT_READ, 'a');
    setTimeout(selector.wakeUp, 50);
    const start = performance.now();
    expect(await selector.select(null)).toEqual([]);
    expect(since(start)).toBeGreaterThanOrEqual(0.04);
    expect(since(start)).toBeLessThan(1);
  });

  it('an unregistered socket no longer wakes the selector', async () => {
    const [selector, [a]] = watching(EVENT_READ, 'a');
    selector.unregister(a);
    selector.register(new FakeSocket('b'), EVENT_READ, 'b');
    setTimeout(() => a.set(true, false), 20);
    const start = performance.now();
    expect(await selector.select(0.15)).toEqual([]);
    expect(since(start)).toBeGreaterThanOrEqual(0.14);
  });

  // A tick's cost follows the sockets that are ready, not the ones watched.
  it('asks only the sockets that changed: 5,000 idle ones cost nothing per select', async () => {
    const idleNames = Array.from({ length: 5000 }, (_, i) => `idle ${i}`);
    const [selector, idle] = watching(EVENT_READ | EVENT_WRITE, ...idleNames);
    const busy = new FakeSocket('busy');
    selector.register(busy, EVENT_READ, 'busy');
    expect(await selector.select(0)).toEqual([]); // a new registration is asked once
    const askedIdle = (): number => idle.reduce((sum, sock) => sum + sock.asked, 0);
    const before = askedIdle();
    for (let i = 0; i < 100; i++) {
      busy.set(true, false);
      expect(names(await selector.select(0))).toEqual(['busy:1']);
      busy.set(false, false);
    }
    expect(askedIdle()).toBe(before);
  });

  it('a socket is asked again only after it says it changed', async () => {
    const [selector, [a]] = watching(EVENT_READ, 'a');
    expect(await selector.select(0)).toEqual([]);
    a.canRead = true; // changed without telling: the selector does not know
    expect(await selector.select(0)).toEqual([]);
    a.onChange?.();
    expect(names(await selector.select(0))).toEqual(['a:1']);
  });

  it('lists ready sockets in the order they were registered, not the order they changed', async () => {
    const [selector, [a, b, c]] = watching(EVENT_READ, 'a', 'b', 'c');
    expect(await selector.select(0)).toEqual([]);
    c.set(true, false);
    a.set(true, false);
    b.set(true, false);
    expect(names(await selector.select(0))).toEqual(['a:1', 'b:1', 'c:1']);
  });

  // So that others get reported in the same select.
  it('goes round Node\'s loop once even when a socket is ready', async () => {
    const selector = new Selector<string>();
    const a = new FakeSocket('a');
    const b = new FakeSocket('b');
    a.set(true, false);
    selector.register(a, EVENT_READ, 'a');
    selector.register(b, EVENT_READ, 'b');
    // Stands for libuv telling Node about b: it happens in Node's loop, not in ours.
    setImmediate(() => b.set(true, false));
    expect(names(await selector.select(null))).toEqual(['a:1', 'b:1']);
  });
});
