import { describe, expect, it } from 'vitest';
import { Loop, Task, type Coro } from '#step';

describe('generators as coroutines', () => {
  it('a new task does not start synchronously: its first step is scheduled', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* coro(): Coro<void> {
      log.push('task runs');
    }
    loop.createTask(coro());
    log.push('created');
    await loop.runOnce();
    expect(log).toEqual(['created', 'task runs']);
  });

  it('tasks start in creation order, after callbacks scheduled before them', async () => {
    const loop = new Loop();
    const log: string[] = [];
    function* coro(name: string): Coro<void> {
      log.push(name);
    }
    loop.callSoon(() => log.push('callback'));
    loop.createTask(coro('t1'));
    loop.createTask(coro('t2'));
    await loop.runOnce();
    expect(log).toEqual(['callback', 't1', 't2']);
  });

  it('a bare yield gives up the tick; tasks take turns', async () => {
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
    for (let tick = 0; tick < 4; tick++) await loop.runOnce();
    expect(log).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    expect(a.done() && b.done()).toBe(true);
  });

  it('createTask refuses what is not a generator object', () => {
    const loop = new Loop();
    function* coro(): Coro<number> {
      return 1;
    }
    const createTask = loop.createTask.bind(loop) as (x: unknown) => Task<unknown>;
    expect(() => createTask(coro)).toThrow(
      new TypeError(
        'createTask: expected a generator object (call the generator function first), ' +
          'got the function coro',
      ),
    );
    expect(() => createTask(42)).toThrow(/got number 42/);
  });

  it('new Task refuses what is not a generator object, at construction, naming what it got', () => {
    const loop = new Loop();
    function* coro(): Coro<number> {
      return 1;
    }
    const NewTask = Task as unknown as new (coro: unknown, loop: Loop) => Task<unknown>;
    const refusal = (got: string): TypeError =>
      new TypeError(`Task: expected a generator object (call the generator function first), got ${got}`);
    expect(() => new NewTask(42, loop)).toThrow(refusal('number 42'));
    expect(() => new NewTask(coro, loop)).toThrow(refusal('the function coro'));
    expect(() => new NewTask(42, loop)).toThrow(TypeError);
  });
});
