/**
 * CPython 3.11's own asyncio tests, ported to step 08: errors travel up the
 * await chain, and a failed task holds its error. (CPython's checks of
 * `__context__` and tracebacks have no JavaScript counterpart; what is left
 * is which error arrives where.)
 */
import { describe } from 'vitest';
import {
  ValueError, ZeroDivisionError, caught, itPortsAsyncio, name,
} from '../shared/cpython.ts';
import { type Coro, Loop, sleep } from '#step';

class KeyError extends Error {
  override name = 'KeyError';
}

describe('CPython test_asyncio on step 08', () => {
  itPortsAsyncio(
    'test_tasks.py::test_exception_traceback',
    'a task that fails holds its error: exception() a tick later',
    async (log) => {
      const loop = new Loop();
      function* foo(): Coro<void> {
        throw new ZeroDivisionError('division by zero');
      }
      function* main(): Coro<void> {
        const task = loop.createTask(foo());
        yield* sleep(0);
        const e = task.exception();
        log.push(`done=${task.done()} exception ${name(e)}: ${(e as Error).message}`);
      }
      await loop.runUntilComplete(main());
    },
    `
    async def foo():
        1 / 0
    async def main():
        task = loop.create_task(foo())
        await asyncio.sleep(0)
        e = task.exception()
        log.append(f"done={tf(task.done())} exception {name(e)}: {e}")
    loop.run_until_complete(main())
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_exception_chaining_after_await',
    "awaiting a failing task inside a catch block: the task's own error arrives",
    async (log) => {
      const loop = new Loop();
      function* raiseError(): Coro<void> {
        throw new ValueError();
      }
      function* run(): Coro<void> {
        try {
          throw new KeyError('3');
        } catch {
          const task = loop.createTask(raiseError());
          log.push(`caught ${yield* caught(task)}`);
        }
      }
      await loop.runUntilComplete(loop.createTask(run()));
    },
    `
    async def raise_error():
        raise ValueError
    async def run():
        try:
            raise KeyError(3)
        except Exception:
            task = loop.create_task(raise_error())
            log.append(f"caught {await caught(task)}")
    loop.run_until_complete(loop.create_task(run()))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_exception_chaining_after_await_with_context_cycle',
    'an error raised again by a task comes back as the same object',
    async (log) => {
      const loop = new Loop();
      function* processExc(exc: Error): Coro<void> {
        throw exc;
      }
      function* run(): Coro<void> {
        const exc = new KeyError('a');
        try {
          yield* loop.createTask(processExc(exc));
        } catch (e) {
          log.push(`same object: ${e === exc}`);
        }
      }
      await loop.runUntilComplete(run());
    },
    `
    async def process_exc(exc):
        raise exc
    async def run():
        exc = KeyError("a")
        try:
            await loop.create_task(process_exc(exc))
        except BaseException as e:
            log.append(f"same object: {tf(e is exc)}")
    loop.run_until_complete(run())
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_default_exc_handler_coro',
    'an error after an await fails the task; its done callback sees the error',
    async (log) => {
      const loop = new Loop();
      function* zeroErrorCoro(): Coro<void> {
        yield* sleep(0.01);
        throw new ZeroDivisionError('division by zero');
      }
      const fut = loop.createTask(zeroErrorCoro());
      fut.addDoneCallback((f) => {
        log.push(`done callback: ${name(f.exception())}`);
        loop.stop();
      });
      await loop.runForever();
    },
    `
    async def zero_error_coro():
        await asyncio.sleep(0.01)
        1 / 0
    fut = asyncio.ensure_future(zero_error_coro(), loop=loop)
    def done(f):
        log.append(f"done callback: {name(f.exception())}")
        loop.stop()
    fut.add_done_callback(done)
    loop.run_forever()
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_task_basics',
    'an error two awaits deep reaches the outer coroutine, which can catch it and go on',
    async () => {
      const loop = new Loop();
      function* inner2(): Coro<number> {
        yield* sleep(0);
        throw new ValueError('deep');
      }
      function* inner1(): Coro<number> {
        return 1 + (yield* inner2());
      }
      function* outer(): Coro<string> {
        try {
          return `got ${yield* inner1()}`;
        } catch (e) {
          return `caught ${name(e)}: ${(e as Error).message}`;
        }
      }
      return [await loop.runUntilComplete(outer())];
    },
    `
    async def inner2():
        await asyncio.sleep(0)
        raise ValueError("deep")
    async def inner1():
        return 1 + await inner2()
    async def outer():
        try:
            return f"got {await inner1()}"
        except ValueError as e:
            return f"caught {name(e)}: {e}"
    log.append(loop.run_until_complete(outer()))
    `,
  );
});
