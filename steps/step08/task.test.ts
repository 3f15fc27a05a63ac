import { describe, expect, it } from 'vitest';
import { Future, Loop, Task, ensureFuture, type Coro } from './index.ts';

/** A future completed by a timer after `seconds`. */
function later<T>(loop: Loop, seconds: number, value: T): Future<T> {
  const f = loop.createFuture<T>();
  loop.callLater(seconds, () => f.setResult(value));
  return f;
}

describe('step 08: tasks', () => {
  it('a Task is a Future whose result is the coroutine return value', () => {
    const loop = new Loop();
    function* coro(): Coro<number> {
      const v = (yield later(loop, 0.01, 20)) as number;
      return v + 1;
    }
    const task = loop.createTask(coro());
    expect(task).toBeInstanceOf(Task);
    expect(task).toBeInstanceOf(Future);
    expect(String(task)).toBe('<Task pending>');
    expect(loop.runUntilComplete(task)).toBe(21);
    expect(String(task)).toBe('<Task finished result=21>');
  });

  it('a new task does not start synchronously: its first step is scheduled', () => {
    const loop = new Loop();
    const log: string[] = [];
    function* coro(): Coro<void> {
      log.push('task runs');
    }
    loop.callSoon(() => log.push('callback before'));
    loop.createTask(coro());
    log.push('created');
    loop.runOnce();
    expect(log).toEqual(['created', 'callback before', 'task runs']);
  });

  it('a task wakes up one tick after its future is done, in the order the tasks waited', () => {
    const loop = new Loop();
    const log: string[] = [];
    const f = loop.createFuture<string>();
    function* waiter(name: string): Coro<void> {
      const v = yield f;
      log.push(`${name} got ${String(v)}`);
    }
    loop.createTask(waiter('a'));
    loop.createTask(waiter('b'));
    loop.runOnce();
    loop.callSoon(() => {
      f.setResult('x');
      log.push('result set');
    });
    loop.callSoon(() => log.push('same tick'));
    loop.runOnce();
    expect(log).toEqual(['result set', 'same tick']);
    loop.runOnce();
    expect(log).toEqual(['result set', 'same tick', 'a got x', 'b got x']);
  });

  it('a bare yield gives up the tick; two tasks ping-pong', () => {
    const loop = new Loop();
    const log: string[] = [];
    function* player(name: string): Coro<void> {
      for (let i = 0; i < 3; i++) {
        log.push(`${name}${i}`);
        yield;
      }
    }
    const a = loop.createTask(player('ping'));
    loop.createTask(player('pong'));
    loop.runUntilComplete(a);
    expect(log).toEqual(['ping0', 'pong0', 'ping1', 'pong1', 'ping2', 'pong2']);
  });

  it('a failed future throws its error into the coroutine at its yield', () => {
    const loop = new Loop();
    const boom = new Error('boom');
    function* coro(): Coro<string> {
      const f = loop.createFuture<number>();
      loop.callSoon(() => f.setException(boom));
      try {
        yield f;
        return 'not reached';
      } catch (e) {
        return `caught ${(e as Error).message}`;
      }
    }
    expect(loop.runUntilComplete(coro())).toBe('caught boom');
  });

  it('an error the coroutine does not catch fails the task, and runUntilComplete throws it', () => {
    const loop = new Loop();
    const boom = new TypeError('bad thing');
    function* coro(): Coro<number> {
      yield;
      throw boom;
    }
    const task = loop.createTask(coro());
    expect(() => loop.runUntilComplete(task)).toThrow(boom);
    expect(task.exception()).toBe(boom);
  });

  it('a task can wait for another task', () => {
    const loop = new Loop();
    function* child(): Coro<string> {
      yield later(loop, 0.01, null);
      return 'child result';
    }
    function* parent(): Coro<string> {
      const r = yield loop.createTask(child());
      return `parent got ${String(r)}`;
    }
    expect(loop.runUntilComplete(parent())).toBe('parent got child result');
  });

  it('yielding something that is not a Future throws a TypeError into the coroutine', () => {
    const loop = new Loop();
    function* coro(): Coro<void> {
      yield 42 as unknown as Future<unknown>;
    }
    const task = loop.createTask(coro());
    expect(() => loop.runUntilComplete(task)).toThrow(
      new TypeError('Task got a bad yield: number 42; a task waits on a yielded Future, or on nothing for a bare yield'),
    );
  });

  it('ensureFuture keeps a Future, wraps a coroutine, and rejects anything else', () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    expect(ensureFuture(f, loop)).toBe(f);
    function* coro(): Coro<number> {
      return 1;
    }
    const t = ensureFuture(coro(), loop);
    expect(t).toBeInstanceOf(Task);
    expect(loop.runUntilComplete(t)).toBe(1);
    const ensure = ensureFuture as (x: unknown, l: Loop) => Future<unknown>;
    expect(() => ensure('job', loop)).toThrow(
      new TypeError('ensureFuture: expected a Future or a coroutine (a generator object), got string job'),
    );
  });

  it('a task refuses setResult and setException: its coroutine settles it', () => {
    const loop = new Loop();
    function* coro(): Coro<string> {
      yield;
      return 'from the coroutine';
    }
    const task = loop.createTask(coro());
    expect(() => task.setResult('from outside')).toThrow(
      'Task does not support setResult: its result is what its coroutine returns',
    );
    expect(() => task.setException(new Error('x'))).toThrow(
      'Task does not support setException: its error is what its coroutine throws',
    );
    expect(loop.runUntilComplete(task)).toBe('from the coroutine');
  });

  it('runUntilComplete accepts a coroutine directly', () => {
    const loop = new Loop();
    function* coro(): Coro<string> {
      yield;
      return 'done';
    }
    expect(loop.runUntilComplete(coro())).toBe('done');
  });
});
