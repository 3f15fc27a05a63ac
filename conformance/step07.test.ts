/**
 * CPython 3.11's own asyncio tests, ported to step 07: `yield*` is asyncio's
 * `await`, `sleep`, the running loop, and run_until_complete inside a
 * running loop.
 */
import { describe } from 'vitest';
import { itPortsAsyncio, msg, name, refused } from '../shared/cpython.ts';
import { type Coro, type Future, Loop, ensureFuture, sleep } from '#step';

describe('CPython test_asyncio on step 07', () => {
  itPortsAsyncio(
    'test_tasks.py::test_task_basics',
    'a coroutine awaits two others and adds up their results',
    async () => {
      function* inner1(): Coro<number> {
        return 42;
      }
      function* inner2(): Coro<number> {
        yield* sleep(0);
        return 1000;
      }
      function* outer(): Coro<number> {
        const a = yield* inner1();
        const b = yield* inner2();
        return a + b;
      }
      return [`result ${await new Loop().runUntilComplete(outer())}`];
    },
    `
    async def inner1():
        return 42
    async def inner2():
        await asyncio.sleep(0)
        return 1000
    async def outer():
        a = await inner1()
        b = await inner2()
        return a + b
    log.append(f"result {asyncio.new_event_loop().run_until_complete(outer())}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_sleep',
    'sleep(delay, result) returns the result, after the delay',
    async () => {
      const loop = new Loop();
      function* sleeper(dt: number, arg: string): Coro<string> {
        yield* sleep(dt / 2);
        return yield* sleep(dt / 2, arg);
      }
      const t0 = loop.time();
      const t = loop.createTask(sleeper(0.1, 'yeah'));
      await loop.runUntilComplete(t);
      return [`done=${t.done()} result ${t.result()}`, `0.09 s+: ${loop.time() - t0 >= 0.09}`];
    },
    `
    async def sleeper(dt, arg):
        await asyncio.sleep(dt / 2)
        return await asyncio.sleep(dt / 2, arg)
    t0 = loop.time()
    t = loop.create_task(sleeper(0.1, "yeah"))
    loop.run_until_complete(t)
    log.append(f"done={tf(t.done())} result {t.result()}")
    log.append(f"0.09 s+: {tf(loop.time() - t0 >= 0.09)}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::SleepTests::test_sleep_zero',
    'sleep(0, result=10) gives the tick away and returns 10',
    async (log) => {
      const loop = new Loop();
      let result = 0;
      const incResult = (num: number): void => void (result += num);
      function* coro(): Coro<void> {
        loop.callSoon(incResult, 1);
        const before = result;
        const num = yield* sleep(0, 10);
        incResult(num);
        log.push(`before ${before}, num ${num}`);
      }
      await loop.runUntilComplete(coro());
      log.push(`result ${result}`);
    },
    `
    result = 0
    def inc_result(num):
        global result
        result += num
    async def coro():
        loop.call_soon(inc_result, 1)
        before = result
        num = await asyncio.sleep(0, result=10)
        inc_result(num)
        log.append(f"before {before}, num {num}")
    loop.run_until_complete(coro())
    log.append(f"result {result}")
    `,
  );

  itPortsAsyncio(
    'test_futures.py::test_yield_from_twice',
    'awaiting a future twice: the second await does not wait and gives the same result',
    async (log) => {
      const loop = new Loop();
      const f = loop.createFuture<number>();
      function* fixture(): Coro<void> {
        log.push('A');
        const x = yield* f;
        log.push(`B ${x}`);
        loop.callSoon(() => log.push('callback scheduled between the awaits'));
        const y = yield* f;
        log.push(`C ${y}`);
      }
      loop.callLater(0.01, () => f.setResult(42));
      await loop.runUntilComplete(fixture());
    },
    `
    f = loop.create_future()
    async def fixture():
        log.append("A")
        x = await f
        log.append(f"B {x}")
        loop.call_soon(lambda: log.append("callback scheduled between the awaits"))
        y = await f
        log.append(f"C {y}")
    loop.call_later(0.01, f.set_result, 42)
    loop.run_until_complete(fixture())
    `,
  );

  itPortsAsyncio(
    'test_futures.py::test_iter',
    'a pending future iterated outside a task: resuming it is an error, not a result',
    () => {
      const fut = new Loop().createFuture();
      function* coro(): Coro<unknown> {
        return yield* fut;
      }
      try {
        Array.from(coro());
        return ['no error'];
      } catch (e) {
        return [e instanceof TypeError ? 'TypeError' : 'refused'];
      }
    },
    `
    fut = asyncio.new_event_loop().create_future()
    def coro():
        yield from fut
    try:
        list(coro())
        log.append("no error")
    except RuntimeError as e:
        log.append("refused")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::RunningLoopTests::test_running_loop_within_a_loop',
    'a loop refuses to run while another loop is running',
    async (log) => {
      const loop = new Loop();
      const outer = new Loop();
      function* runner(): Coro<void> {
        refused(() => loop.runForever(), (e) => log.push(`refused: ${msg(e)}`));
        yield;
        log.push('runner goes on');
      }
      await outer.runUntilComplete(runner());
    },
    `
    outer = asyncio.new_event_loop()
    async def runner():
        try:
            loop.run_forever()
        except RuntimeError as e:
            log.append(f"refused: {msg(e)}")
        await asyncio.sleep(0)
        log.append("runner goes on")
    outer.run_until_complete(runner())
    `,
  );

  itPortsAsyncio(
    'test_events.py::test_run_until_complete_nesting',
    'run_until_complete inside the running loop is refused, and its coroutine never runs',
    async (log) => {
      const loop = new Loop();
      function* coro1(): Coro<void> {
        log.push('coro1 runs');
        yield* sleep(0);
      }
      function* coro2(): Coro<void> {
        log.push(`running=${loop.isRunning()}`);
        refused(() => loop.runUntilComplete(coro1()), (e) => log.push(`refused: ${msg(e)}`));
        for (let i = 0; i < 3; i++) yield* sleep(0);
        log.push('coro2 done');
      }
      await loop.runUntilComplete(coro2());
    },
    `
    async def coro1():
        log.append("coro1 runs")
        await asyncio.sleep(0)
    async def coro2():
        log.append(f"running={tf(loop.is_running())}")
        c = coro1()
        try:
            loop.run_until_complete(c)
        except RuntimeError as e:
            log.append(f"refused: {msg(e)}")
        c.close()
        for i in range(3):
            await asyncio.sleep(0)
        log.append("coro2 done")
    loop.run_until_complete(coro2())
    `,
  );

  itPortsAsyncio(
    'test_events.py::test_run_until_complete',
    'run_until_complete(sleep(0.1)) takes at least the delay',
    async () => {
      const loop = new Loop();
      const t0 = loop.time();
      const result = await loop.runUntilComplete(sleep(0.1));
      return [`result ${result ?? 'none'}`, `at least 0.09 s: ${loop.time() - t0 >= 0.09}`];
    },
    `
    t0 = loop.time()
    result = loop.run_until_complete(asyncio.sleep(0.1))
    log.append(f"result {result or 'none'}")
    log.append(f"at least 0.09 s: {tf(loop.time() - t0 >= 0.09)}")
    `,
  );

  itPortsAsyncio(
    'test_events.py::test_run_until_complete_stopped',
    'a coroutine that stops the loop: run_until_complete throws, the task is left pending',
    async (log) => {
      const loop = new Loop();
      function* cb(): Coro<void> {
        loop.stop();
        yield* sleep(0.1);
        log.push('cb finished');
      }
      const task = loop.createTask(cb());
      try {
        await loop.runUntilComplete(task);
      } catch (e) {
        log.push(`refused: ${msg(e)}; task done=${task.done()}`);
      }
      await loop.runUntilComplete(task);
      log.push(`second run: done=${task.done()}`);
    },
    `
    async def cb():
        loop.stop()
        await asyncio.sleep(0.1)
        log.append("cb finished")
    task = loop.create_task(cb())
    try:
        loop.run_until_complete(task)
    except RuntimeError as e:
        log.append(f"refused: {msg(e)}; task done={tf(task.done())}")
    loop.run_until_complete(task)
    log.append(f"second run: done={tf(task.done())}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_ensure_future_coroutine',
    'without a loop argument, ensure_future uses the running loop, and outside one it is refused',
    async (log) => {
      const loop = new Loop();
      function* notmuch(): Coro<string> {
        return 'ok';
      }
      let t: Future<string> | undefined;
      function* test(): Coro<void> {
        t = ensureFuture(notmuch());
      }
      await loop.runUntilComplete(test());
      log.push(`result ${await loop.runUntilComplete(t!)}`);
      try {
        ensureFuture(notmuch());
      } catch (e) {
        log.push(/no running event loop/.test(msg(e)) ? 'refused: no loop' : name(e));
      }
    },
    `
    async def notmuch():
        return "ok"
    async def test():
        global t
        t = asyncio.ensure_future(notmuch())
    loop.run_until_complete(test())
    log.append(f"result {loop.run_until_complete(t)}")
    asyncio.set_event_loop(None)
    a = notmuch()
    try:
        asyncio.ensure_future(a)
    except RuntimeError as e:
        log.append("refused: no loop" if "no current event loop" in str(e) else name(e))
    a.close()
    `,
  );
});
