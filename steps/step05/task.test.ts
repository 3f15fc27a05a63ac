import { describe, expect, it } from 'vitest';
import { Loop, Task, type Coro } from './index.ts';

describe('step 05: generators as coroutines', () => {
  it('a new task does not start synchronously: its first step is scheduled', () => {
    const loop = new Loop();
    const log: string[] = [];
    function* coro(): Coro<void> {
      log.push('task runs');
    }
    loop.createTask(coro());
    log.push('created');
    loop.runOnce();
    expect(log).toEqual(['created', 'task runs']);
  });

  it('tasks start in creation order, after callbacks scheduled before them', () => {
    const loop = new Loop();
    const log: string[] = [];
    function* coro(name: string): Coro<void> {
      log.push(name);
    }
    loop.callSoon(() => log.push('callback'));
    loop.createTask(coro('t1'));
    loop.createTask(coro('t2'));
    loop.runOnce();
    expect(log).toEqual(['callback', 't1', 't2']);
  });

  it('a bare yield gives up the tick; tasks take turns', () => {
    const loop = new Loop();
    const log: string[] = [];
    function* coro(name: string): Coro<void> {
      for (let i = 0; i < 3; i++) {
        log.push(`${name}${i}`);
        yield;
      }
    }
    const a = loop.createTask(coro('a'));
    const b = loop.createTask(coro('b'));
    for (let tick = 0; tick < 4; tick++) loop.runOnce();
    expect(log).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    expect(a.done() && b.done()).toBe(true);
  });

  it('yielding seconds sleeps; tasks finish in deadline order and keep their results', () => {
    const loop = new Loop();
    const order: string[] = [];
    function* nap(name: string, seconds: number): Coro<string> {
      yield seconds;
      order.push(name);
      return `${name}!`;
    }
    const slow = loop.createTask(nap('slow', 0.03));
    const fast = loop.createTask(nap('fast', 0.01));
    expect(() => fast.result()).toThrow('Task is not done yet.');
    loop.callLater(0.05, () => loop.stop());
    loop.runForever();
    expect(order).toEqual(['fast', 'slow']);
    expect([slow.result(), fast.result()]).toEqual(['slow!', 'fast!']);
  });

  it('the value a generator gets back from yield is undefined here: no futures yet', () => {
    const loop = new Loop();
    let got: unknown = 'unset';
    function* coro(): Coro<void> {
      got = yield 0;
    }
    const t = loop.createTask(coro());
    while (!t.done()) loop.runOnce();
    expect(got).toBeUndefined();
  });

  it('createTask refuses what is not a generator object', () => {
    const loop = new Loop();
    function* coro(): Coro<number> {
      return 1;
    }
    const createTask = loop.createTask.bind(loop) as (x: unknown) => Task<unknown>;
    expect(() => createTask(coro)).toThrow(
      new TypeError(
        `createTask: expected a generator object (call the generator function first), got the function coro`,
      ),
    );
    expect(() => createTask(42)).toThrow(/got number 42/);
  });

  it('a bad yield is reported through the exception handler, not swallowed', () => {
    const loop = new Loop();
    const messages: string[] = [];
    loop.setExceptionHandler((_l, c) => void messages.push((c.exception as Error).message));
    function* coro(): Coro<void> {
      yield 'soon' as unknown as number;
    }
    loop.createTask(coro());
    loop.runOnce();
    expect(messages).toEqual([
      'Task got a bad yield: soon; a coroutine yields seconds to sleep (>= 0) or nothing',
    ]);
  });
});
