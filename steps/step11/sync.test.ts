import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Event,
  Lock,
  Loop,
  Queue,
  QueueEmpty,
  QueueFull,
  type Task,
  getRunningLoop,
  run,
  sleep,
  type Coro,
} from '#step';

/**
 * A promise of what `f()` returns; what it throws (before step 12) or rejects with
 * (from step 12 on, where run methods return promises) rejects it. Marked handled
 * at once, so that awaiting it later raises no unhandled-rejection warning.
 */
function settle(f: () => unknown): Promise<unknown> {
  const promise = (async () => f())();
  promise.catch(() => {});
  return promise;
}

describe('Event', () => {
  it('wakes every waiter in the order they came; wait() on a set event returns now', async () => {
    const log: string[] = [];
    const event = new Event();
    function* waiter(name: string): Coro<void> {
      const got = yield* event.wait();
      log.push(`${name} woke with ${got}`);
    }
    function* main(): Coro<void> {
      const loop = getRunningLoop();
      const tasks = ['a', 'b', 'c'].map((n) => loop.createTask(waiter(n)));
      yield* sleep(0.01);
      log.push(`set (isSet was ${event.isSet()})`);
      event.set();
      event.set();
      for (const t of tasks) yield* t;
      yield* waiter('late');
      event.clear();
      log.push(`cleared: isSet ${event.isSet()}`);
    }
    await run(main());
    expect(log).toEqual([
      'set (isSet was false)',
      'a woke with true',
      'b woke with true',
      'c woke with true',
      'late woke with true',
      'cleared: isSet false',
    ]);
  });

  it('a cancelled waiter leaves the others waiting', async () => {
    const event = new Event();
    const log: string[] = [];
    function* main(): Coro<void> {
      const loop = getRunningLoop();
      const a = loop.createTask(event.wait());
      const b = loop.createTask(event.wait());
      yield;
      a.cancel();
      yield;
      event.set();
      log.push(`b: ${yield* b}, a cancelled: ${a.cancelled()}`);
    }
    await run(main());
    expect(log).toEqual(['b: true, a cancelled: true']);
  });
});

describe('Lock', () => {
  it('gives the lock to three contenders in FIFO order, one at a time', async () => {
    const lock = new Lock();
    const log: string[] = [];
    function* worker(name: string): Coro<void> {
      yield* lock.acquire();
      try {
        log.push(`${name} in`);
        yield* sleep(0.01);
        log.push(`${name} out`);
      } finally {
        lock.release();
      }
    }
    function* main(): Coro<void> {
      const loop = getRunningLoop();
      const tasks = ['a', 'b', 'c'].map((n) => loop.createTask(worker(n)));
      for (const t of tasks) yield* t;
      log.push(`locked at the end: ${lock.locked()}`);
    }
    await run(main());
    expect(log).toEqual([
      'a in', 'a out', 'b in', 'b out', 'c in', 'c out',
      'locked at the end: false',
    ]);
  });

  it('nobody jumps the queue: a newcomer waits behind a waiter, even for a free lock', async () => {
    const lock = new Lock();
    const log: string[] = [];
    function* main(): Coro<void> {
      const loop = getRunningLoop();
      yield* lock.acquire();
      const waiter = loop.createTask(
        (function* (): Coro<void> {
          yield* lock.acquire();
          log.push('waiter got it');
          lock.release();
        })(),
      );
      yield;
      lock.release();
      // The lock is free, but the waiter was woken first: we must queue behind it.
      yield* lock.acquire();
      log.push('newcomer got it');
      lock.release();
      yield* waiter;
    }
    await run(main());
    expect(log).toEqual(['waiter got it', 'newcomer got it']);
  });

  it('a waiter cancelled after being woken passes the lock on', async () => {
    const lock = new Lock();
    const log: string[] = [];
    function* contender(name: string): Coro<void> {
      yield* lock.acquire();
      log.push(`${name} got it`);
      lock.release();
    }
    function* main(): Coro<void> {
      const loop = getRunningLoop();
      yield* lock.acquire();
      const b = loop.createTask(contender('b'));
      const c = loop.createTask(contender('c'));
      yield;
      lock.release();
      b.cancel();
      yield* c;
      log.push(`b cancelled: ${b.cancelled()}`);
    }
    await run(main());
    expect(log).toEqual(['c got it', 'b cancelled: true']);
  });

  it('releasing a lock that is not held is an error', () => {
    expect(() => new Lock().release()).toThrow(new Error('Lock.release: the lock is not acquired'));
  });

  it('may be made before a loop runs; binds to the loop of its first wait only', async () => {
    const event = new Event();
    function* use(): Coro<void> {
      const waiter = getRunningLoop().createTask(event.wait());
      yield;
      event.set();
      yield* waiter;
    }
    await run(use());
    function* again(): Coro<true> {
      event.clear();
      return yield* event.wait();
    }
    await expect(settle(() => run(again()))).rejects.toThrow(
      'Event is bound to a different event loop',
    );
  });
});

describe('Queue', () => {
  it('a bounded queue of size 1 between a producer and a consumer keeps FIFO order', async () => {
    const queue = new Queue<number>(1);
    const log: string[] = [];
    function* producer(): Coro<void> {
      for (let i = 1; i <= 3; i++) {
        yield* queue.put(i);
        log.push(`put ${i}`);
      }
    }
    function* consumer(): Coro<void> {
      for (let i = 1; i <= 3; i++) {
        const item = yield* queue.get();
        log.push(`got ${item}`);
      }
    }
    function* main(): Coro<void> {
      const loop = getRunningLoop();
      const p = loop.createTask(producer());
      const c = loop.createTask(consumer());
      yield* p;
      yield* c;
    }
    await run(main());
    expect(log).toEqual(['put 1', 'got 1', 'put 2', 'got 2', 'put 3', 'got 3']);
  });

  it('putNowait and getNowait throw QueueFull and QueueEmpty', () => {
    const queue = new Queue<string>(2);
    expect(queue.maxsize).toBe(2);
    expect(queue.empty()).toBe(true);
    expect(() => queue.getNowait()).toThrow(new QueueEmpty('Queue.getNowait: the queue is empty'));
    queue.putNowait('a');
    queue.putNowait('b');
    expect(queue.full()).toBe(true);
    expect(queue.qsize()).toBe(2);
    expect(() => queue.putNowait('c')).toThrow(
      new QueueFull('Queue.putNowait: the queue is full (maxsize 2)'),
    );
    expect(queue.getNowait()).toBe('a');
    expect(queue.getNowait()).toBe('b');
  });

  it('an unbounded queue is never full', () => {
    const queue = new Queue<number>();
    for (let i = 0; i < 1000; i++) queue.putNowait(i);
    expect(queue.full()).toBe(false);
    expect(queue.qsize()).toBe(1000);
  });

  it('join() waits for a taskDone() per item; too many taskDone() is an error', async () => {
    const queue = new Queue<string>();
    const log: string[] = [];
    function* worker(): Coro<never> {
      for (;;) {
        const job = yield* queue.get();
        yield* sleep(0.005);
        log.push(`done ${job}`);
        queue.taskDone();
      }
    }
    function* main(): Coro<void> {
      const loop = getRunningLoop();
      loop.createTask(worker());
      for (const job of ['x', 'y']) queue.putNowait(job);
      yield* queue.join();
      log.push('joined');
      yield* queue.join();
      log.push('joined again at once');
    }
    await run(main());
    expect(log).toEqual(['done x', 'done y', 'joined', 'joined again at once']);
    expect(() => queue.taskDone()).toThrow(
      new RangeError('Queue.taskDone: called more times than items were put'),
    );
  });

  it('a cancelled getter does not swallow an item', async () => {
    const queue = new Queue<string>();
    const log: string[] = [];
    function* main(): Coro<void> {
      const loop = getRunningLoop();
      const g1 = loop.createTask(queue.get());
      const g2 = loop.createTask(queue.get());
      yield;
      queue.putNowait('only item');
      g1.cancel();
      log.push(`g2 got ${yield* g2}`);
      log.push(`g1 cancelled ${g1.cancelled()}`);
    }
    await run(main());
    expect(log).toEqual(['g2 got only item', 'g1 cancelled true']);
  });

  it('rejects a bad maxsize', () => {
    expect(() => new Queue(-1)).toThrow(
      new RangeError('Queue: maxsize must be an integer >= 0, got -1'),
    );
    expect(() => new Queue(1.5)).toThrow(RangeError);
  });
});

describe('run and close', () => {
  it('run() returns the result of main on a fresh loop, then closes it', async () => {
    let seen: Loop | undefined;
    function* main(): Coro<number> {
      seen = getRunningLoop();
      yield* sleep(0.001);
      return 42;
    }
    expect(await run(main())).toBe(42);
    expect(seen?.isClosed()).toBe(true);
  });

  it('run() throws the error of main, and still closes the loop', async () => {
    let seen: Loop | undefined;
    function* main(): Coro<number> {
      seen = getRunningLoop();
      yield;
      throw new TypeError('main failed');
    }
    await expect(settle(() => run(main()))).rejects.toThrow(new TypeError('main failed'));
    expect(seen?.isClosed()).toBe(true);
  });

  it('run() cancels the tasks left over and waits for their cleanup', async () => {
    const log: string[] = [];
    function* leftover(name: string): Coro<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log.push(`${name}: ${(e as Error).name}`);
        throw e;
      } finally {
        yield* sleep(0.001);
        log.push(`${name}: cleaned up`);
      }
    }
    function* main(): Coro<string> {
      const loop = getRunningLoop();
      loop.createTask(leftover('a'));
      loop.createTask(leftover('b'));
      yield;
      return 'main done';
    }
    expect(await run(main())).toBe('main done');
    expect(log).toEqual([
      'a: CancelledError',
      'b: CancelledError',
      'a: cleaned up',
      'b: cleaned up',
    ]);
  });

  it('a leftover task that fails during shutdown is reported, not swallowed', async () => {
    const messages: string[] = [];
    function* bad(): Coro<void> {
      try {
        yield* sleep(10);
      } catch {
        throw new Error('failed while cancelled');
      }
    }
    function* main(): Coro<void> {
      const loop = getRunningLoop();
      loop.setExceptionHandler((_l, c) => {
        messages.push(`${c.message} / ${(c.exception as Error).message}`);
      });
      loop.createTask(bad());
      yield;
    }
    await run(main());
    expect(messages).toEqual([
      'unhandled exception during run() shutdown: ' +
        '<Task finished exception=Error: failed while cancelled> / failed while cancelled',
    ]);
  });

  it("a shutdown report carries the failed task in its context, as asyncio's does", async () => {
    const reports: [string, unknown][] = [];
    let leftover: Task<void> | undefined;
    function* bad(): Coro<void> {
      try {
        yield* sleep(10);
      } catch {
        throw new RangeError('failed while cancelled');
      }
    }
    function* main(): Coro<void> {
      getRunningLoop().setExceptionHandler((_l, c) => void reports.push([c.message, c.task]));
      leftover = getRunningLoop().createTask(bad());
      yield;
    }
    await run(main());
    expect(reports.map(([message]) => message)).toEqual([
      'unhandled exception during run() shutdown: ' +
        '<Task finished exception=RangeError: failed while cancelled>',
    ]);
    expect(reports[0]?.[1]).toBe(leftover); // not toEqual: that would iterate the task
  });

  it('run() cannot be called from a running loop', async () => {
    let nested: Promise<unknown> | undefined;
    function* main(): Coro<string> {
      yield;
      nested = settle(() => run(sleep(0)));
      return 'main done';
    }
    expect(await run(main())).toBe('main done');
    await expect(nested).rejects.toThrow(/^run\(\) cannot be called from a running event loop$/);
  });

  it('a closed loop cannot run or schedule; close() twice is fine; a running one cannot', async () => {
    const loop = new Loop();
    let closeError = '';
    loop.callSoon(() => {
      try {
        loop.close();
      } catch (e) {
        closeError = (e as Error).message;
      }
      loop.stop();
    });
    await loop.runForever();
    expect(closeError).toBe('Cannot close a running event loop.');
    loop.callLater(10, () => {});
    loop.close();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    await expect(settle(() => loop.runForever())).rejects.toThrow('Event loop is closed.');
    expect(() => loop.callSoon(() => {})).toThrow('Event loop is closed.');
    expect(() => loop.callLater(1, () => {})).toThrow('Event loop is closed.');
    await expect(settle(() => loop.runUntilComplete(sleep(0)))).rejects.toThrow(
      'Event loop is closed.',
    );
  });

  it('a cancelled task leaves the loop task list; allTasks() lists what is pending', async () => {
    const loop = new Loop();
    const t = loop.createTask(sleep(10));
    const u = loop.createTask(sleep(0));
    const pending = (): boolean[] => loop.allTasks().map((task) => task === t || task === u);
    expect(pending()).toEqual([true, true]);
    await loop.runUntilComplete(u);
    expect(loop.allTasks()).toHaveLength(1);
    expect(loop.allTasks()[0]).toBe(t);
    t.cancel();
    await expect(settle(() => loop.runUntilComplete(t))).rejects.toThrow(CancelledError);
    expect(loop.allTasks()).toHaveLength(0);
  });
});
