/**
 * CPython 3.11's own asyncio tests, ported to step 06: tasks driven by
 * generators that yield futures, ensure_future, and tasks awaiting bad things.
 * `(yield fut)` here is asyncio's `await fut`. A case whose task would wait
 * forever on our loop is bounded by a timer that stops the loop and traces "hung".
 */
import { describe, inject } from 'vitest';
import { itDiffersFromAsyncio, itPortsAsyncio, msg, name } from '../shared/cpython.ts';
import type {} from '../shared/retired-setup.ts'; // types inject('step')
import { type Coro, Future, Loop, Task, ensureFuture } from '#step';

/** A future that a timer completes with `value` after `delay` seconds: asyncio.sleep. */
function later<T>(loop: Loop, delay: number, value: T): Future<T> {
  const f = loop.createFuture<T>();
  loop.callLater(delay, () => f.setResult(value));
  return f;
}

/**
 * Run `aw` to completion, or stop the loop after 0.2 s and trace
 * "hung"; an error is traced by `show`.
 */
async function runBounded(
  loop: Loop,
  aw: Future<unknown> | Coro<unknown>,
  log: string[],
  show: (e: unknown) => string,
): Promise<void> {
  loop.callLater(0.2, () => {
    log.push('hung');
    loop.stop();
  });
  try {
    log.push(`result ${await loop.runUntilComplete(aw)}`);
  } catch (e) {
    if (!/stopped before Future completed/.test(msg(e))) log.push(show(e));
  }
}

describe('CPython test_asyncio on step 06', () => {
  itPortsAsyncio(
    'test_tasks.py::test_task_class',
    'a task runs to its result on its loop',
    async () => {
      const loop = new Loop();
      function* notmuch(): Coro<string> {
        return 'ok';
      }
      const t = loop.createTask(notmuch());
      const result = await loop.runUntilComplete(t);
      return [`result ${result}`, `done=${t.done()} result()=${t.result()}`];
    },
    `
    async def notmuch():
        return "ok"
    t = loop.create_task(notmuch())
    result = loop.run_until_complete(t)
    log.append(f"result {result}")
    log.append(f"done={tf(t.done())} result()={t.result()}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_ensure_future_coroutine',
    'ensure_future(coro, loop) wraps the coroutine in a task of that loop',
    async () => {
      const loop = new Loop();
      function* notmuch(): Coro<string> {
        return 'ok';
      }
      const t = ensureFuture(notmuch(), loop);
      await loop.runUntilComplete(t);
      return [`a task: ${t instanceof Task}`, `done=${t.done()} result ${t.result()}`];
    },
    `
    async def notmuch():
        return "ok"
    t = asyncio.ensure_future(notmuch(), loop=loop)
    loop.run_until_complete(t)
    log.append(f"a task: {tf(isinstance(t, asyncio.Task))}")
    log.append(f"done={tf(t.done())} result {t.result()}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_ensure_future_future',
    'ensure_future of a future is the future itself',
    async () => {
      const loop = new Loop();
      const orig = loop.createFuture<string>();
      orig.setResult('ko');
      const f = ensureFuture(orig, loop);
      await loop.runUntilComplete(f);
      return [`same object: ${f === orig}`, `result ${f.result()}`];
    },
    `
    orig = loop.create_future()
    orig.set_result("ko")
    f = asyncio.ensure_future(orig, loop=loop)
    loop.run_until_complete(f)
    log.append(f"same object: {tf(f is orig)}")
    log.append(f"result {f.result()}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_ensure_future_task',
    'ensure_future of a task is the task itself',
    async () => {
      const loop = new Loop();
      function* notmuch(): Coro<string> {
        return 'ok';
      }
      const orig = loop.createTask(notmuch());
      const t = ensureFuture(orig, loop);
      await loop.runUntilComplete(t);
      return [`same object: ${t === orig}`, `result ${t.result()}`];
    },
    `
    async def notmuch():
        return "ok"
    orig = loop.create_task(notmuch())
    t = asyncio.ensure_future(orig, loop=loop)
    loop.run_until_complete(t)
    log.append(f"same object: {tf(t is orig)}")
    log.append(f"result {t.result()}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_ensure_future_neither',
    "ensure_future('ok') is a TypeError",
    () => {
      try {
        ensureFuture('ok' as never, new Loop());
        return ['accepted'];
      } catch (e) {
        return [name(e)];
      }
    },
    `
    try:
        asyncio.ensure_future("ok", loop=asyncio.new_event_loop())
        log.append("accepted")
    except TypeError as e:
        log.append(name(e))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_ensure_future_error_msg',
    'ensure_future of a future with another loop as the loop argument is refused',
    () => {
      const loop = new Loop();
      const f = new Loop().createFuture();
      try {
        ensureFuture(f, loop);
        return ['accepted'];
      } catch (e) {
        return [/different loop/.test(msg(e)) ? 'refused: a different loop' : name(e)];
      }
    },
    `
    f = asyncio.new_event_loop().create_future()
    try:
        asyncio.ensure_future(f, loop=loop)
        log.append("accepted")
    except ValueError as e:
        log.append("refused: a different loop" if "different loop" in str(e) else name(e))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_task_set_methods',
    'a task refuses set_result and set_exception, then runs to its own result',
    async (log) => {
      const loop = new Loop();
      function* notmuch(): Coro<string> {
        return 'ko';
      }
      const task = loop.createTask(notmuch());
      for (const set of [() => task.setResult('ok'), () => task.setException(new Error())]) {
        try {
          set();
        } catch (e) {
          log.push(/not support set_?(result|exception)/i.test(msg(e)) ? 'refused' : msg(e));
        }
      }
      log.push(`result ${await loop.runUntilComplete(task)}`);
    },
    `
    async def notmuch():
        return "ko"
    task = loop.create_task(notmuch())
    for setter in (lambda: task.set_result("ok"), lambda: task.set_exception(ValueError())):
        try:
            setter()
        except RuntimeError as e:
            log.append("refused" if "not support set_" in str(e) else msg(e))
    log.append(f"result {loop.run_until_complete(task)}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_step_result_future',
    'a task waits on the future its coroutine yields and resumes with its result',
    async (log) => {
      const loop = new Loop();
      const fut = loop.createFuture<string>();
      function* waitForFuture(): Coro<void> {
        const result = yield fut;
        log.push(`resumed with ${String(result)}`);
      }
      const t = loop.createTask(waitForFuture());
      loop.stop();
      await loop.runForever();
      log.push(`waiting: done=${t.done()}`);
      fut.setResult('res');
      loop.stop();
      await loop.runForever();
      log.push(`done=${t.done()} result=${t.result() ?? 'none'}`);
    },
    `
    fut = loop.create_future()
    async def wait_for_future():
        result = await fut
        log.append(f"resumed with {result}")
    t = loop.create_task(wait_for_future())
    loop.stop()
    loop.run_forever()
    log.append(f"waiting: done={tf(t.done())}")
    fut.set_result("res")
    loop.stop()
    loop.run_forever()
    log.append(f"done={tf(t.done())} result={t.result() or 'none'}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_other_loop_future',
    'a task awaiting a future of another loop fails at once, instead of waiting forever',
    async (log) => {
      const loop = new Loop();
      const fut = new Loop().createFuture();
      function* run(): Coro<void> {
        yield fut;
      }
      const show = (e: unknown): string => (/different loop/.test(msg(e)) ? 'refused' : msg(e));
      await runBounded(loop, run(), log, show);
    },
    `
    fut = asyncio.new_event_loop().create_future()
    async def run():
        await fut
    try:
        loop.run_until_complete(run())
    except RuntimeError as e:
        log.append("refused" if "attached to a different loop" in str(e) else msg(e))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_task_awaits_on_itself',
    'a task awaiting itself fails at once, instead of waiting forever',
    async (log) => {
      const loop = new Loop();
      function* test(): Coro<void> {
        yield task;
      }
      const task: Future<void> = ensureFuture(test(), loop);
      await runBounded(loop, task, log, (e) => (/itself/.test(msg(e)) ? 'refused' : msg(e)));
    },
    `
    async def test():
        await task
    task = asyncio.ensure_future(test(), loop=loop)
    try:
        loop.run_until_complete(task)
    except RuntimeError as e:
        log.append("refused" if "cannot await on itself" in str(e) else msg(e))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::SetMethodsTest::test_set_result_causes_invalid_state',
    "Future.set_result forced on a task: its next step refuses to run (InvalidStateError)",
    async (log) => {
      const loop = new Loop();
      loop.setExceptionHandler((_l, context) => log.push(`handler: ${name(context.exception)}`));
      function* foo(): Coro<number> {
        log.push('foo starts');
        yield later(loop, 0.1, undefined);
        return 10;
      }
      const task = loop.createTask(foo());
      Future.prototype.setResult.call(task as Future<unknown>, 'spam');
      log.push(`result ${await loop.runUntilComplete(task)}`);
    },
    `
    loop.set_exception_handler(lambda l, c: log.append(f"handler: {name(c['exception'])}"))
    async def foo():
        log.append("foo starts")
        await asyncio.sleep(0.1)
        return 10
    task = loop.create_task(foo())
    asyncio.Future.set_result(task, "spam")
    log.append(f"result {loop.run_until_complete(task)}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::SetMethodsTest::test_set_exception_causes_invalid_state',
    "Future.set_exception forced on a task: its next step refuses to run (InvalidStateError)",
    async (log) => {
      const loop = new Loop();
      loop.setExceptionHandler((_l, context) => log.push(`handler: ${name(context.exception)}`));
      function* foo(): Coro<number> {
        log.push('foo starts');
        yield later(loop, 0.1, undefined);
        return 10;
      }
      const task = loop.createTask(foo());
      Future.prototype.setException.call(task as Future<unknown>, new RangeError('MyExc'));
      try {
        await loop.runUntilComplete(task);
      } catch (e) {
        log.push(`raised ${msg(e)}`);
      }
    },
    `
    loop.set_exception_handler(lambda l, c: log.append(f"handler: {name(c['exception'])}"))
    async def foo():
        log.append("foo starts")
        await asyncio.sleep(0.1)
        return 10
    task = loop.create_task(foo())
    asyncio.Future.set_exception(task, ValueError("MyExc"))
    try:
        loop.run_until_complete(task)
    except ValueError as e:
        log.append(f"raised {msg(e)}")
    `,
  );

  // From step 12 the run methods return Promises, which adopt the future: see step12.test.ts.
  if (inject('step') < 12) {
    itPortsAsyncio(
      'test_tasks.py::test_ensure_future_coroutine',
      'run_until_complete of a coroutine that returns a future gives that future, not its result',
      async () => {
        const loop = new Loop();
        const f = loop.createFuture<string>();
        f.setResult('ok');
        function* test(): Coro<Future<string>> {
          return f;
        }
        const r: unknown = await loop.runUntilComplete(test());
        return [`got the future itself: ${r === f}`];
      },
      `
      f = loop.create_future()
      f.set_result("ok")
      async def test():
          return f
      r = loop.run_until_complete(test())
      log.append(f"got the future itself: {tf(r is f)}")
      `,
    );
  }

  itDiffersFromAsyncio(
    'test_tasks.py::Task.__step',
    "a bad yield (__step's branch; no 3.11 test) is thrown in as a TypeError, not a RuntimeError",
    {
      lesson: 'step08#how-asyncio-does-it',
      reason: "asyncio throws RuntimeError('Task got bad yield') in; we throw a TypeError",
    },
    async (log) => {
      const loop = new Loop();
      function* main(): Coro<string> {
        try {
          yield 42 as never;
        } catch (e) {
          log.push(`thrown in: ${name(e)}, message names it: ${/bad yield/.test(msg(e))}`);
        }
        return 'went on';
      }
      log.push(`result ${await loop.runUntilComplete(main())}`);
    },
    `
    import types
    loop = asyncio.new_event_loop()
    @types.coroutine
    def bad_yield():
        yield 42
    async def main():
        try:
            await bad_yield()
        except RuntimeError as e:
            log.append(f"thrown in: {name(e)}, message names it: {tf('bad yield' in str(e))}")
        return "went on"
    log.append(f"result {loop.run_until_complete(main())}")
    `,
    ['thrown in: TypeError, message names it: true', 'result went on'],
  );
});
