import { describe, expect, expectTypeOf, it } from 'vitest';
import { Future, Loop, gather, sleep, type Coro } from '#step';

function* value<T>(v: T, seconds: number, log?: string[]): Coro<T> {
  yield* sleep(seconds);
  log?.push(`finished ${String(v)}`);
  return v;
}

function* failAfter(message: string, seconds: number): Coro<never> {
  yield* sleep(seconds);
  throw new Error(message);
}

describe('gather', () => {
  it('returns results in argument order, typed as a tuple, in any finishing order', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* main(): Coro<[number, string, boolean]> {
      const [a, b, c] = [value(1, 0.03, log), value('two', 0.01, log), value(true, 0.02, log)];
      const results = yield* gather(a, b, c);
      expectTypeOf(results).toEqualTypeOf<[number, string, boolean]>();
      return results;
    }
    expect(await loop.runUntilComplete(main())).toEqual([1, 'two', true]);
    expect(log).toEqual(['finished two', 'finished true', 'finished 1']);
  });

  it('runs the awaitables concurrently', async () => {
    const loop = new Loop();
    const start = loop.time();
    function* main(): Coro<void> {
      yield* gather(sleep(0.2), sleep(0.2), sleep(0.2));
    }
    await loop.runUntilComplete(main());
    expect(loop.time() - start).toBeLessThan(0.4); // one after the other would take 0.6 s
  });

  it('accepts futures and tasks as well as coroutines', async () => {
    const loop = new Loop();
    const f = loop.createFuture<string>();
    loop.callLater(0.01, () => f.setResult('future'));
    const t = loop.createTask(value(2, 0.005));
    const g = gather(f, t, value(null, 0));
    expectTypeOf(g).toEqualTypeOf<Future<[string, number, null]>>();
    expect(await loop.runUntilComplete(g)).toEqual(['future', 2, null]);
  });

  it('the first failure fails the gather at once; the others keep running', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* main(): Coro<string> {
      try {
        yield* gather(value('slow', 0.05, log), failAfter('boom', 0.01));
        return 'no';
      } catch (e) {
        log.push(`gather failed: ${(e as Error).message}`);
      }
      yield* sleep(0.08);
      return 'done';
    }
    expect(await loop.runUntilComplete(main())).toBe('done');
    expect(log).toEqual(['gather failed: boom', 'finished slow']);
  });

  it('returnExceptions puts errors in the results instead', async () => {
    const loop = new Loop();
    function* main(): Coro<(string | Error)[]> {
      const results = yield* gather(value('ok', 0.02), failAfter('bad', 0.01), {
        returnExceptions: true,
      });
      expectTypeOf(results).toEqualTypeOf<[string | Error, Error]>();
      return results;
    }
    const [ok, bad] = await loop.runUntilComplete(main());
    expect(ok).toBe('ok');
    expect(bad).toBeInstanceOf(Error);
    expect((bad as Error).message).toBe('bad');
  });

  it('an error that is null still counts as an error, kept in the results', async () => {
    const loop = new Loop();
    function* throwsNull(): Coro<never> {
      yield;
      throw null;
    }
    function* main(): Coro<unknown[]> {
      return yield* gather(throwsNull(), value(1, 0), { returnExceptions: true });
    }
    expect(await loop.runUntilComplete(main())).toEqual([null, 1]);
  });

  it('gather() of nothing is an already-done future with []', async () => {
    const loop = new Loop();
    function* main(): Coro<[]> {
      return yield* gather();
    }
    expect(await loop.runUntilComplete(main())).toEqual([]);
  });

  it('the same coroutine object twice runs once and is reported twice', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* main(): Coro<string[]> {
      const c = value('r', 0.01, log);
      return yield* gather(c, c);
    }
    expect(await loop.runUntilComplete(main())).toEqual(['r', 'r']);
    expect(log).toEqual(['finished r']);
  });

  it('the same future twice is waited on once and reported twice', async () => {
    const loop = new Loop();
    const t = loop.createTask(value(7, 0.01));
    expect(await loop.runUntilComplete(gather(t, t))).toEqual([7, 7]);
    expect(() => gather(value(1, 0))).toThrow(/no running event loop/);
  });

  it('refuses futures of different loops at the call, with a plain Error', () => {
    const one = new Loop();
    const other = new Loop();
    const a = one.createFuture<number>();
    const b = other.createFuture<number>();
    let error: unknown;
    try {
      gather(a, b);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).constructor).toBe(Error); // asyncio: ValueError
    expect((error as Error).message).toBe(
      'gather: argument 2, <Future pending>, belongs to another event loop than the arguments before it',
    );
    expect(gather(a, a).getLoop()).toBe(one);
  });

  it('the outer future is done one tick after the last child', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const a = loop.createFuture<string>();
    const g = gather(a);
    g.addDoneCallback(() => log.push('gather done'));
    loop.callSoon(() => {
      a.setResult('a');
      log.push('child done');
    });
    await loop.runOnce();
    expect(log).toEqual(['child done']);
    await loop.runOnce();
    expect(g.done()).toBe(true);
    expect(log).toEqual(['child done']);
    await loop.runOnce();
    expect(log).toEqual(['child done', 'gather done']);
  });
});
