import { describe, expect, it } from 'vitest';
import {
  Future, InvalidStateError, Loop, Task, ensureFuture, type Coro, type ErrorContext,
} from '#step';

/** A run method's outcome as a promise: it returns or throws before step 12, settles after. */
const settled = async <T>(run: () => T): Promise<Awaited<T>> => await run();

/** A future completed by a timer after `seconds`. */
function later<T>(loop: Loop, seconds: number, value: T): Future<T> {
  const f = loop.createFuture<T>();
  loop.callLater(seconds, () => f.setResult(value));
  return f;
}

// step04/task.test.ts checks what tasks keep: no synchronous start, turns taken at a bare yield.
describe('tasks', () => {
  it('a Task is a Future whose result is the coroutine return value', async () => {
    const loop = new Loop();
    function* coro(): Coro<number> {
      const v = (yield later(loop, 0.01, 20)) as number;
      return v + 1;
    }
    const task = loop.createTask(coro());
    expect(task).toBeInstanceOf(Task);
    expect(task).toBeInstanceOf(Future);
    expect(String(task)).toBe('<Task pending>');
    expect(await loop.runUntilComplete(task)).toBe(21);
    expect(String(task)).toBe('<Task finished result=21>');
  });

  it('a task wakes up one tick after its future is done, in the order the tasks waited', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const f = loop.createFuture<string>();
    function* waiter(name: string): Coro<void> {
      const v = yield f;
      log.push(`${name} got ${String(v)}`);
    }
    loop.createTask(waiter('a'));
    loop.createTask(waiter('b'));
    await loop.runOnce();
    loop.callSoon(() => {
      f.setResult('x');
      log.push('result set');
    });
    loop.callSoon(() => log.push('same tick'));
    await loop.runOnce();
    expect(log).toEqual(['result set', 'same tick']);
    await loop.runOnce();
    expect(log).toEqual(['result set', 'same tick', 'a got x', 'b got x']);
  });

  it('a failed future throws its error into the coroutine at its yield', async () => {
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
    expect(await loop.runUntilComplete(coro())).toBe('caught boom');
  });

  it('an error the coroutine does not catch fails the task, and runUntilComplete throws it', async () => {
    const loop = new Loop();
    const reported: unknown[] = [];
    loop.setExceptionHandler((_l, context) => void reported.push(context));
    const boom = new TypeError('bad thing');
    function* coro(): Coro<number> {
      yield;
      throw boom;
    }
    const task = loop.createTask(coro());
    await expect(settled(() => loop.runUntilComplete(task))).rejects.toThrow(boom);
    expect(task.exception()).toBe(boom);
    expect(reported).toEqual([]); // the error has an owner: the task
  });

  it('a task can wait for another task', async () => {
    const loop = new Loop();
    function* child(): Coro<string> {
      yield later(loop, 0.01, null);
      return 'child result';
    }
    function* parent(): Coro<string> {
      const r = yield loop.createTask(child());
      return `parent got ${String(r)}`;
    }
    expect(await loop.runUntilComplete(parent())).toBe('parent got child result');
  });

  it('yielding something that is not a Future throws a TypeError into the coroutine', async () => {
    const loop = new Loop();
    function* coro(): Coro<void> {
      yield 42 as unknown as Future<unknown>;
    }
    const task = loop.createTask(coro());
    const run = settled(() => loop.runUntilComplete(task));
    await expect(run).rejects.toThrow(new TypeError('Task got a bad yield: 42'));
  });

  it('ensureFuture keeps a Future and wraps a coroutine in a Task', async () => {
    const loop = new Loop();
    const f = loop.createFuture<number>();
    expect(ensureFuture(f, loop)).toBe(f);
    function* coro(): Coro<number> {
      return 1;
    }
    const t = ensureFuture(coro(), loop);
    expect(t).toBeInstanceOf(Task);
    expect(await loop.runUntilComplete(t)).toBe(1);
  });

  it('ensureFuture rejects anything else', () => {
    const ensure = ensureFuture as (x: unknown, l: Loop) => Future<unknown>;
    expect(() => ensure('job', new Loop())).toThrow(
      new TypeError('ensureFuture: expected a Future or a coroutine (a generator object), got string job'),
    );
  });

  it('ensureFuture refuses a future of another loop, with a plain Error', () => {
    const theirs = new Loop().createFuture<number>();
    let error: unknown;
    try {
      ensureFuture(theirs, new Loop());
    } catch (e) {
      error = e;
    }
    expect((error as Error).constructor).toBe(Error); // asyncio: ValueError
    expect((error as Error).message).toBe(
      '<Future pending> belongs to a different loop than the one that should wait for it',
    );
  });

  it('runUntilComplete on a running loop refuses before it wraps the coroutine', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* inner(): Coro<void> {
      log.push('inner ran');
    }
    function* outer(): Coro<string> {
      settled(() => loop.runUntilComplete(inner())).catch((e: Error) => log.push(e.message));
      for (let i = 0; i < 3; i++) yield;
      return 'outer done';
    }
    expect(await loop.runUntilComplete(outer())).toBe('outer done');
    expect(log).toEqual(['This event loop is already running.']);
  });

  it('a task settled behind its back never runs its coroutine: InvalidStateError', async () => {
    const loop = new Loop();
    const reported: ErrorContext[] = [];
    loop.setExceptionHandler((_l, context) => void reported.push(context));
    const log: string[] = [];
    function* coro(): Coro<number> {
      log.push('coroutine ran');
      yield;
      return 10;
    }
    const forced = loop.createTask(coro());
    Future.prototype.setResult.call(forced as Future<unknown>, 'spam');
    expect(await loop.runUntilComplete(forced)).toBe('spam');
    const failed = loop.createTask(coro());
    Future.prototype.setException.call(failed as Future<unknown>, new RangeError('MyExc'));
    const run = settled(() => loop.runUntilComplete(failed));
    await expect(run).rejects.toThrow(new RangeError('MyExc'));
    expect(log).toEqual([]);
    const done = (task: string): InvalidStateError =>
      new InvalidStateError(`step(): already done: <Task finished ${task}>`);
    expect(reported.map((c) => [c.message.split(' <')[0], c.exception])).toEqual([
      ['Exception in callback', done('result="spam"')],
      ['Exception in callback', done('exception=RangeError: MyExc')],
    ]);
    const classes = reported.map((c) => (c.exception as Error).constructor);
    expect(classes).toEqual([InvalidStateError, InvalidStateError]);
  });

  it('a task refuses setResult and setException: its coroutine settles it', async () => {
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
    expect(await loop.runUntilComplete(task)).toBe('from the coroutine');
  });

  it('runUntilComplete accepts a coroutine directly', async () => {
    const loop = new Loop();
    function* coro(): Coro<string> {
      yield;
      return 'done';
    }
    expect(await loop.runUntilComplete(coro())).toBe('done');
  });

  it('a coroutine that throws undefined fails its task with undefined; waiters get it thrown in', async () => {
    const loop = new Loop();
    const reported: ErrorContext[] = [];
    loop.setExceptionHandler((_l, context) => void reported.push(context));
    function* thrower(): Coro<number> {
      yield;
      throw undefined;
    }
    const task = loop.createTask(thrower());
    function* waiter(): Coro<string> {
      try {
        yield task;
        return 'not reached';
      } catch (e) {
        return `caught ${String(e)}`;
      }
    }
    expect(await loop.runUntilComplete(waiter())).toBe('caught undefined');
    expect(task.done()).toBe(true);
    expect(String(task)).toBe('<Task finished exception=undefined>');
    expect(task.exception()).toBeUndefined();
    const outcome = (): unknown => {
      try {
        return { returned: task.result() };
      } catch (e) {
        return { threw: e };
      }
    };
    expect(outcome()).toEqual({ threw: undefined });
    expect(reported).toEqual([]); // the error has an owner: the task
    await expect(settled(() => loop.runUntilComplete(task))).rejects.toBeUndefined();
  });

  it('a task that yields itself gets an Error thrown in at that yield: it cannot wait on itself', async () => {
    const loop = new Loop();
    const tasks: Task<string>[] = [];
    function* selfish(): Coro<string> {
      try {
        yield tasks[0];
        return 'not reached';
      } catch (e) {
        return `${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
    }
    function* uncaught(): Coro<string> {
      yield tasks[1];
      return 'not reached';
    }
    tasks.push(loop.createTask(selfish()), loop.createTask(uncaught()));
    expect(await loop.runUntilComplete(tasks[0]!)).toBe('Error: Task cannot await on itself: <Task pending>');
    await expect(settled(() => loop.runUntilComplete(tasks[1]!))).rejects.toThrow(
      new Error('Task cannot await on itself: <Task pending>'),
    );
    expect(tasks[1]!.exception()).not.toBeInstanceOf(TypeError);
  });

  it('a task that yields a future of another loop gets an Error thrown in at that yield', async () => {
    const loop = new Loop();
    const other = new Loop();
    const reported: ErrorContext[] = [];
    other.setExceptionHandler((_l, context) => void reported.push(context));
    const foreign = other.createFuture<number>();
    function* coro(): Coro<number> {
      return (yield foreign) as number;
    }
    const task = loop.createTask(coro());
    await expect(settled(() => loop.runUntilComplete(task))).rejects.toThrow(
      new Error('Task <Task pending> got Future <Future pending> attached to a different loop'),
    );
    expect(task.exception()).not.toBeInstanceOf(TypeError);
    foreign.setResult(1); // no wakeup was left behind on the other loop
    other.callSoon(() => other.stop());
    await other.runForever();
    expect(reported).toEqual([]);
  });
});
