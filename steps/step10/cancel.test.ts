import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  FIRST_EXCEPTION,
  InvalidStateError,
  Loop,
  TimeoutError,
  gather,
  sleep,
  wait,
  waitFor,
  type Coro,
  type Future,
} from '#step';

/** Run `main` and return what it returns, or "ErrorName: message" of what it throws. */
async function outcome<T>(loop: Loop, main: Future<T> | Coro<T>): Promise<T | string> {
  try {
    return await loop.runUntilComplete(main);
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

describe('Future.cancel', () => {
  it('cancels a pending future: done, cancelled; result() throws CancelledError(msg)', async () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    const log: string[] = [];
    f.addDoneCallback((fut) => log.push(`callback sees cancelled=${fut.cancelled()}`));
    expect(f.cancel('no longer needed')).toBe(true);
    expect(f.done()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(String(f)).toBe('<Future cancelled>');
    expect(() => f.result()).toThrow(new CancelledError('no longer needed'));
    expect(() => f.exception()).toThrow(CancelledError);
    expect(log).toEqual([]);
    await loop.runOnce();
    expect(log).toEqual(['callback sees cancelled=true']);
  });

  it('cancel() of a done future returns false; setResult after cancel is an error', () => {
    const loop = new Loop();
    const done = loop.createFuture<number>();
    done.setResult(1);
    expect(done.cancel()).toBe(false);
    expect(done.result()).toBe(1);
    const cancelled = loop.createFuture<number>();
    cancelled.cancel();
    expect(cancelled.cancel()).toBe(false);
    expect(() => cancelled.setResult(2)).toThrow(
      new InvalidStateError('setResult: <Future cancelled> is already done'),
    );
    expect(() => cancelled.result()).toThrow(new CancelledError('cancelled'));
  });
});

describe('Task.cancel', () => {
  it('throws CancelledError in at the yield point, runs finally, cancels the task', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* sleeper(): Coro<string> {
      try {
        yield* sleep(10);
        return 'woke';
      } catch (e) {
        log.push(`caught ${(e as Error).name}: ${(e as Error).message}`);
        throw e;
      } finally {
        log.push('finally');
      }
    }
    function* main(): Coro<string> {
      const t = loop.createTask(sleeper());
      yield* sleep(0.01);
      log.push(`cancel returns ${t.cancel('stop now')}`);
      log.push(`cancelled right after cancel(): ${t.cancelled()}`);
      try {
        yield* t;
      } catch (e) {
        log.push(`awaiting: ${(e as Error).name}: ${(e as Error).message}`);
      }
      return `cancelled=${t.cancelled()}, cancel again=${t.cancel()}`;
    }
    const start = loop.time();
    expect(await loop.runUntilComplete(main())).toBe('cancelled=true, cancel again=false');
    expect(loop.time() - start).toBeLessThan(5);
    expect(log).toEqual([
      'cancel returns true',
      'cancelled right after cancel(): false',
      'caught CancelledError: stop now',
      'finally',
      'awaiting: CancelledError: stop now',
    ]);
  });

  it('cancels the future the task waits on', async () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    function* waiter(): Coro<number> {
      return yield* f;
    }
    const t = loop.createTask(waiter());
    await loop.runOnce();
    t.cancel();
    expect(f.cancelled()).toBe(true);
    expect(await outcome(loop, t)).toBe('CancelledError: cancelled');
    expect(t.cancelled()).toBe(true);
  });

  it('cancelling a task that waits on another task cancels that one too', async () => {
    const loop = new Loop();
    function* inner(): Coro<void> {
      yield* sleep(10);
    }
    const innerTask = loop.createTask(inner());
    function* outer(): Coro<void> {
      yield* innerTask;
    }
    const outerTask = loop.createTask(outer());
    await loop.runUntilComplete(sleep(0)); // the task starts: it finds its loop while it runs
    outerTask.cancel();
    expect(await outcome(loop, outerTask)).toBe('CancelledError: cancelled');
    expect(innerTask.cancelled()).toBe(true);
  });

  it('cancel() twice keeps the first CancelledError on its way, as asyncio does', async () => {
    const loop = new Loop();
    function* sleeper(): Coro<string> {
      try {
        yield* sleep(10);
        return 'no';
      } catch (e) {
        return (e as Error).message;
      }
    }
    const t = loop.createTask(sleeper());
    await loop.runUntilComplete(sleep(0));
    expect(t.cancel('first')).toBe(true);
    expect(t.cancel('second')).toBe(true);
    expect(await loop.runUntilComplete(t)).toBe('first');
  });

  it('a task cancelled before it starts never runs its body', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* body(): Coro<void> {
      log.push('body ran');
      yield;
    }
    const t = loop.createTask(body());
    t.cancel();
    expect(await outcome(loop, t)).toBe('CancelledError: cancelled');
    expect(log).toEqual([]);
  });

  it('a task at a bare yield gets the CancelledError at its next step', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* spinner(): Coro<void> {
      for (let i = 0; ; i++) {
        log.push(`turn ${i}`);
        yield;
      }
    }
    const t = loop.createTask(spinner());
    await loop.runOnce();
    await loop.runOnce();
    t.cancel();
    expect(await outcome(loop, t)).toBe('CancelledError: cancelled');
    expect(log).toEqual(['turn 0', 'turn 1']);
  });

  it('a task may catch the cancellation and go on to a result', async () => {
    const loop = new Loop();
    let caught: unknown;
    function* stubborn(): Coro<string> {
      try {
        yield* sleep(10);
      } catch (e) {
        caught = e;
      }
      yield* sleep(0.001);
      return 'finished anyway';
    }
    const t = loop.createTask(stubborn());
    await loop.runUntilComplete(sleep(0)); // the task starts: it finds its loop while it runs
    t.cancel();
    expect(await loop.runUntilComplete(t)).toBe('finished anyway');
    expect(caught).toEqual(new CancelledError('cancelled'));
    expect(t.cancelled()).toBe(false);
  });

  it('a task that cancels itself is cancelled at its next yield', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* self(): Coro<void> {
      me.cancel('by myself');
      log.push('still running after cancel()');
      yield* sleep(1);
      log.push('never');
    }
    const me = loop.createTask(self());
    expect(await outcome(loop, me)).toBe('CancelledError: by myself');
    expect(log).toEqual(['still running after cancel()']);
  });

  it('a cancelled sleep leaves no timer behind to fire later', async () => {
    const loop = new Loop();
    const errors: string[] = [];
    loop.setExceptionHandler((_l, c) => void errors.push(c.message));
    function* main(): Coro<void> {
      const t = loop.createTask(sleep(0.02));
      yield;
      t.cancel();
      yield* sleep(0.05);
    }
    await loop.runUntilComplete(main());
    expect(errors).toEqual([]);
  });
});

describe('cancelling gather', () => {
  it('cancelling the gather cancels its children; it fails with CancelledError', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* child(name: string): Coro<string> {
      try {
        yield* sleep(10);
        return name;
      } finally {
        log.push(`${name} cleaned up`);
      }
    }
    function* main(): Coro<string> {
      const g = gather(child('a'), child('b'));
      yield* sleep(0.01);
      log.push(`cancel returns ${g.cancel()}`);
      try {
        yield* g;
        return 'no';
      } catch (e) {
        return (e as Error).name;
      }
    }
    expect(await loop.runUntilComplete(main())).toBe('CancelledError');
    expect(log).toEqual(['cancel returns true', 'a cleaned up', 'b cleaned up']);
  });

  it('a cancelled child fails the gather, or is a result with returnExceptions', async () => {
    const loop = new Loop();
    function* main(returnExceptions: boolean): Coro<string> {
      const a = loop.createTask(sleep(0.01, 'a'));
      const b = loop.createTask(sleep(10, 'b'));
      const g = gather(a, b, { returnExceptions });
      yield;
      b.cancel('b is gone');
      try {
        const results = yield* g;
        const show = (r: unknown): string =>
          r instanceof Error ? `${r.name}(${r.message})` : String(r);
        return results.map(show).join(', ');
      } catch (e) {
        return `threw ${(e as Error).name}: ${(e as Error).message}`;
      }
    }
    expect(await loop.runUntilComplete(main(false))).toBe('threw CancelledError: b is gone');
    expect(await loop.runUntilComplete(main(true))).toBe('a, CancelledError(b is gone)');
  });

  it('the cancel message reaches whoever waits on the gather, with or without returnExceptions', async () => {
    const loop = new Loop();
    function* main(returnExceptions: boolean, msg?: string): Coro<string> {
      const g = gather(sleep(10), sleep(10), { returnExceptions });
      yield;
      g.cancel(msg);
      try {
        yield* g;
        return 'no error';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    }
    expect(await loop.runUntilComplete(main(false, 'stop now'))).toBe('CancelledError: stop now');
    expect(await loop.runUntilComplete(main(true, 'stop now'))).toBe('CancelledError: stop now');
    expect(await loop.runUntilComplete(main(false))).toBe('CancelledError: cancelled');
    expect(await loop.runUntilComplete(main(true))).toBe('CancelledError: cancelled');
  });

  it('cancelling a gather that is done returns false', async () => {
    const loop = new Loop();
    const g = gather(loop.createFuture<number>());
    g.cancel();
    await loop.runUntilComplete(sleep(0.001));
    expect(g.done()).toBe(true);
    expect(g.cancel()).toBe(false);
    // Taken here, its CancelledError is not reported as never retrieved when collected.
    expect(g.exception()).toEqual(new CancelledError('cancelled'));
  });
});

describe('waitFor', () => {
  it('returns the result when the work finishes in time', async () => {
    const loop = new Loop();
    function* main(): Coro<string> {
      return yield* waitFor(sleep(0.01, 'in time'), 1);
    }
    expect(await loop.runUntilComplete(main())).toBe('in time');
  });

  it('on timeout cancels the work, waits for its cleanup, then throws TimeoutError', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* slow(): Coro<string> {
      try {
        yield* sleep(10);
        return 'late';
      } finally {
        log.push('cleanup starts');
        yield* sleep(0.01);
        log.push('cleanup ends');
      }
    }
    function* main(): Coro<string> {
      try {
        return yield* waitFor(slow(), 0.02);
      } catch (e) {
        log.push(`caught ${(e as Error).name}`);
        return (e as Error).message;
      }
    }
    expect(await loop.runUntilComplete(main())).toBe('waitFor: timed out after 0.02 s');
    expect(log).toEqual(['cleanup starts', 'cleanup ends', 'caught TimeoutError']);
  });

  it('a gather that times out gives TimeoutError too, and the task that waits fails with it', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* child(name: string): Coro<void> {
      try {
        yield* sleep(10);
      } finally {
        log.push(`${name} cleaned up`);
      }
    }
    function* main(): Coro<unknown> {
      return yield* waitFor(gather(child('a'), child('b')), 0.01);
    }
    const task = loop.createTask(main());
    expect(await outcome(loop, task)).toBe('TimeoutError: waitFor: timed out after 0.01 s');
    expect(task.cancelled()).toBe(false);
    expect(log).toEqual(['a cleaned up', 'b cleaned up']);
    // As in asyncio, the TimeoutError says what it came from: the gather's CancelledError.
    expect((task.exception() as Error).cause).toEqual(new CancelledError('cancelled'));
  });

  it('a timeout of 0 cancels work that is not done before it takes a step, as asyncio 3.11', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* quick(): Coro<string> {
      log.push('quick ran');
      return 'quick';
    }
    function* main(): Coro<string[]> {
      const out: string[] = [];
      try {
        out.push(yield* waitFor(quick(), 0));
      } catch (e) {
        out.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
      const ready = loop.createFuture<string>();
      ready.setResult('already done');
      out.push(yield* waitFor(ready, 0));
      return out;
    }
    expect(await loop.runUntilComplete(main())).toEqual([
      'TimeoutError: waitFor: timed out after 0 s',
      'already done',
    ]);
    expect(log).toEqual([]);
  });

  it('TimeoutError is our own error class', async () => {
    const loop = new Loop();
    function* main(): Coro<unknown> {
      try {
        return yield* waitFor(sleep(1), 0.001);
      } catch (e) {
        return e;
      }
    }
    const e = await loop.runUntilComplete(main());
    expect(e).toBeInstanceOf(TimeoutError);
  });

  it('work that catches the cancellation and returns makes waitFor return its value', async () => {
    const loop = new Loop();
    function* stubborn(): Coro<string> {
      try {
        yield* sleep(10);
        return 'normal';
      } catch {
        return 'returned while being cancelled';
      }
    }
    function* main(): Coro<string> {
      return yield* waitFor(stubborn(), 0.01);
    }
    expect(await loop.runUntilComplete(main())).toBe('returned while being cancelled');
  });

  it('cancelling the task in waitFor cancels the inner work too', async () => {
    const loop = new Loop();
    let inner: Future<string> | undefined;
    function* main(): Coro<string> {
      inner = loop.createTask(sleep(10, 'x'));
      return yield* waitFor(inner, 5);
    }
    const t = loop.createTask(main());
    await loop.runUntilComplete(sleep(0)); // the task starts: it finds its loop while it runs
    t.cancel();
    expect(await outcome(loop, t)).toBe('CancelledError: cancelled');
    expect(inner?.cancelled()).toBe(true);
  });

  it('a timeout of null waits as long as it takes; a bad timeout is a RangeError', async () => {
    const loop = new Loop();
    function* main(): Coro<string> {
      return yield* waitFor(sleep(0.01, 'no limit'), null);
    }
    expect(await loop.runUntilComplete(main())).toBe('no limit');
    function* bad(): Coro<string> {
      return yield* waitFor(sleep(0, 'x'), -1);
    }
    expect(await outcome(loop, bad())).toBe(
      'RangeError: waitFor: timeout must be a number of seconds >= 0 or null, got -1',
    );
  });
});

describe('wait and cancelled futures', () => {
  it('FIRST_EXCEPTION treats a cancelled future as done, not as an exception', async () => {
    const loop = new Loop();
    function* main(): Coro<[number, number]> {
      const a = loop.createTask(sleep(10));
      const b = loop.createTask(sleep(0.02));
      yield;
      a.cancel();
      const { done, pending } = yield* wait([a, b], { returnWhen: FIRST_EXCEPTION });
      return [done.size, pending.size];
    }
    expect(await loop.runUntilComplete(main())).toEqual([2, 0]);
  });
});
