import { describe, expect, it } from 'vitest';
import { Future, InvalidStateError, Loop } from '#step';

/** A run method's outcome as a promise: it returns or throws before step 12, settles after. */
const settled = async <T>(run: () => T): Promise<Awaited<T>> => await run();

describe('futures', () => {
  it('a new future is pending; result() and exception() refuse to answer', () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    expect(f).toBeInstanceOf(Future);
    expect(f.done()).toBe(false);
    expect(String(f)).toBe('<Future pending>');
    expect(() => f.result()).toThrow(new InvalidStateError('Result is not set.'));
    expect(() => f.exception()).toThrow(new InvalidStateError('Exception is not set.'));
    try {
      f.result();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidStateError);
      expect((e as Error).name).toBe('InvalidStateError');
    }
  });

  it('setResult makes it done; result() returns it, exception() is undefined', () => {
    const loop = new Loop();
    const f = loop.createFuture<string>();
    f.setResult('ok');
    expect(f.done()).toBe(true);
    expect(f.result()).toBe('ok');
    expect(f.exception()).toBeUndefined();
    expect(String(f)).toBe('<Future finished result="ok">');
  });

  it('toString shows strings and arrays as JSON', () => {
    const loop = new Loop();
    const f = loop.createFuture<string[]>();
    f.setResult(['a', 'b']);
    expect(String(f)).toBe('<Future finished result=["a","b"]>');
  });

  it('setException makes result() throw that very error', () => {
    const loop = new Loop();
    const f = loop.createFuture<string>();
    const err = new Error('boom');
    f.setException(err);
    expect(f.exception()).toBe(err);
    expect(() => f.result()).toThrow(err);
    expect(String(f)).toBe('<Future finished exception=Error: boom>');
    expect(() => loop.createFuture().setException(undefined)).toThrow(
      new TypeError('setException: an exception is required, got undefined'),
    );
  });

  it('setting a result twice, or a result after an exception, is an InvalidStateError', () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    f.setResult(1);
    expect(() => f.setResult(2)).toThrow(
      new InvalidStateError('setResult: <Future finished result=1> is already done'),
    );
    expect(() => f.setException(new Error('late'))).toThrow(
      new InvalidStateError('setException: <Future finished result=1> is already done'),
    );
    expect(f.result()).toBe(1);
  });

  it('callbacks are never called synchronously; they run on the next tick in the order added', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const f = loop.createFuture<number>();
    f.addDoneCallback((fut) => log.push(`first ${fut.result()}`));
    f.addDoneCallback((fut) => log.push(`second ${fut.result()}`));
    loop.callSoon(() => {
      f.setResult(7);
      log.push('after setResult');
    });
    loop.callSoon(() => log.push('queued before the callbacks'));
    await loop.runOnce();
    expect(log).toEqual(['after setResult', 'queued before the callbacks']);
    await loop.runOnce();
    expect(log).toEqual(['after setResult', 'queued before the callbacks', 'first 7', 'second 7']);
  });

  it('a callback added to a done future is scheduled at once, not called', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const f = loop.createFuture<number>();
    f.setResult(3);
    f.addDoneCallback(() => log.push('late callback'));
    expect(log).toEqual([]);
    await loop.runOnce();
    expect(log).toEqual(['late callback']);
  });

  it('removeDoneCallback removes every registration and says how many', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const f = loop.createFuture<number>();
    const cb = (): void => void log.push('cb');
    f.addDoneCallback(cb);
    f.addDoneCallback(() => log.push('other'));
    f.addDoneCallback(cb);
    expect(f.removeDoneCallback(cb)).toBe(2);
    expect(f.removeDoneCallback(cb)).toBe(0);
    f.setResult(1);
    await loop.runOnce();
    expect(log).toEqual(['other']);
  });

  it('runUntilComplete returns the result', async () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    loop.callLater(0.01, () => f.setResult(42));
    expect(await loop.runUntilComplete(f)).toBe(42);
    expect(loop.isRunning()).toBe(false);
  });

  it('runUntilComplete throws the future exception', async () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    loop.callSoon(() => f.setException(new RangeError('out of range')));
    const run = settled(() => loop.runUntilComplete(f));
    await expect(run).rejects.toThrow(new RangeError('out of range'));
  });

  it('runUntilComplete of a future already done runs one tick and returns', async () => {
    const loop = new Loop();
    const f = loop.createFuture<string>();
    f.setResult('ready');
    expect(await loop.runUntilComplete(f)).toBe('ready');
  });

  it('runUntilComplete throws when the loop stopped before the future completed', async () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    loop.callSoon(() => loop.stop());
    await expect(settled(() => loop.runUntilComplete(f))).rejects.toThrow(
      new Error('Event loop stopped before Future completed.'),
    );
    loop.callSoon(() => f.setResult(5));
    expect(await loop.runUntilComplete(f)).toBe(5);
  });

  it('runUntilComplete refuses to run a loop that is already running', async () => {
    const loop = new Loop();
    const inner = loop.createFuture<number>();
    const outer = loop.createFuture<string>();
    let nested: Promise<number> | undefined;
    loop.callSoon(() => {
      nested = settled(() => loop.runUntilComplete(inner));
      outer.setResult('outer done');
    });
    expect(await loop.runUntilComplete(outer)).toBe('outer done');
    await expect(nested).rejects.toThrow(/^This event loop is already running\.$/);
    expect(inner.done()).toBe(false);
  });

  it('runUntilComplete on a running loop refuses before it schedules anything', async () => {
    const loop = new Loop();
    const ready = loop.createFuture<number>();
    ready.setResult(1);
    const outer = loop.createFuture<string>();
    const refusals: string[] = [];
    loop.callSoon(() => {
      settled(() => loop.runUntilComplete(ready)).catch((e: Error) => refusals.push(e.message));
      loop.callLater(0.01, () => outer.setResult('outer done'));
    });
    expect(await loop.runUntilComplete(outer)).toBe('outer done'); // no stray stop() ended it
    expect(refusals).toEqual(['This event loop is already running.']);
  });

  it('runUntilComplete refuses a future of another loop before it runs a tick', async () => {
    const loop = new Loop();
    const theirs = new Loop().createFuture<number>();
    const ticks: string[] = [];
    loop.callSoon(() => ticks.push('a tick ran'));
    const run = settled(() => loop.runUntilComplete(theirs));
    await expect(run).rejects.toThrow(
      new Error('<Future pending> belongs to a different loop than the one that should wait for it'),
    );
    expect(ticks).toEqual([]);
    expect(loop.isRunning()).toBe(false);
  });

  it('runUntilComplete refuses what is not a future, naming it, with a TypeError', async () => {
    const loop = new Loop();
    const run = loop.runUntilComplete.bind(loop) as (x: unknown) => unknown;
    const refused = settled(() => run('blah'));
    await expect(refused).rejects.toThrow(TypeError);
    await expect(settled(() => run('blah'))).rejects.toThrow(/expected a Future.*got string "?blah"?$/);
    expect(loop.isRunning()).toBe(false);
  });

  it('addDoneCallback and removeDoneCallback refuse a non-function at the call', async () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    const add = f.addDoneCallback.bind(f) as (fn: unknown) => void;
    const remove = f.removeDoneCallback.bind(f) as (fn: unknown) => number;
    const refusal = (method: string, got: string): TypeError =>
      new TypeError(`${method}: a callback must be a function, got ${got}`);
    expect(() => add(42)).toThrow(refusal('addDoneCallback', 'number 42'));
    expect(() => add(42)).toThrow(TypeError);
    expect(() => remove('cb')).toThrow(refusal('removeDoneCallback', 'string cb'));
    expect(() => remove('cb')).toThrow(TypeError);
    const reported: unknown[] = [];
    loop.setExceptionHandler((_l, context) => void reported.push(context));
    f.setResult(1);
    expect(() => add(null)).toThrow(refusal('addDoneCallback', 'object null'));
    loop.callSoon(() => reported.push('tick'));
    await loop.runOnce();
    expect(reported).toEqual(['tick']); // nothing was kept to fail later
  });
});
