import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  awaitable, CancelledError, ensureFuture, Event, FIRST_COMPLETED, Lock, Loop, Queue, Task,
  TimeoutError, gather, getRunningLoop, run, sleep, wait, waitFor, type AwaitableCoro, type Coro,
  type Future,
} from '#step';

/** A native async function: it starts when called and resumes itself in microtasks. */
async function double(n: number): Promise<number> {
  await sleep(0.005);
  return n * 2;
}

function* shout(word: string): Coro<string> {
  yield* sleep(0.005);
  return word.toUpperCase();
}

describe('awaiting a loop future from a native async function', () => {
  it('gives its result, typed', async () => {
    const loop = new Loop();
    const f = loop.createFuture<string>();
    loop.callLater(0.01, () => f.setResult('ready'));
    async function main(): Promise<string> {
      const s = await f;
      expectTypeOf(s).toEqualTypeOf<string>();
      return s.toUpperCase();
    }
    expect(await loop.runUntilComplete(main())).toBe('READY');
  });

  it('throws its error at the await', async () => {
    const loop = new Loop();
    const f = loop.createFuture<string>();
    const boom = new RangeError('boom');
    loop.callSoon(() => f.setException(boom));
    async function main(): Promise<string> {
      try {
        return await f;
      } catch (e) {
        return e === boom ? 'caught the very error' : 'other';
      }
    }
    expect(await loop.runUntilComplete(main())).toBe('caught the very error');
  });

  it('throws CancelledError, with its message, when the future is cancelled', async () => {
    const loop = new Loop();
    const f = loop.createFuture<string>();
    loop.callSoon(() => f.cancel('gone'));
    async function main(): Promise<string> {
      try {
        return await f;
      } catch (e) {
        const { name, message } = e as Error;
        return `${name}: ${message}, instanceof ${e instanceof CancelledError}`;
      }
    }
    expect(await loop.runUntilComplete(main())).toBe('CancelledError: gone, instanceof true');
  });

  it('a task can be awaited like any future', async () => {
    const loop = new Loop();
    async function main(): Promise<string> {
      return await loop.createTask(shout('task'));
    }
    expect(await loop.runUntilComplete(main())).toBe('TASK');
  });
});

describe('the API coroutines can be awaited, and still yield*ed', () => {
  it('sleep(delay, value) returns the value, typed', async () => {
    async function main(): Promise<number> {
      const start = getRunningLoop().time();
      const n: number = await sleep(0.02, 5);
      expect(getRunningLoop().time() - start).toBeGreaterThanOrEqual(0.02);
      expectTypeOf(sleep(0.01, 5)).toEqualTypeOf<AwaitableCoro<number>>();
      expectTypeOf(sleep(0.01)).toEqualTypeOf<AwaitableCoro<undefined>>();
      return n;
    }
    expect(await run(main)).toBe(5);
  });

  it('gather takes promises, coroutines and futures: a typed tuple in argument order', async () => {
    async function main(): Promise<[number, string, number, string]> {
      const task = getRunningLoop().createTask(sleep(0.001, 4));
      const results = await gather(double(1), shout('b'), task, sleep(0.01, 'last'));
      expectTypeOf(results).toEqualTypeOf<[number, string, number, string]>();
      return results;
    }
    expect(await run(main)).toEqual([2, 'B', 4, 'last']);
  });

  // A Promise in last place is an awaitable, not the options object.
  it('gather with a Promise as its last argument keeps it', async () => {
    const results = await run(async () => await gather(shout('a'), double(1)));
    expect(results).toEqual(['A', 2]);
  });

  it('wait returns the done and pending sets', async () => {
    async function main(): Promise<string> {
      const loop = getRunningLoop();
      const quick = loop.createTask(sleep(0.005, 'quick'));
      const slow = loop.createTask(sleep(10, 'slow'));
      const { done, pending } = await wait([quick, slow], { returnWhen: FIRST_COMPLETED });
      expectTypeOf(done).toEqualTypeOf<Set<Future<string>>>();
      const results = [...done].map((f) => f.result()).join();
      return `done ${results}, pending has slow: ${pending.has(slow)}`;
    }
    expect(await run(main)).toBe('done quick, pending has slow: true');
  });

  it('waitFor gives the result in time or throws TimeoutError, for coroutines and promises', async () => {
    async function main(): Promise<string[]> {
      const out: string[] = [];
      out.push(await waitFor(shout('in time'), 1));
      out.push(String(await waitFor(double(21), 1)));
      for (const late of [sleep(1, 'late'), (async () => await sleep(1, 'late'))()]) {
        try {
          await waitFor(late, 0.01);
        } catch (e) {
          out.push(`${e instanceof TimeoutError} ${(e as Error).message}`);
        }
      }
      return out;
    }
    expect(await run(main)).toEqual([
      'IN TIME',
      '42',
      'true waitFor: timed out after 0.01 s',
      'true waitFor: timed out after 0.01 s',
    ]);
  });

  it('Queue put and get, Event.wait and Lock.acquire', async () => {
    const queue = new Queue<number>(1);
    const event = new Event();
    const lock = new Lock();
    const log: string[] = [];
    async function producer(): Promise<void> {
      for (let i = 1; i <= 3; i++) {
        await queue.put(i);
        log.push(`put ${i}`);
      }
    }
    async function consumer(): Promise<void> {
      for (let i = 1; i <= 3; i++) log.push(`got ${await queue.get()}`);
    }
    async function main(): Promise<void> {
      const loop = getRunningLoop();
      const waiter = loop.createTask((async () => log.push(`event: ${await event.wait()}`))());
      await gather(producer(), consumer());
      event.set();
      await waiter;
      const acquired: true = await lock.acquire();
      log.push(`lock: ${acquired}, locked ${lock.locked()}`);
      lock.release();
    }
    await run(main);
    expect(log).toEqual([
      ...['put 1', 'got 1', 'put 2', 'got 2', 'put 3', 'got 3'],
      ...['event: true', 'lock: true, locked true'],
    ]);
  });

  it('the same calls still work with yield* from a generator', async () => {
    const queue = new Queue<string>();
    const event = new Event();
    const lock = new Lock();
    function* main(): Coro<string[]> {
      const loop = getRunningLoop();
      const n: number = yield* sleep(0.001, 1);
      const [a, b] = yield* gather(double(n), shout('x'));
      const quick = loop.createTask(sleep(0.001, 'q'));
      const { done } = yield* wait([quick]);
      let timedOut = false;
      try {
        yield* waitFor(sleep(1), 0.001);
      } catch (e) {
        timedOut = e instanceof TimeoutError;
      }
      yield* queue.put('item');
      const item = yield* queue.get();
      event.set();
      const set = yield* event.wait();
      const locked = yield* lock.acquire();
      lock.release();
      return [a, b, done.has(quick), timedOut, item, set, locked].map(String);
    }
    expect(await run(main())).toEqual(['2', 'X', 'true', 'true', 'item', 'true', 'true']);
  });

  it('awaiting an API coroutine outside a running loop rejects: no running loop', async () => {
    await expect((async () => await sleep(0.01))()).rejects.toThrow(
      'getRunningLoop: no running event loop; call it from a coroutine or callback the loop runs',
    );
    const get = (async () => await new Queue<number>().get())();
    await expect(get).rejects.toThrow(/no running event loop/);
  });
});

describe('tasks that wait on native promises', () => {
  it('createTask(promise) gives a Task with its result, or its error', async () => {
    const loop = new Loop();
    const ok = loop.createTask(double(21));
    expect(ok).toBeInstanceOf(Task);
    expectTypeOf(ok).toEqualTypeOf<Task<number>>();
    expect(await loop.runUntilComplete(ok)).toBe(42);
    const boom = new Error('rejected');
    const bad = loop.createTask(Promise.reject(boom));
    await expect(loop.runUntilComplete(bad)).rejects.toThrow(boom);
    expect(bad.exception()).toBe(boom);
  });

  it('createTask refuses what is neither a generator object nor a Promise', () => {
    const loop = new Loop();
    const createTask = loop.createTask.bind(loop) as (x: unknown) => Task<unknown>;
    const refusal = 'createTask: expected a generator object or a Promise, got';
    expect(() => createTask(42)).toThrow(new TypeError(`${refusal} number 42`));
    expect(() => createTask(double)).toThrow(new TypeError(`${refusal} the function double`));
  });

  it('ensureFuture wraps a promise in a task too; its refusal names all three kinds', async () => {
    const loop = new Loop();
    const task = ensureFuture(double(2), loop);
    expect(task).toBeInstanceOf(Task);
    expect(await loop.runUntilComplete(task)).toBe(4);
    const ensure = ensureFuture as (x: unknown, l: Loop) => Future<unknown>;
    const refusal = 'expected a Future, a coroutine (a generator object) or a Promise';
    expect(() => ensure('job', loop)).toThrow(
      new TypeError(`ensureFuture: ${refusal}, got string job`),
    );
  });

  it('a generator task waits on a promise through a task of its own', async () => {
    const loop = new Loop();
    function* main(): Coro<string> {
      const n = yield* loop.createTask(double(4));
      return `got ${n}`;
    }
    expect(await loop.runUntilComplete(main())).toBe('got 8');
  });

  it('cancelling a task waiting on a promise stops the waiting; the promise runs on', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const work = new Promise<string>((resolve) =>
      setTimeout(() => {
        log.push('the promise ran on');
        resolve('late');
      }, 50),
    );
    const task = loop.createTask(work);
    loop.callSoon(() => task.cancel('stop waiting'));
    const start = performance.now();
    await expect(loop.runUntilComplete(task)).rejects.toThrow(
      new CancelledError('stop waiting'),
    );
    expect(performance.now() - start).toBeLessThan(40);
    expect(task.cancelled()).toBe(true);
    expect(log).toEqual([]);
    expect(await work).toBe('late');
    expect(log).toEqual(['the promise ran on']);
  });

  it('runUntilComplete(promise) runs the loop until the promise settles', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.callLater(0.01, () => log.push('loop timer'));
    const settled = new Promise<string>((resolve) => setTimeout(() => resolve('settled'), 30));
    expect(await loop.runUntilComplete(settled)).toBe('settled');
    expect(log).toEqual(['loop timer']);
    const rejected = Promise.reject(new TypeError('no'));
    await expect(loop.runUntilComplete(rejected)).rejects.toThrow(new TypeError('no'));
  });
});

describe('run(async function) and run(promise)', () => {
  it('run(main) calls main once the loop runs: getRunningLoop() works in it across awaits', async () => {
    const seen: Loop[] = [];
    async function main(): Promise<string> {
      seen.push(getRunningLoop());
      await sleep(0.001);
      seen.push(getRunningLoop());
      return 'main is done';
    }
    expect(await run(main)).toBe('main is done');
    expect(seen[0]).toBeInstanceOf(Loop);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0]?.isClosed()).toBe(true);
    function* gen(): Coro<number> {
      yield* sleep(0.001);
      return 7;
    }
    expect(await run(gen)).toBe(7);
  });

  it('run(main()) starts main before the loop exists: its first lines see no loop', async () => {
    const log: string[] = [];
    async function main(): Promise<string> {
      log.push('main starts');
      const loop = getRunningLoop();
      await sleep(0.001);
      return String(loop.isRunning());
    }
    const promise = main();
    expect(log).toEqual(['main starts']); // it ran at the call, with no loop anywhere
    await expect(run(promise)).rejects.toThrow(/no running event loop/);
  });

  it('after a waitFor timeout an async function runs on; run() cancels its await', async () => {
    let fate = 'pending';
    async function download(): Promise<string> {
      try {
        await sleep(10);
        return 'done';
      } catch (e) {
        fate = `rejected with ${(e as Error).name}`;
        throw e;
      }
    }
    async function main(): Promise<string> {
      try {
        await waitFor(download(), 0.02);
      } catch (e) {
        return `${(e as Error).name}, download ${fate}`;
      }
      return 'no timeout';
    }
    expect(await run(main)).toBe('TimeoutError, download pending');
    expect(fate).toBe('rejected with CancelledError');
  });

  it('run(promise) waits for a promise that needs no loop to start', async () => {
    expect(await run(new Promise<number>((resolve) => setTimeout(() => resolve(3), 5)))).toBe(3);
  });
});

describe('ordering between ticks and microtasks', () => {
  it('microtasks queued by a callback run before the next tick computes its timeout', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.callSoon(() => {
      void Promise.resolve().then(() =>
        loop.callSoon(() => {
          log.push('scheduled from a microtask');
          loop.stop();
        }),
      );
    });
    await loop.runForever(); // with no microtask first, the loop would see nothing, throw "idle"
    expect(log).toEqual(['scheduled from a microtask']);
  });

  // Before it would sleep, the loop goes round Node's loop once, so every microtask ran.
  it('work scheduled three microtask hops after a tick is seen too', async () => {
    const loop = new Loop();
    const log: string[] = [];
    async function helper(): Promise<void> {
      await null;
      await null;
    }
    async function later(): Promise<void> {
      await helper();
      loop.callSoon(() => {
        log.push('ran');
        loop.stop();
      });
    }
    loop.callSoon(() => void later());
    await loop.runForever();
    expect(log).toEqual(['ran']);
  });

  // A native await resumes after every callback of the tick after setResult.
  it('a generator task resumes in the tick after setResult; a native await after it', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const f = loop.createFuture<string>();
    let tick = 0;
    const marker = (): void => {
      log.push(`tick ${++tick}`);
      if (tick < 4) loop.callSoon(marker); // first in every tick
    };
    async function native(): Promise<void> {
      log.push('native waits');
      log.push(`native got ${await f}`);
    }
    function* generator(): Coro<void> {
      log.push('generator waits');
      log.push(`generator got ${yield* f}`);
    }
    loop.callSoon(marker);
    loop.createTask(generator());
    loop.callSoon(() => void native());
    loop.callSoon(() =>
      loop.callSoon(() => {
        f.setResult('x');
        log.push('result set');
        loop.callSoon(() => log.push('queued after setResult'));
      }),
    );
    const end = loop.createFuture<void>();
    loop.callLater(0.02, () => end.setResult());
    await loop.runUntilComplete(end);
    expect(log).toEqual([
      'tick 1',
      'generator waits',
      'native waits', // a native async function runs at the call, up to its first await
      'tick 2',
      'result set', // schedules the done callbacks: the task's wakeup, then the promise's settle
      'tick 3',
      'generator got x', // the wakeup resumes the generator inside the tick
      'queued after setResult', // the tick runs to its end
      'native got x', // then the microtasks: the settled promise resumes the async function
      'tick 4',
    ]);
  });

  it('an idle loop with a promise in play waits for it: no "would wait forever"', async () => {
    const loop = new Loop();
    const log: string[] = [];
    void new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() =>
      loop.callSoon(() => {
        log.push('woken by a callSoon from a promise');
        loop.stop();
      }),
    );
    // Nothing is ready and no timer is set: without a promise in play this would throw.
    await expect(loop.runOnce()).rejects.toThrow(/would wait forever/);
    const f = loop.createFuture<void>();
    async function waiter(): Promise<void> {
      await f; // awaiting a future puts a promise in play
    }
    void waiter();
    const start = performance.now();
    await loop.runForever();
    expect(log).toEqual(['woken by a callSoon from a promise']);
    expect(performance.now() - start).toBeGreaterThanOrEqual(15);
  });

  it('a future already done can be awaited with no loop running, as asyncio allows', async () => {
    const loop = new Loop();
    const task = loop.createTask(sleep(0.001, 'done'));
    await loop.runUntilComplete(task);
    expect(await task).toBe('done');
  });

  it('awaiting the same API coroutine twice runs it once', async () => {
    const loop = new Loop();
    let runs = 0;
    const coro = awaitable(
      (function* counted(): Coro<number> {
        runs++;
        yield;
        return runs;
      })(),
    );
    async function main(): Promise<number[]> {
      return [await coro, await coro];
    }
    expect(await loop.runUntilComplete(main())).toEqual([1, 1]);
  });
});

/** What `body` cost: its value, and the wall-clock and CPU milliseconds it took. */
async function cost<T>(body: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const before = process.cpuUsage();
  const start = performance.now();
  const value = await body();
  const wall = performance.now() - start;
  const { user, system } = process.cpuUsage(before);
  return { value, wall, cpu: (user + system) / 1000 };
}

describe('a loop that waits for promises', () => {
  it('does not spin while it waits for a native promise', async () => {
    const loop = new Loop();
    const fired = new Promise<string>((resolve) => setTimeout(() => resolve('fired'), 300));
    const { value, wall, cpu } = await cost(() => loop.runUntilComplete(fired));
    expect(value).toBe('fired');
    expect(wall).toBeGreaterThanOrEqual(290); // Node's setTimeout may fire a bit early on our clock
    expect(cpu).toBeLessThan(60);
  });

  it('nor while a native await waits for a timer of the loop', async () => {
    const loop = new Loop();
    const { wall, cpu } = await cost(() => loop.runUntilComplete((async () => await sleep(0.3))()));
    expect(wall).toBeGreaterThanOrEqual(300);
    expect(cpu).toBeLessThan(60);
  });

  it('isRunning() is true from the call of runForever() until its promise settles', async () => {
    const loop = new Loop();
    const seen: boolean[] = [];
    const fired = new Promise<void>((resolve) =>
      setTimeout(() => {
        seen.push(loop.isRunning()); // Node runs this while the loop waits for the promise
        resolve();
      }, 20),
    );
    const running = loop.runUntilComplete(fired);
    seen.push(loop.isRunning()); // runForever() has handed back its promise
    await running;
    seen.push(loop.isRunning());
    expect(seen).toEqual([true, true, false]);
  });

  it('idle with no promise in play: it would wait forever', async () => {
    const loop = new Loop();
    await expect(loop.runForever()).rejects.toThrow(
      'Event loop is idle: nothing is ready, no timer is scheduled and no promise is pending, ' +
        'so it would wait forever.',
    );
    expect(loop.isRunning()).toBe(false);
  });
});
