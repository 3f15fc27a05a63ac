/**
 * Differential tests: errors in our loop against asyncio. A `throw` in
 * a coroutine is a `raise`, `catch` is `except`, and `finally` is `finally` on
 * both sides; the lines each block prints, and the ticks they print in, must be
 * the same. Errors are compared by message (and by identity where a task hands
 * on the error it got). Timer deadlines are at least 60 ms apart.
 *
 * Not compared here: when a never-retrieved error is reported. asyncio reports
 * it from `__del__`, our loop after a garbage collection, so every scenario
 * below retrieves its errors.
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import { type Coro, Loop, type Task, sleep } from '#step';

const message = (e: unknown): string => (e as Error).message;

describe('when things go wrong, against asyncio', () => {
  itMatchesAsyncio(
    'an error travels up a yield* chain: finally and catch blocks run innermost first, and may wait themselves',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* c(): Coro<number> {
        log.push('c sleeps');
        yield* sleep(0.12);
        log.push('c throws');
        loop.callSoon(() => log.push('callback scheduled as c throws'));
        throw new Error('c failed');
      }
      function* b(): Coro<number> {
        try {
          log.push('b calls c');
          const v = yield* c();
          log.push('b: not reached');
          return v;
        } finally {
          log.push('b finally');
        }
      }
      function* a(): Coro<number> {
        try {
          return yield* b();
        } catch (e) {
          log.push(`a caught: ${message(e)}`);
          yield* sleep(0);
          log.push('a rethrows after sleep(0)');
          throw new Error(`a wraps: ${message(e)}`);
        } finally {
          log.push('a finally');
          yield* sleep(0);
          log.push('a finally after sleep(0)');
        }
      }
      function* early(): Coro<number> {
        log.push('early throws before it ever waits');
        throw new Error('early failed');
      }
      function* main(): Coro<string> {
        loop.callSoon(() => log.push('callback scheduled as main starts'));
        try {
          yield* early();
        } catch (e) {
          log.push(`main caught at once: ${message(e)}`);
        }
        try {
          yield* a();
          log.push('main: not reached');
        } catch (e) {
          log.push(`main caught: ${message(e)}`);
        } finally {
          log.push('main finally');
        }
        const f = loop.createFuture<number>();
        loop.callLater(0.12, () => f.setException(new Error('future failed')));
        function* viaFuture(): Coro<number> {
          try {
            return yield* f;
          } finally {
            log.push('viaFuture finally');
          }
        }
        try {
          yield* viaFuture();
        } catch (e) {
          log.push(`main caught: ${message(e)}`);
        }
        yield* sleep(0);
        log.push('main goes on');
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def c():
    log.append("c sleeps")
    await asyncio.sleep(0.12)
    log.append("c throws")
    loop.call_soon(lambda: log.append("callback scheduled as c throws"))
    raise ValueError("c failed")

async def b():
    try:
        log.append("b calls c")
        v = await c()
        log.append("b: not reached")
        return v
    finally:
        log.append("b finally")

async def a():
    try:
        return await b()
    except ValueError as e:
        log.append(f"a caught: {e}")
        await asyncio.sleep(0)
        log.append("a rethrows after sleep(0)")
        raise ValueError(f"a wraps: {e}")
    finally:
        log.append("a finally")
        await asyncio.sleep(0)
        log.append("a finally after sleep(0)")

async def early():
    log.append("early throws before it ever waits")
    raise ValueError("early failed")

async def main():
    loop.call_soon(lambda: log.append("callback scheduled as main starts"))
    try:
        await early()
    except ValueError as e:
        log.append(f"main caught at once: {e}")
    try:
        await a()
        log.append("main: not reached")
    except ValueError as e:
        log.append(f"main caught: {e}")
    finally:
        log.append("main finally")
    f = loop.create_future()
    loop.call_later(0.12, lambda: f.set_exception(ValueError("future failed")))
    async def via_future():
        try:
            return await f
        finally:
            log.append("viaFuture finally")
    try:
        await via_future()
    except ValueError as e:
        log.append(f"main caught: {e}")
    await asyncio.sleep(0)
    log.append("main goes on")
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'a task fails: the tasks awaiting it get the same error in the order they waited, one of them fails in turn',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* failing(): Coro<string> {
        log.push('failing sleeps');
        yield* sleep(0.12);
        log.push('failing throws');
        throw new Error('task failed');
      }
      function* catcher(name: string, t: Task<string>): Coro<string> {
        log.push(`${name} waits`);
        try {
          return yield* t;
        } catch (e) {
          log.push(`${name} caught: ${message(e)}, same error: ${e === t.exception()}`);
          return `${name} recovered`;
        }
      }
      function* passer(t: Task<string>): Coro<string> {
        log.push('passer waits');
        try {
          return yield* t;
        } finally {
          log.push('passer finally');
        }
      }
      function* main(): Coro<string> {
        const f = loop.createTask(failing());
        const a = loop.createTask(catcher('A', f));
        const p = loop.createTask(passer(f));
        f.addDoneCallback((t) => log.push(`done callback: ${message(t.exception())}`));
        const c = loop.createTask(catcher('C', p));
        yield* sleep(0.24);
        log.push(`main after 240 ms: failing done ${f.done()}, passer done ${p.done()}`);
        loop.callSoon(() => log.push('callback scheduled before main awaits the failed task'));
        try {
          yield* f;
        } catch (e) {
          log.push(`main caught at once: ${message(e)}, passer has the same error: ${p.exception() === e}`);
        }
        log.push(`A: ${yield* a}`);
        log.push(`C: ${yield* c}`);
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def failing():
    log.append("failing sleeps")
    await asyncio.sleep(0.12)
    log.append("failing throws")
    raise ValueError("task failed")

async def catcher(name, t):
    log.append(f"{name} waits")
    try:
        return await t
    except ValueError as e:
        log.append(f"{name} caught: {e}, same error: {str(e is t.exception()).lower()}")
        return f"{name} recovered"

async def passer(t):
    log.append("passer waits")
    try:
        return await t
    finally:
        log.append("passer finally")

async def main():
    f = loop.create_task(failing())
    a = loop.create_task(catcher("A", f))
    p = loop.create_task(passer(f))
    f.add_done_callback(lambda t: log.append(f"done callback: {t.exception()}"))
    c = loop.create_task(catcher("C", p))
    await asyncio.sleep(0.24)
    log.append(f"main after 240 ms: failing done {str(f.done()).lower()}, passer done {str(p.done()).lower()}")
    loop.call_soon(lambda: log.append("callback scheduled before main awaits the failed task"))
    try:
        await f
    except ValueError as e:
        log.append(f"main caught at once: {e}, passer has the same error: {str(p.exception() is e).lower()}")
    log.append(f"A: {await a}")
    log.append(f"C: {await c}")
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'catching and going on: retries in a loop, a task that fails at its first step, run_until_complete that throws',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* flaky(attempt: number): Coro<string> {
        yield* sleep(0);
        if (attempt < 2) throw new Error(`attempt ${attempt} failed`);
        return `ok on attempt ${attempt}`;
      }
      function* failsAtOnce(): Coro<string> {
        log.push('failsAtOnce runs its first step');
        throw new Error('failed at the first step');
      }
      function* main(): Coro<string> {
        const t = loop.createTask(failsAtOnce());
        loop.callSoon(() => log.push('callback scheduled after creating the task'));
        let result = '';
        for (let attempt = 0; ; attempt++) {
          try {
            result = yield* flaky(attempt);
            log.push(`attempt ${attempt}: ${result}`);
            break;
          } catch (e) {
            log.push(`attempt ${attempt} caught: ${message(e)}`);
            loop.callSoon(() => log.push(`callback after attempt ${attempt}`));
          } finally {
            log.push(`finally of attempt ${attempt}, task done: ${t.done()}`);
          }
        }
        try {
          yield* t;
        } catch (e) {
          log.push(`main caught the task's error: ${message(e)}`);
        }
        return result;
      }
      function* crash(): Coro<string> {
        yield* sleep(0.06);
        log.push('crash throws');
        throw new Error('crashed');
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      try {
        await loop.runUntilComplete(crash());
      } catch (e) {
        log.push(`run_until_complete threw: ${message(e)}`);
      }
      log.push(`the loop runs again: ${await loop.runUntilComplete(flaky(5))}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def flaky(attempt):
    await asyncio.sleep(0)
    if attempt < 2:
        raise ValueError(f"attempt {attempt} failed")
    return f"ok on attempt {attempt}"

async def fails_at_once():
    log.append("failsAtOnce runs its first step")
    raise ValueError("failed at the first step")

async def main():
    t = loop.create_task(fails_at_once())
    loop.call_soon(lambda: log.append("callback scheduled after creating the task"))
    result = ""
    attempt = 0
    while True:
        try:
            result = await flaky(attempt)
            log.append(f"attempt {attempt}: {result}")
            break
        except ValueError as e:
            log.append(f"attempt {attempt} caught: {e}")
            loop.call_soon(lambda attempt=attempt: log.append(f"callback after attempt {attempt}"))
        finally:
            log.append(f"finally of attempt {attempt}, task done: {str(t.done()).lower()}")
        attempt += 1
    try:
        await t
    except ValueError as e:
        log.append(f"main caught the task's error: {e}")
    return result

async def crash():
    await asyncio.sleep(0.06)
    log.append("crash throws")
    raise ValueError("crashed")

log.append(f"returned: {loop.run_until_complete(main())}")
try:
    loop.run_until_complete(crash())
except ValueError as e:
    log.append(f"run_until_complete threw: {e}")
log.append(f"the loop runs again: {loop.run_until_complete(flaky(5))}")
loop.close()
print("\\n".join(log))
`,
  );
});
