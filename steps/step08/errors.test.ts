import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Loop, sleep, type Coro, type ErrorContext, type Future } from '#step';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collect garbage and give the FinalizationRegistry a few turns of Node's loop to report. */
async function collectGarbage(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A run method's outcome as a promise: it returns or throws before step 12, settles after. */
const settled = async <T>(run: () => T): Promise<Awaited<T>> => await run();

function* failing(message: string): Coro<never> {
  yield* sleep(0.001);
  throw new Error(message);
}

describe('when things go wrong', () => {
  it('an error travels up the yield* chain, thrown at each yield point, running finally blocks', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* inner(): Coro<number> {
      try {
        yield* failing('deep');
        return 1;
      } finally {
        log.push('inner finally');
      }
    }
    function* middle(): Coro<number> {
      try {
        return yield* inner();
      } finally {
        log.push('middle finally');
      }
    }
    function* outer(): Coro<string> {
      try {
        yield* middle();
        return 'not reached';
      } catch (e) {
        log.push(`outer caught ${(e as Error).message}`);
        return 'recovered';
      }
    }
    expect(await loop.runUntilComplete(outer())).toBe('recovered');
    expect(log).toEqual(['inner finally', 'middle finally', 'outer caught deep']);
  });

  it('an uncaught error fails the task, which keeps it; waiting tasks get it thrown in', async () => {
    const loop = new Loop();
    const err = new Error('kept');
    function* boom(): Coro<number> {
      yield;
      throw err;
    }
    const task = loop.createTask(boom());
    function* waiter(): Coro<string> {
      try {
        yield* task;
        return 'no';
      } catch (e) {
        return e === err ? 'same error object' : 'other';
      }
    }
    expect(await loop.runUntilComplete(waiter())).toBe('same error object');
    expect(task.done()).toBe(true);
    expect(task.exception()).toBe(err);
    expect(() => task.result()).toThrow(err);
  });

  it('a task that catches an error goes on and can succeed', async () => {
    const loop = new Loop();
    function* resilient(): Coro<string[]> {
      const out: string[] = [];
      for (const m of ['a', 'b']) {
        try {
          yield* failing(m);
        } catch (e) {
          out.push((e as Error).message);
        }
      }
      return out;
    }
    expect(await loop.runUntilComplete(resilient())).toEqual(['a', 'b']);
  });

  it('an error nobody retrieved is reported through the exception handler once collected', async () => {
    const loop = new Loop();
    const contexts: ErrorContext[] = [];
    loop.setExceptionHandler((_l, c) => void contexts.push(c));
    (function forget(): void {
      loop.createTask(failing('forgotten'));
    })();
    await loop.runUntilComplete(sleep(0.01));
    expect(contexts).toEqual([]);
    await collectGarbage();
    expect(contexts).toHaveLength(1);
    expect(contexts[0]?.message).toBe(
      'Task exception was never retrieved: <Task finished exception=Error: forgotten>',
    );
    expect((contexts[0]?.exception as Error).message).toBe('forgotten');
  });

  it('a task that failed with undefined and was never retrieved is reported too', async () => {
    const loop = new Loop();
    const contexts: ErrorContext[] = [];
    loop.setExceptionHandler((_l, c) => void contexts.push(c));
    function* throwsUndefined(): Coro<never> {
      yield* sleep(0.001);
      throw undefined;
    }
    (function forget(): void {
      loop.createTask(throwsUndefined());
    })();
    await loop.runUntilComplete(sleep(0.01));
    expect(contexts).toEqual([]);
    await collectGarbage();
    expect(contexts).toEqual([
      { message: 'Task exception was never retrieved: <Task finished exception=undefined>', exception: undefined },
    ]);
    expect('exception' in contexts[0]!).toBe(true);
  });

  it('a failed future nobody asked about is reported as a Future', async () => {
    const loop = new Loop();
    const messages: string[] = [];
    loop.setExceptionHandler((_l, c) => void messages.push(c.message));
    (function forget(): void {
      loop.createFuture().setException(new RangeError('lost'));
    })();
    await collectGarbage();
    expect(messages).toEqual([
      'Future exception was never retrieved: <Future finished exception=RangeError: lost>',
    ]);
  });

  it('an error that was retrieved, by exception(), result() or a waiting task, is not reported', async () => {
    const loop = new Loop();
    const messages: string[] = [];
    loop.setExceptionHandler((_l, c) => void messages.push(c.message));
    await (async function retrieve(): Promise<void> {
      const a = loop.createTask(failing('a'));
      const b = loop.createTask(failing('b'));
      const c = loop.createTask(failing('c'));
      function* waiter(): Coro<void> {
        try {
          yield* c;
        } catch {
          // retrieved by waiting on it
        }
      }
      await loop.runUntilComplete(waiter());
      a.exception();
      expect(() => b.result()).toThrow('b');
    })();
    await collectGarbage();
    expect(messages).toEqual([]);
  });

  it('yielding a generator instead of yield* fails the task, naming the slip', async () => {
    const loop = new Loop();
    function* slip(): Coro<void> {
      yield sleep(1) as unknown as Future<unknown>;
    }
    await expect(settled(() => loop.runUntilComplete(slip()))).rejects.toThrow(
      new TypeError(
        'Task got a bad yield: a generator object; to run a coroutine inside this one, write yield* instead of yield',
      ),
    );
  });

  it('yielding a Promise or a plain value fails the task, naming what was yielded', async () => {
    const loop = new Loop();
    function* promise(): Coro<void> {
      yield Promise.resolve(1) as unknown as Future<unknown>;
    }
    function* number(): Coro<void> {
      yield 5 as unknown as Future<unknown>;
    }
    await expect(settled(() => loop.runUntilComplete(promise()))).rejects.toThrow(
      'Task got a bad yield: a Promise; a task can only wait on a Future of its loop',
    );
    await expect(settled(() => loop.runUntilComplete(number()))).rejects.toThrow(
      'Task got a bad yield: number 5; a task waits on a yielded Future, or on nothing for a bare yield',
    );
  });

  it('the coroutine can catch a bad-yield error at its yield point', async () => {
    const loop = new Loop();
    function* careful(): Coro<string> {
      try {
        yield 'oops' as unknown as Future<unknown>;
        return 'no';
      } catch (e) {
        return (e as Error).name;
      }
    }
    expect(await loop.runUntilComplete(careful())).toBe('TypeError');
  });
});
