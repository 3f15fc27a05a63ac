import { describe, expect, it } from 'vitest';
import {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Loop,
  sleep,
  wait,
  type Coro,
  type Future,
  type ReturnWhen,
  type Task,
} from '#step';

function* value<T>(v: T, seconds: number): Coro<T> {
  yield* sleep(seconds);
  return v;
}

/** Finish after `n` ticks: an order that does not depend on the clock. */
function* afterTicks<T>(v: T, n: number): Coro<T> {
  for (let i = 0; i < n; i++) yield;
  return v;
}

function* failAfterTicks(message: string, n: number): Coro<string> {
  for (let i = 0; i < n; i++) yield;
  throw new Error(message);
}

/** The results of the done futures, sorted: sets have no meaningful order. */
function names(fs: Set<Future<string>>): string[] {
  const name = (f: Future<string>): string =>
    f.exception() ? `error:${(f.exception() as Error).message}` : f.result();
  return [...fs].map(name).sort();
}

/** The names of the done futures, and how many are pending. */
type Split = [string[], number];

describe('wait', () => {
  const scenario = async (returnWhen?: ReturnWhen, timeout?: number): Promise<Split> => {
    const loop = new Loop();
    function* main(): Coro<Split> {
      const tasks: Task<string>[] = [
        loop.createTask(afterTicks('a', 1)),
        loop.createTask(failAfterTicks('b', 3)),
        loop.createTask(value('c', 0.2)),
      ];
      const { done, pending } = yield* wait(tasks, {
        ...(returnWhen ? { returnWhen } : {}),
        ...(timeout === undefined ? {} : { timeout }),
      });
      const result: Split = [names(done), pending.size];
      // names() takes the error of b, which fails later: nothing is left unretrieved.
      if (pending.size > 0) names((yield* wait(pending)).done);
      return result;
    }
    return await loop.runUntilComplete(main());
  };

  it('ALL_COMPLETED (the default) waits for every future, failed ones too', async () => {
    expect(await scenario()).toEqual([['a', 'c', 'error:b'], 0]);
    expect(await scenario(ALL_COMPLETED)).toEqual([['a', 'c', 'error:b'], 0]);
  });

  it('FIRST_COMPLETED returns as soon as one is done', async () => {
    expect(await scenario(FIRST_COMPLETED)).toEqual([['a'], 2]);
  });

  it('FIRST_EXCEPTION returns at the first failure', async () => {
    expect(await scenario(FIRST_EXCEPTION)).toEqual([['a', 'error:b'], 1]);
  });

  it('FIRST_EXCEPTION without any failure waits for all', async () => {
    const loop = new Loop();
    function* main(): Coro<number> {
      const tasks = [loop.createTask(afterTicks('x', 1)), loop.createTask(value('y', 0.02))];
      const { done } = yield* wait(tasks, { returnWhen: FIRST_EXCEPTION });
      return done.size;
    }
    expect(await loop.runUntilComplete(main())).toBe(2);
  });

  it('a timeout returns what is done so far, without an error', async () => {
    expect(await scenario(ALL_COMPLETED, 0.05)).toEqual([['a', 'error:b'], 1]);
  });

  it('accepts any iterable, a Set included, and returns the same future objects', async () => {
    const loop = new Loop();
    function* main(): Coro<boolean> {
      const t = loop.createTask(value('t', 0.001));
      const { done } = yield* wait(new Set([t]));
      return done.has(t);
    }
    expect(await loop.runUntilComplete(main())).toBe(true);
  });

  it('futures already done make wait return on the next wake-up', async () => {
    const loop = new Loop();
    function* main(): Coro<number> {
      const f = loop.createFuture<string>();
      f.setResult('ready');
      const { done } = yield* wait([f], { returnWhen: FIRST_COMPLETED });
      return done.size;
    }
    expect(await loop.runUntilComplete(main())).toBe(1);
  });

  it('rejects an empty list, a single future, coroutines, a bad returnWhen and a bad timeout', async () => {
    const loop = new Loop();
    const attempt = async (args: () => Coro<unknown>): Promise<string> => {
      function* main(): Coro<string> {
        try {
          yield* args();
          return 'no error';
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      }
      return await loop.runUntilComplete(main());
    };
    const f = loop.createFuture<string>();
    expect(await attempt(() => wait([]))).toBe(
      'TypeError: wait: expected at least one future, got none',
    );
    expect(await attempt(() => wait([value('x', 0)] as unknown as Future<string>[]))).toBe(
      'TypeError: wait: got a coroutine; pass tasks (loop.createTask(coro)) ' +
        'so that you can find them in done and pending',
    );
    // A Future is iterable (for yield*), and a coroutine too: neither is a list of futures.
    expect(await attempt(() => wait(f as unknown as Future<string>[]))).toBe(
      'TypeError: wait: expected an iterable of futures, got <Future pending>; ' +
        'write wait([future])',
    );
    expect(await attempt(() => wait(value('x', 0) as unknown as Future<string>[]))).toBe(
      'TypeError: wait: expected an iterable of futures, got a coroutine',
    );
    expect(await attempt(() => wait(['x'] as unknown as Future<string>[]))).toBe(
      'TypeError: wait: expected futures, got string x',
    );
    expect(await attempt(() => wait([f], { returnWhen: 'SOMETIMES' as ReturnWhen }))).toBe(
      'TypeError: wait: invalid returnWhen SOMETIMES; ' +
        'use FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED',
    );
    expect(await attempt(() => wait([f], { timeout: -1 }))).toBe(
      'RangeError: wait: timeout must be a number of seconds >= 0, got -1',
    );
  });
});
