/**
 * CPython 3.11's own asyncio tests, ported to step 04: tasks that drive a
 * generator. Only a bare `yield` (asyncio's `sleep(0)`) is used, the one
 * yield every later step keeps; the loop is stopped by a timer, since this
 * step has no run_until_complete yet.
 */
import { describe } from 'vitest';
import { itPortsAsyncio, name } from '../shared/cpython.ts';
import { type Coro, Loop } from '#step';

describe('CPython test_asyncio on step 04', () => {
  itPortsAsyncio(
    'test_base_events.py::test_create_task',
    'create_task does not start the coroutine; the next tick does, in creation order',
    async (log) => {
      const loop = new Loop();
      function* test(n: number): Coro<void> {
        log.push(`task ${n} starts`);
        yield;
        log.push(`task ${n} resumes`);
      }
      loop.callSoon(() => {
        loop.createTask(test(1));
        loop.createTask(test(2));
        log.push('both created, none started');
      });
      loop.callLater(0.02, () => loop.stop());
      await loop.runForever();
    },
    `
    async def test(n):
        log.append(f"task {n} starts")
        await asyncio.sleep(0)
        log.append(f"task {n} resumes")
    def create():
        loop.create_task(test(1))
        loop.create_task(test(2))
        log.append("both created, none started")
    loop.call_soon(create)
    loop.call_later(0.02, loop.stop)
    loop.run_forever()
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_create_task_with_noncoroutine',
    'create_task(123) is a TypeError, the second time too',
    (log) => {
      const loop = new Loop();
      for (let i = 0; i < 2; i++) {
        try {
          loop.createTask(123 as never);
        } catch (e) {
          log.push(name(e));
        }
      }
    },
    `
    for i in range(2):
        try:
            loop.create_task(123)
        except TypeError as e:
            log.append(name(e))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::SleepTests::test_sleep_zero',
    'a bare yield (sleep(0)) lets a callback scheduled just before it run first',
    async (log) => {
      const loop = new Loop();
      let result = 0;
      function* coro(): Coro<void> {
        loop.callSoon(() => result++);
        log.push(`before the yield: ${result}`);
        yield;
        log.push(`after the yield: ${result}`);
      }
      loop.createTask(coro());
      loop.callLater(0.02, () => loop.stop());
      await loop.runForever();
    },
    `
    result = 0
    def inc():
        global result
        result += 1
    async def coro():
        loop.call_soon(inc)
        log.append(f"before the yield: {result}")
        await asyncio.sleep(0)
        log.append(f"after the yield: {result}")
    loop.create_task(coro())
    loop.call_later(0.02, loop.stop)
    loop.run_forever()
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_task_class',
    "a task is done once its coroutine returns, and its result is the return value",
    async (log) => {
      const loop = new Loop();
      function* notmuch(): Coro<string> {
        yield;
        return 'ok';
      }
      const t = loop.createTask(notmuch());
      log.push(`done at first: ${t.done()}`);
      loop.callLater(0.02, () => loop.stop());
      await loop.runForever();
      log.push(`done: ${t.done()}, result ${t.result()}`);
    },
    `
    async def notmuch():
        await asyncio.sleep(0)
        return "ok"
    t = loop.create_task(notmuch())
    log.append(f"done at first: {tf(t.done())}")
    loop.call_later(0.02, loop.stop)
    loop.run_forever()
    log.append(f"done: {tf(t.done())}, result {t.result()}")
    `,
  );
});
