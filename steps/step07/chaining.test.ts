import { describe, expect, expectTypeOf, it } from 'vitest';
import { Loop, Task, ensureFuture, getRunningLoop, sleep, type Coro } from '#step';

/** A run method's outcome as a promise: it returns or throws before step 12, settles after. */
const settled = async <T>(run: () => T): Promise<Awaited<T>> => await run();

function* add(a: number, b: number): Coro<number> {
  yield* sleep(0);
  return a + b;
}

describe('chaining with yield*', () => {
  it('yield* a coroutine returns its typed result', async () => {
    const loop = new Loop();
    function* main(): Coro<number> {
      const n: number = yield* add(1, 2);
      expectTypeOf(n).toEqualTypeOf<number>();
      return yield* add(n, 10);
    }
    expectTypeOf(add(1, 2)).toEqualTypeOf<Coro<number>>();
    expect(await loop.runUntilComplete(main())).toBe(13);
  });

  it('yield* a future waits for it and returns its typed result', async () => {
    const loop = new Loop();
    const f = loop.createFuture<string>();
    loop.callLater(0.01, () => f.setResult('ready'));
    function* main(): Coro<string> {
      const s = yield* f;
      expectTypeOf(s).toEqualTypeOf<string>();
      return s.toUpperCase();
    }
    expect(await loop.runUntilComplete(main())).toBe('READY');
  });

  it('yield* a task returns its result', async () => {
    const loop = new Loop();
    function* main(): Coro<number> {
      const t: Task<number> = loop.createTask(add(2, 3));
      const n = yield* t;
      expectTypeOf(n).toEqualTypeOf<number>();
      return n;
    }
    expect(await loop.runUntilComplete(main())).toBe(5);
  });

  it('yield* a future that is already done does not give up the tick', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const f = loop.createFuture<number>();
    f.setResult(1);
    function* main(): Coro<void> {
      log.push('before');
      log.push(`got ${yield* f}`);
    }
    loop.createTask(main());
    loop.callSoon(() => log.push('other callback'));
    await loop.runOnce();
    // Had the task given up the tick, 'other callback' would come before 'got 1'.
    expect(log).toEqual(['before', 'got 1', 'other callback']);
  });

  it('a yield* chain is one task: nested coroutines run in that task', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* inner(): Coro<string> {
      log.push('inner start');
      yield* sleep(0.01);
      log.push('inner end');
      return 'inner';
    }
    function* outer(): Coro<string> {
      log.push('outer start');
      const r = yield* inner();
      log.push(`outer got ${r}`);
      return r;
    }
    expect(await loop.runUntilComplete(outer())).toBe('inner');
    expect(log).toEqual(['outer start', 'inner start', 'inner end', 'outer got inner']);
  });

  it('sleep(delay) waits at least delay seconds; sleep(delay, value) returns the value', async () => {
    const loop = new Loop();
    function* main(): Coro<[string, number]> {
      const start = loop.time();
      const v = yield* sleep(0.05, 'value');
      expectTypeOf(v).toEqualTypeOf<string>();
      return [v, loop.time() - start];
    }
    const [v, elapsed] = await loop.runUntilComplete(main());
    expect(v).toBe('value');
    expect(elapsed).toBeGreaterThanOrEqual(0.05);
  });

  it('sleep(0) gives up exactly one tick, like a bare yield', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* player(name: string): Coro<void> {
      for (let i = 0; i < 2; i++) {
        log.push(`${name}${i}`);
        yield* sleep(0);
      }
    }
    loop.createTask(player('a'));
    const b = loop.createTask(player('b'));
    await loop.runUntilComplete(b);
    expect(log).toEqual(['a0', 'b0', 'a1', 'b1']);
  });

  it('sleeps wake up in deadline order', async () => {
    const loop = new Loop();
    const log: number[] = [];
    function* nap(n: number): Coro<void> {
      yield* sleep(n / 100);
      log.push(n);
    }
    const tasks = [3, 1, 2].map((n) => loop.createTask(nap(n)));
    await loop.runUntilComplete(tasks[0] as Task<void>);
    expect(log).toEqual([1, 2, 3]);
  });

  it('getRunningLoop() returns the running loop inside, and throws a clear error outside', async () => {
    const loop = new Loop();
    function* main(): Coro<Loop> {
      yield;
      return getRunningLoop();
    }
    expect(await loop.runUntilComplete(main())).toBe(loop);
    expect(() => getRunningLoop()).toThrow(
      'getRunningLoop: no running event loop; call it from a coroutine or callback the loop runs',
    );
    await expect(settled(() => loop.runUntilComplete(sleep(0.01)))).resolves.toBeUndefined();
  });

  it('ensureFuture uses the running loop when none is given', async () => {
    const loop = new Loop();
    function* main(): Coro<number> {
      const t = ensureFuture(add(20, 22));
      expect(t).toBeInstanceOf(Task);
      return yield* t;
    }
    expect(await loop.runUntilComplete(main())).toBe(42);
    expect(() => ensureFuture(add(1, 1))).toThrow(/no running event loop/);
  });

  it('a loop refuses to run while another loop is running', async () => {
    const outer = new Loop();
    const inner = new Loop();
    let nested: Promise<void> | undefined;
    outer.callSoon(() => {
      nested = settled(() => inner.runForever());
      outer.stop();
    });
    await outer.runForever();
    await expect(nested).rejects.toThrow(
      /^Cannot run the event loop while another loop is running\.$/,
    );
    expect(inner.isRunning()).toBe(false);
  });

  it('runUntilComplete refuses while another loop runs, before it wraps the coroutine', async () => {
    const outer = new Loop();
    const inner = new Loop();
    const log: string[] = [];
    function* job(): Coro<void> {
      log.push('job ran');
    }
    outer.callSoon(() => {
      settled(() => inner.runUntilComplete(job())).catch((e: Error) => log.push(e.message));
      outer.stop();
    });
    await outer.runForever();
    inner.callSoon(() => inner.stop());
    await inner.runForever(); // no task was left on the inner loop to run job later
    expect(log).toEqual(['Cannot run the event loop while another loop is running.']);
  });

  it('iterating a pending future outside a task is a clear error', () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    const it = f[Symbol.iterator]();
    const first = it.next();
    expect(first.done).toBe(false);
    expect(first.value).toBe(f);
    expect(() => it.next()).toThrow(
      'yield* future was resumed before the future was done: was it used outside a Task?',
    );
  });
});
