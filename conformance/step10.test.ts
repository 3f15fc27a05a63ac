/**
 * CPython 3.11's own asyncio tests, ported to step 10: cancellation in all its
 * forms, cancelling gathers, and wait_for (test_futures.py, test_tasks.py,
 * test_waitfor.py). The prelude's `show` maps away two documented differences:
 * an empty CancelledError message shows as our "cancelled" (step 10's lesson),
 * asyncio's RuntimeError as our Error (step 11's). Of a TimeoutError only the
 * class is traced: ours says what timed out, asyncio's is empty.
 */
import { describe } from 'vitest';
import {
  type Ours, ValueError, attempt, caught, itDiffersFromAsyncio, itPortsAsyncio, name, runBriefly,
  settle, show,
} from '../shared/cpython.ts';
import { CancelledError, type Coro, type Future, Loop, gather, sleep, wait, waitFor } from '#step';

/** test_waitfor's SlowTask: runs for `duration` seconds whatever cancels it, then sets `exited`. */
function* slowTask(state: { exited: boolean }, duration: number): Coro<void> {
  const now = (): number => performance.now() / 1000;
  const exitAt = now() + duration;
  for (let toSleep = duration; toSleep > 0; toSleep = exitAt - now()) {
    try {
      yield* sleep(toSleep);
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    }
  }
  state.exited = true;
}

/** "raised Class" of a traced outcome, without the message; the Python halves: `.split(":")[0]`. */
const cls = (outcome: string): string => outcome.replace(/^(raised \w+).*/, '$1');

const PY_SLOW_TASK = `
import time
class SlowTask:
    def __init__(self, duration):
        self.exited = False
        self.duration = duration
    async def run(self):
        exitat = time.monotonic() + self.duration
        while (tosleep := exitat - time.monotonic()) > 0:
            try:
                await asyncio.sleep(tosleep)
            except asyncio.CancelledError:
                pass
        self.exited = True
`;

describe('CPython test_asyncio on step 10: futures and tasks', () => {
  itPortsAsyncio(
    'test_futures.py::test_cancel',
    'a cancelled future: done, result() and exception() throw CancelledError, set_* refused',
    () => {
      const f = new Loop().createFuture();
      return [
        `cancel() ${f.cancel()}, cancelled=${f.cancelled()} done=${f.done()}`,
        `result: ${attempt(() => f.result())}, exception: ${attempt(() => f.exception())}`,
        `set_result: ${attempt(() => f.setResult(null))}, ` +
          `set_exception: ${attempt(() => f.setException(1))}`,
        `cancel() again ${f.cancel()}`,
      ];
    },
    `
    f = loop.create_future()
    log.append(f"cancel() {tf(f.cancel())}, cancelled={tf(f.cancelled())} done={tf(f.done())}")
    log.append(f"result: {attempt(f.result)}, exception: {attempt(f.exception)}")
    log.append(f"set_result: {attempt(lambda: f.set_result(None))}, "
               f"set_exception: {attempt(lambda: f.set_exception(Exception()))}")
    log.append(f"cancel() again {tf(f.cancel())}")
    `,
  );

  itPortsAsyncio(
    'test_futures.py::test_initial_state',
    'a new future is not cancelled; cancel() makes it so',
    () => {
      const f = new Loop().createFuture();
      const before = `cancelled=${f.cancelled()} done=${f.done()}`;
      f.cancel();
      return [before, `cancelled=${f.cancelled()}`];
    },
    `
    f = loop.create_future()
    before = f"cancelled={tf(f.cancelled())} done={tf(f.done())}"
    f.cancel()
    log.extend([before, f"cancelled={tf(f.cancelled())}"])
    `,
  );

  itPortsAsyncio(
    'test_futures.py::test_future_cancel_message_getter',
    'run_until_complete of a future cancelled with a message raises CancelledError with it',
    async (log) => {
      const loop = new Loop();
      const f = loop.createFuture();
      f.cancel('my message');
      log.push(await settle(() => loop.runUntilComplete(f)));
    },
    `
    f = loop.create_future()
    f.cancel("my message")
    log.append(settle(lambda: loop.run_until_complete(f)))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_cancel',
    'a sleeping task cancelled by a callback: CancelledError, and cancel() is then false',
    async (log) => {
      const loop = new Loop();
      function* task(): Coro<number> {
        yield* sleep(10);
        return 12;
      }
      const t = loop.createTask(task());
      loop.callSoon(() => t.cancel());
      log.push(await settle(() => loop.runUntilComplete(t)));
      log.push(`done=${t.done()} cancelled=${t.cancelled()} cancel() ${t.cancel()}`);
    },
    `
    async def task():
        await asyncio.sleep(10)
        return 12
    t = loop.create_task(task())
    loop.call_soon(t.cancel)
    log.append(settle(lambda: loop.run_until_complete(t)))
    log.append(f"done={tf(t.done())} cancelled={tf(t.cancelled())} cancel() {tf(t.cancel())}")
    `,
  );

  for (const reader of ['result', 'exception'] as const) {
    itPortsAsyncio(
      `test_tasks.py::test_cancel_with_message_then_future_${reader}`,
      `${reader}() of a task cancelled with or without a message raises CancelledError with it`,
      async (log) => {
        for (const message of [undefined, 'my message']) {
          const loop = new Loop();
          function* coro(): Coro<void> {
            const task = loop.createTask(sleep(10));
            yield* sleep(0);
            task.cancel(message);
            yield* wait([task]);
            task[reader]();
          }
          log.push(await settle(() => loop.runUntilComplete(loop.createTask(coro()))));
        }
      },
      `
      for args in [(), ("my message",)]:
          loop = asyncio.new_event_loop()
          async def coro():
              task = loop.create_task(asyncio.sleep(10))
              await asyncio.sleep(0)
              task.cancel(*args)
              await asyncio.wait([task])
              task.${reader}()
          log.append(settle(lambda: loop.run_until_complete(loop.create_task(coro()))))
      `,
    );
  }

  itPortsAsyncio(
    'test_tasks.py::test_cancellation_exception_context',
    'the awaiting coroutine catches the cancel message, then fails with its own error',
    async (log) => {
      const loop = new Loop();
      const fut = loop.createFuture<null>();
      function* sleeper(): Coro<void> {
        fut.setResult(null);
        yield* sleep(10);
      }
      function* coro(): Coro<void> {
        const innerTask = loop.createTask(sleeper());
        yield* fut;
        loop.callSoon(() => innerTask.cancel('msg'));
        log.push(`caught: ${yield* caught(innerTask)}`);
        throw new ValueError('cancelled');
      }
      log.push(await settle(() => loop.runUntilComplete(loop.createTask(coro()))));
    },
    `
    fut = loop.create_future()
    async def sleeper():
        fut.set_result(None)
        await asyncio.sleep(10)
    async def coro():
        inner_task = loop.create_task(sleeper())
        await fut
        loop.call_soon(inner_task.cancel, "msg")
        log.append(f"caught: {await caught(inner_task)}")
        raise ValueError("cancelled")
    log.append(settle(lambda: loop.run_until_complete(loop.create_task(coro()))))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_cancel_with_message_before_starting_task',
    'a task cancelled before it starts never runs its body, and keeps the message',
    async (log) => {
      const loop = new Loop();
      function* sleeper(): Coro<void> {
        log.push('sleep body runs');
        yield* sleep(10);
      }
      function* coro(): Coro<void> {
        const task = loop.createTask(sleeper());
        task.cancel('my message');
        yield* wait([task]);
        task.exception();
      }
      log.push(await settle(() => loop.runUntilComplete(loop.createTask(coro()))));
    },
    `
    async def sleeper():
        log.append("sleep body runs")
        await asyncio.sleep(10)
    async def coro():
        task = loop.create_task(sleeper())
        task.cancel("my message")
        await asyncio.wait([task])
        task.exception()
    log.append(settle(lambda: loop.run_until_complete(loop.create_task(coro()))))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_cancel_yield',
    'cancelled at a bare yield: CancelledError there, on the next step',
    async (log) => {
      const loop = new Loop();
      function* task(): Coro<number> {
        log.push('started');
        yield* sleep(0);
        log.push('after the first sleep(0)');
        return 12;
      }
      const t = loop.createTask(task());
      await runBriefly(loop);
      t.cancel();
      log.push(await settle(() => loop.runUntilComplete(t)));
      log.push(`done=${t.done()} cancelled=${t.cancelled()} cancel() ${t.cancel()}`);
    },
    `
    async def task():
        log.append("started")
        await asyncio.sleep(0)
        log.append("after the first sleep(0)")
        return 12
    t = loop.create_task(task())
    run_briefly()
    t.cancel()
    log.append(settle(lambda: loop.run_until_complete(t)))
    log.append(f"done={tf(t.done())} cancelled={tf(t.cancelled())} cancel() {tf(t.cancel())}")
    `,
  );

  for (const both of [false, true]) {
    itPortsAsyncio(
      `test_tasks.py::test_cancel_${both ? 'both_task_and_inner_future' : 'inner_future'}`,
      `cancelling the future a task waits on${both ? ', then the task' : ''}`,
      async (log) => {
        const loop = new Loop();
        const f = loop.createFuture();
        function* task(): Coro<number> {
          yield* f;
          return 12;
        }
        const t = loop.createTask(task());
        await runBriefly(loop);
        f.cancel();
        if (both) t.cancel();
        log.push(await settle(() => loop.runUntilComplete(t)));
        log.push(`f cancelled=${f.cancelled()} t cancelled=${t.cancelled()}`);
      },
      `
      f = loop.create_future()
      async def task():
          await f
          return 12
      t = loop.create_task(task())
      run_briefly()
      f.cancel()
      if ${both ? 'True' : 'False'}:
          t.cancel()
      log.append(settle(lambda: loop.run_until_complete(t)))
      log.append(f"f cancelled={tf(f.cancelled())} t cancelled={tf(t.cancelled())}")
      `,
    );
  }

  for (const ignoring of [false, true]) {
    itPortsAsyncio(
      `test_tasks.py::test_cancel_task_${ignoring ? 'ignoring' : 'catching'}`,
      ignoring
        ? 'a task that swallows the CancelledError goes on to its next await and result'
        : 'a task that catches the CancelledError and returns: not cancelled, its result stands',
      async (log) => {
        const loop = new Loop();
        const [fut1, fut2, fut3] = [0, 1, 2].map(() => loop.createFuture<number>());
        function* task(): Coro<number> {
          yield* fut1!;
          const outcome = yield* caught(fut2!);
          if (!ignoring) return outcome === 'raised CancelledError: cancelled' ? 42 : 0;
          return yield* fut3!;
        }
        const t = loop.createTask(task());
        await runBriefly(loop);
        fut1!.setResult(0);
        await runBriefly(loop);
        log.push(`cancel() ${t.cancel()}, fut2 cancelled=${fut2!.cancelled()}`);
        if (ignoring) await runBriefly(loop);
        if (ignoring) fut3!.setResult(42);
        log.push(await settle(() => loop.runUntilComplete(t)));
        log.push(`t cancelled=${t.cancelled()} fut3 cancelled=${fut3!.cancelled()}`);
      },
      `
      fut1, fut2, fut3 = [loop.create_future() for i in range(3)]
      ignoring = ${ignoring ? 'True' : 'False'}
      async def task():
          await fut1
          outcome = await caught(fut2)
          if not ignoring:
              return 42 if outcome == "raised CancelledError: cancelled" else 0
          return await fut3
      t = loop.create_task(task())
      run_briefly()
      fut1.set_result(0)
      run_briefly()
      log.append(f"cancel() {tf(t.cancel())}, fut2 cancelled={tf(fut2.cancelled())}")
      if ignoring:
          run_briefly()
          fut3.set_result(42)
      log.append(settle(lambda: loop.run_until_complete(t)))
      log.append(f"t cancelled={tf(t.cancelled())} fut3 cancelled={tf(fut3.cancelled())}")
      `,
    );
  }

  for (const atEnd of [false, true]) {
    itPortsAsyncio(
      atEnd ? 'test_tasks.py::test_cancel_at_end' : 'test_tasks.py::test_cancel_current_task',
      atEnd
        ? 'a task that cancels itself and returns at once ends cancelled'
        : 'a task that cancels itself: its next await is cancelled at once',
      async (log) => {
        const loop = new Loop();
        function* task(): Coro<number> {
          t.cancel();
          if (!atEnd) yield* sleep(100);
          return 12;
        }
        const t = loop.createTask(task());
        const t0 = loop.time();
        log.push(await settle(() => loop.runUntilComplete(t)));
        log.push(`done=${t.done()} cancelled=${t.cancelled()} cancel() ${t.cancel()}`);
        log.push(`at once: ${loop.time() - t0 < 5}`);
      },
      `
      async def task():
          t.cancel()
          if not ${atEnd ? 'True' : 'False'}:
              await asyncio.sleep(100)
          return 12
      t = loop.create_task(task())
      t0 = loop.time()
      log.append(settle(lambda: loop.run_until_complete(t)))
      log.append(f"done={tf(t.done())} cancelled={tf(t.cancelled())} cancel() {tf(t.cancel())}")
      log.append(f"at once: {tf(loop.time() - t0 < 5)}")
      `,
    );
  }

  itPortsAsyncio(
    'test_tasks.py::test_cancel_awaited_task',
    'a task cancels itself, then awaits another task: that task and its future are cancelled',
    async (log) => {
      const loop = new Loop();
      const fut = loop.createFuture();
      let nestedTask: Future<void> | undefined;
      function* nested(): Coro<void> {
        yield* fut;
      }
      function* coro(): Coro<void> {
        nestedTask = loop.createTask(nested());
        yield* sleep(0);
        task.cancel();
        yield* nestedTask;
      }
      const task = loop.createTask(coro());
      log.push(await settle(() => loop.runUntilComplete(task)));
      log.push(`cancelled: ${[task, nestedTask!, fut].map((f) => f.cancelled())}`);
    },
    `
    fut = loop.create_future()
    async def nested():
        await fut
    async def coro():
        global nested_task
        nested_task = loop.create_task(nested())
        await asyncio.sleep(0)
        task.cancel()
        await nested_task
    task = loop.create_task(coro())
    log.append(settle(lambda: loop.run_until_complete(task)))
    log.append(f"cancelled: {js(f.cancelled() for f in (task, nested_task, fut))}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_stop_while_run_in_complete',
    'a task that stops the loop: run_until_complete throws, the task is pending; then cancel it',
    async (log) => {
      const loop = new Loop();
      let x = 0;
      function* task(): Coro<void> {
        for (; x < 10; x++) {
          if (x === 2) loop.stop();
          yield* sleep(0.05);
        }
      }
      const t = loop.createTask(task());
      log.push(await settle(() => loop.runUntilComplete(t)), `done=${t.done()} x=${x}`);
      t.cancel();
      log.push(await settle(() => loop.runUntilComplete(t)));
    },
    `
    x = 0
    async def task():
        global x
        while x < 10:
            if x == 2:
                loop.stop()
            await asyncio.sleep(0.05)
            x += 1
    t = loop.create_task(task())
    log.extend([settle(lambda: loop.run_until_complete(t)), f"done={tf(t.done())} x={x}"])
    t.cancel()
    log.append(settle(lambda: loop.run_until_complete(t)))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_task_cancel_sleeping_task',
    'a timer cancels a task sleeping for 5000 s; the awaiting coroutine catches it',
    async (log) => {
      const loop = new Loop();
      function* doit(): Coro<string> {
        const sleeper = loop.createTask(sleep(5000));
        loop.callLater(0.05, () => sleeper.cancel());
        return yield* caught(sleeper);
      }
      const t0 = loop.time();
      log.push(await loop.runUntilComplete(doit()), `soon: ${loop.time() - t0 < 5}`);
    },
    `
    async def doit():
        sleeper = loop.create_task(asyncio.sleep(5000))
        loop.call_later(0.05, sleeper.cancel)
        return await caught(sleeper)
    t0 = loop.time()
    log.extend([loop.run_until_complete(doit()), f"soon: {tf(loop.time() - t0 < 5)}"])
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_task_cancel_waiter_future',
    'cancelling a task cancels the future it waits on',
    async (log) => {
      const loop = new Loop();
      const fut = loop.createFuture();
      const task = loop.createTask((function* (): Coro<unknown> { return yield* fut; })());
      await runBriefly(loop);
      task.cancel();
      await runBriefly(loop);
      log.push(await settle(() => loop.runUntilComplete(task)));
      log.push(`fut cancelled=${fut.cancelled()}`);
    },
    `
    fut = loop.create_future()
    async def coro():
        return await fut
    task = loop.create_task(coro())
    run_briefly()
    task.cancel()
    run_briefly()
    log.append(settle(lambda: loop.run_until_complete(task)))
    log.append(f"fut cancelled={tf(fut.cancelled())}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_yield_future_passes_cancel',
    'cancelling outer() cancels inner() cancels the waiter; outer catches it',
    async (log) => {
      const loop = new Loop();
      const waiter = loop.createFuture();
      function* inner(): Coro<void> {
        log.push(`inner: ${yield* caught(waiter)}`);
        throw new CancelledError('again');
      }
      function* outer(): Coro<void> {
        log.push(`outer: ${yield* caught(inner())}`);
      }
      const f = loop.createTask(outer());
      await runBriefly(loop);
      f.cancel();
      await loop.runUntilComplete(f);
      log.push(`waiter cancelled=${waiter.cancelled()}`);
    },
    `
    waiter = loop.create_future()
    async def inner():
        log.append(f"inner: {await caught(waiter)}")
        raise asyncio.CancelledError("again")
    async def outer():
        log.append(f"outer: {await caught(inner())}")
    f = asyncio.ensure_future(outer(), loop=loop)
    run_briefly()
    f.cancel()
    loop.run_until_complete(f)
    log.append(f"waiter cancelled={tf(waiter.cancelled())}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_yield_wait_does_not_shield_cancel',
    'cancelling a coroutine in wait() cancels it, and leaves the waited task running',
    async (log) => {
      const loop = new Loop();
      const waiter = loop.createFuture();
      function* inner(): Coro<void> {
        yield* waiter;
        log.push('inner goes on');
      }
      function* outer(): Coro<void> {
        yield* wait([loop.createTask(inner())]);
        log.push('outer goes on');
      }
      const f = loop.createTask(outer());
      await runBriefly(loop);
      f.cancel();
      log.push(await settle(() => loop.runUntilComplete(f)));
      waiter.setResult(null);
      await runBriefly(loop, 2);
    },
    `
    waiter = loop.create_future()
    async def inner():
        await waiter
        log.append("inner goes on")
    async def outer():
        await asyncio.wait([loop.create_task(inner())])
        log.append("outer goes on")
    f = loop.create_task(outer())
    run_briefly()
    f.cancel()
    log.append(settle(lambda: loop.run_until_complete(f)))
    waiter.set_result(None)
    run_briefly(ticks=2)
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_cancelling',
    'cancel() twice before the task runs: true both times, and the task ends cancelled',
    async (log) => {
      const loop = new Loop();
      const t = loop.createTask(sleep(10));
      log.push(`cancel() ${t.cancel()}, again ${t.cancel()}`);
      log.push(await settle(() => loop.runUntilComplete(t)));
    },
    `
    t = loop.create_task(asyncio.sleep(10))
    log.append(f"cancel() {tf(t.cancel())}, again {tf(t.cancel())}")
    log.append(settle(lambda: loop.run_until_complete(t)))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_uncancel_basic',
    'without uncancel(): a task that catches one cancellation runs on until the next',
    async (log) => {
      const loop = new Loop();
      function* task(): Coro<void> {
        log.push(`first sleep: ${yield* caught(sleep(10))}`);
        yield* sleep(10);
      }
      const t = loop.createTask(task());
      await loop.runUntilComplete(sleep(0.01));
      log.push(`cancel() ${t.cancel()}, cancelled=${t.cancelled()}`);
      await loop.runUntilComplete(sleep(0.01));
      log.push(`running on: ${t.cancelled()} ${t.done()}, cancel() ${t.cancel()}`);
      log.push(await settle(() => loop.runUntilComplete(t)), `cancelled=${t.cancelled()}`);
    },
    `
    async def task():
        log.append(f"first sleep: {await caught(asyncio.sleep(10))}")
        await asyncio.sleep(10)
    t = loop.create_task(task())
    loop.run_until_complete(asyncio.sleep(0.01))
    log.append(f"cancel() {tf(t.cancel())}, cancelled={tf(t.cancelled())}")
    loop.run_until_complete(asyncio.sleep(0.01))
    log.append(f"running on: {tf(t.cancelled())} {tf(t.done())}, cancel() {tf(t.cancel())}")
    log.extend([settle(lambda: loop.run_until_complete(t)), f"cancelled={tf(t.cancelled())}"])
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_baseexception_during_cancel',
    'an error raised while handling the cancellation fails the task (an Error, not SystemExit)',
    async (log) => {
      const loop = new Loop();
      function* notmuch(): Coro<void> {
        yield* caught(sleep(10));
        throw new ValueError('raised on cancel');
      }
      const task = loop.createTask(notmuch());
      await runBriefly(loop);
      task.cancel();
      log.push(`done=${task.done()}`);
      await runBriefly(loop);
      log.push(`done=${task.done()} cancelled=${task.cancelled()} ${show(task.exception())}`);
    },
    `
    async def notmuch():
        await caught(asyncio.sleep(10))
        raise ValueError("raised on cancel")
    task = loop.create_task(notmuch())
    run_briefly()
    task.cancel()
    log.append(f"done={tf(task.done())}")
    run_briefly()
    log.append(f"done={tf(task.done())} cancelled={tf(task.cancelled())} {show(task.exception())}")
    `,
  );

  itDiffersFromAsyncio(
    'test_tasks.py::test_cancel_with_message_then_future_result',
    'every reader of a task cancelled with a message gets it; asyncio 3.11, the first only',
    {
      lesson: 'step10#how-asyncio-does-it',
      reason: 'asyncio 3.11 drops the message for later readers; ours gives it to every reader',
    },
    async (log) => {
      const loop = new Loop();
      const t = loop.createTask(sleep(10));
      function* reader(n: number): Coro<void> {
        log.push(`reader ${n}: ${yield* caught(t)}`);
      }
      const readers = [1, 2].map((n) => loop.createTask(reader(n)));
      loop.callLater(0.01, () => t.cancel('stop now'));
      await loop.runUntilComplete(readers[1]!);
    },
    `
    t = loop.create_task(asyncio.sleep(10))
    async def reader(n):
        log.append(f"reader {n}: {await caught(t)}")
    readers = [loop.create_task(reader(n)) for n in (1, 2)]
    loop.call_later(0.01, t.cancel, "stop now")
    loop.run_until_complete(readers[1])
    `,
    ['reader 1: raised CancelledError: stop now', 'reader 2: raised CancelledError: stop now'],
  );
});

describe('CPython test_asyncio on step 10: cancelling gathers', () => {
  itPortsAsyncio(
    'test_tasks.py::test_cancel_gather_1',
    'a gather whose children are all done refuses cancel(), and keeps its result',
    async (log) => {
      const loop = new Loop();
      const fut = loop.createFuture<number>();
      let gatherTask: Future<number[]> = loop.createFuture();
      function* create(): Coro<void> {
        gatherTask = gather((function* (): Coro<number> { return yield* fut; })());
      }
      await loop.runUntilComplete(create());
      let cancelResult: boolean | undefined;
      fut.addDoneCallback(() => (cancelResult = gatherTask.cancel()));
      fut.setResult(42);
      await loop.runUntilComplete(gatherTask);
      log.push(`cancel() ${cancelResult}, ${gatherTask.cancelled()} [${gatherTask.result()}]`);
    },
    `
    fut = loop.create_future()
    async def create():
        global gather_task
        def child_coro():
            return (yield from fut)
        gather_task = asyncio.ensure_future(asyncio.gather(child_coro()))
    loop.run_until_complete(create())
    cancel_result = None
    def cancelling_callback(_):
        global cancel_result
        cancel_result = gather_task.cancel()
    fut.add_done_callback(cancelling_callback)
    fut.set_result(42)
    loop.run_until_complete(gather_task)
    log.append(f"cancel() {tf(cancel_result)}, {tf(gather_task.cancelled())} "
               f"[{','.join(map(str, gather_task.result()))}]")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_cancel_gather_2',
    'cancelling a task awaiting gather(..., return_exceptions=True) keeps the cancel message',
    async (log) => {
      for (const message of [undefined, 'my message']) {
        const loop = new Loop();
        function* test(): Coro<void> {
          for (let t = 0; t <= 1; t += 0.05) yield* gather(sleep(0.05), { returnExceptions: true });
        }
        function* main(): Coro<void> {
          const qwe = loop.createTask(test());
          yield* sleep(0.2);
          qwe.cancel(message);
          yield* qwe;
        }
        log.push(await settle(() => loop.runUntilComplete(main())));
      }
    },
    `
    for args in [(), ("my message",)]:
        loop = asyncio.new_event_loop()
        async def test():
            time = 0
            while time <= 1:
                time += 0.05
                await asyncio.gather(asyncio.sleep(0.05), return_exceptions=True)
        async def main():
            qwe = loop.create_task(test())
            await asyncio.sleep(0.2)
            qwe.cancel(*args)
            await qwe
        log.append(settle(lambda: loop.run_until_complete(main())))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::FutureGatherTests::test_one_cancellation',
    'a cancelled child fails the gather with CancelledError; the gather itself is not cancelled',
    async (log) => {
      const loop = new Loop();
      const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() => loop.createFuture<number>());
      const fut = gather(a!, b!, c!, d!, e!);
      let calls = 0;
      fut.addDoneCallback(() => calls++);
      a!.setResult(1);
      b!.cancel();
      await runBriefly(loop, 3);
      log.push(`done=${fut.done()} calls ${calls} ${fut.cancelled()} ${name(fut.exception())}`);
      c!.setResult(3);
      d!.cancel();
      e!.setException(new ValueError());
      e!.exception();
      await runBriefly(loop, 3);
      log.push(`calls ${calls}`);
    },
    `
    a, b, c, d, e = [loop.create_future() for i in range(5)]
    fut = asyncio.gather(a, b, c, d, e)
    calls = []
    fut.add_done_callback(calls.append)
    a.set_result(1)
    b.cancel()
    run_briefly(ticks=3)
    log.append(f"done={tf(fut.done())} calls {len(calls)} {tf(fut.cancelled())} "
               f"{name(fut.exception())}")
    c.set_result(3)
    d.cancel()
    e.set_exception(ValueError())
    e.exception()
    run_briefly(ticks=3)
    log.append(f"calls {len(calls)}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::FutureGatherTests::test_result_exception_one_cancellation',
    'return_exceptions: cancelled children put a CancelledError in their place',
    async (log) => {
      const loop = new Loop();
      const [a, b, c, d, e, f] = [0, 1, 2, 3, 4, 5].map(() => loop.createFuture<number>());
      const fut = gather(a!, b!, c!, d!, e!, f!, { returnExceptions: true });
      a!.setResult(1);
      b!.setException(new ValueError());
      c!.cancel();
      await runBriefly(loop, 3);
      log.push(`done=${fut.done()}`);
      d!.setResult(3);
      e!.cancel();
      f!.setException(new ValueError());
      const res = await loop.runUntilComplete(fut);
      log.push(`results ${res.map((r) => (typeof r === 'number' ? r : name(r))).join(', ')}`);
    },
    `
    a, b, c, d, e, f = [loop.create_future() for i in range(6)]
    fut = asyncio.gather(a, b, c, d, e, f, return_exceptions=True)
    a.set_result(1)
    b.set_exception(ValueError())
    c.cancel()
    run_briefly(ticks=3)
    log.append(f"done={tf(fut.done())}")
    d.set_result(3)
    e.cancel()
    f.set_exception(ValueError())
    res = loop.run_until_complete(fut)
    log.append("results " + ", ".join(str(r) if isinstance(r, int) else name(r) for r in res))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::CoroutineGatherTests::test_cancellation_broadcast',
    'cancelling the task awaiting a gather cancels every child, and the gather refuses later',
    async (log) => {
      const loop = new Loop();
      const waiter = loop.createFuture();
      function* inner(): Coro<void> {
        yield* waiter;
        log.push('a child went on');
      }
      const [child1, child2] = [loop.createTask(inner()), loop.createTask(inner())];
      let gatherer: Future<unknown> | undefined;
      function* outer(): Coro<void> {
        gatherer = gather(child1, child2);
        yield* gatherer;
        log.push('outer went on');
      }
      const f = loop.createTask(outer());
      await runBriefly(loop);
      log.push(`cancel() ${f.cancel()}`, await settle(() => loop.runUntilComplete(f)));
      log.push(`gatherer.cancel() ${gatherer!.cancel()}, waiter ${waiter.cancelled()}`);
      log.push(`children cancelled: ${child1.cancelled()}, ${child2.cancelled()}`);
      await runBriefly(loop);
    },
    `
    waiter = loop.create_future()
    async def inner():
        await waiter
        log.append("a child went on")
    child1, child2 = [asyncio.ensure_future(inner(), loop=loop) for i in range(2)]
    async def outer():
        global gatherer
        gatherer = asyncio.gather(child1, child2)
        await gatherer
        log.append("outer went on")
    f = asyncio.ensure_future(outer(), loop=loop)
    run_briefly()
    log.extend([f"cancel() {tf(f.cancel())}", settle(lambda: loop.run_until_complete(f))])
    log.append(f"gatherer.cancel() {tf(gatherer.cancel())}, waiter {tf(waiter.cancelled())}")
    log.append(f"children cancelled: {tf(child1.cancelled())}, {tf(child2.cancelled())}")
    run_briefly()
    `,
  );
});

describe('CPython test_asyncio on step 10: wait_for', () => {
  itPortsAsyncio(
    'test_waitfor.py::test_asyncio_wait_for_cancelled',
    'cancelling wait_for waits until the inner work, which ignores cancels, has exited',
    async (log) => {
      const loop = new Loop();
      const state = { exited: false };
      function* main(): Coro<void> {
        const waitForTask = loop.createTask(waitFor(slowTask(state, 0.2), 0.4));
        yield* sleep(0);
        waitForTask.cancel();
        yield* wait([waitForTask]);
        log.push(`exited ${state.exited}, cancelled=${waitForTask.cancelled()}`);
      }
      await loop.runUntilComplete(main());
    },
    [PY_SLOW_TASK, `
    t = SlowTask(0.2)
    async def main():
        wait_for_task = loop.create_task(asyncio.wait_for(t.run(), 0.4))
        await asyncio.sleep(0)
        wait_for_task.cancel()
        await asyncio.wait({wait_for_task})
        log.append(f"exited {tf(t.exited)}, cancelled={tf(wait_for_task.cancelled())}")
    loop.run_until_complete(main())
    `],
  );

  itPortsAsyncio(
    'test_waitfor.py::test_asyncio_wait_for_timeout',
    'on timeout wait_for waits for the work to exit; it swallowed the cancel, so its result stands',
    async (log) => {
      const loop = new Loop();
      const state = { exited: false };
      log.push(await settle(() => loop.runUntilComplete(waitFor(slowTask(state, 0.2), 0.1))));
      log.push(`exited ${state.exited}`);
    },
    [PY_SLOW_TASK, `
    t = SlowTask(0.2)
    log.append(settle(lambda: loop.run_until_complete(asyncio.wait_for(t.run(), 0.1))))
    log.append(f"exited {tf(t.exited)}")
    `],
  );

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for_timeout_less_then_0_or_0_future_done',
    'wait_for(done future, 0) returns its result',
    async (log) => {
      const loop = new Loop();
      const fut = loop.createFuture<string>();
      fut.setResult('done');
      log.push(await settle(() => loop.runUntilComplete(waitFor(fut, 0))), `done=${fut.done()}`);
    },
    `
    fut = loop.create_future()
    fut.set_result("done")
    async def main():
        return await asyncio.wait_for(fut, 0)
    log.extend([settle(lambda: loop.run_until_complete(main())), f"done={tf(fut.done())}"])
    `,
  );

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started',
    'wait_for(coro, 0) times out before the work ever starts',
    async (log) => {
      const loop = new Loop();
      let started = false;
      function* foo(): Coro<void> {
        started = true;
      }
      function* main(): Coro<void> {
        log.push(cls(yield* caught(waitFor(foo(), 0))));
      }
      await loop.runUntilComplete(main());
      log.push(`started ${started}`);
    },
    `
    started = False
    async def foo():
        global started
        started = True
    async def main():
        log.append((await caught(asyncio.wait_for(foo(), 0))).split(":")[0])
    loop.run_until_complete(main())
    log.append(f"started {tf(started)}")
    `,
  );

  /** test_wait_for_timeout_less_then_0_or_0 with one timeout: our half, then asyncio's. */
  const lessThan0Or0 = (timeout: number): [Ours, string] => [
    async (log) => {
      const loop = new Loop();
      let running: boolean | undefined;
      const started = loop.createFuture<null>();
      function* foo(): Coro<string> {
        running = true;
        started.setResult(null);
        try {
          yield* sleep(10);
        } finally {
          running = false;
        }
        return 'done';
      }
      function* main(): Coro<void> {
        const fut = loop.createTask(foo());
        yield* started;
        log.push(cls(yield* caught(waitFor(fut, timeout))));
        log.push(`done=${fut.done()} cancelled=${fut.cancelled()} running=${running}`);
      }
      await loop.runUntilComplete(main());
    },
    `
    running = None
    started = loop.create_future()
    async def foo():
        global running
        running = True
        started.set_result(None)
        try:
            await asyncio.sleep(10)
        finally:
            running = False
        return "done"
    async def main():
        fut = loop.create_task(foo())
        await started
        log.append((await caught(asyncio.wait_for(fut, ${timeout}))).split(":")[0])
        log.append(f"done={tf(fut.done())} cancelled={tf(fut.cancelled())} running={tf(running)}")
    loop.run_until_complete(main())
    `,
  ];

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for_timeout_less_then_0_or_0',
    'wait_for(running task, 0): TimeoutError, and the task is cancelled and cleaned up',
    ...lessThan0Or0(0),
  );

  itDiffersFromAsyncio(
    'test_waitfor.py::test_wait_for_timeout_less_then_0_or_0',
    'wait_for(running task, -1) is a RangeError; asyncio takes -1 for 0',
    {
      lesson: 'step10#how-asyncio-does-it',
      reason: 'asyncio takes a negative timeout for 0; ours throws a RangeError',
    },
    ...lessThan0Or0(-1),
    ['raised RangeError', 'done=false cancelled=false running=true'],
  );

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for',
    'wait_for(task, 0.1) on a long sleep: TimeoutError, the task cancelled, its finally run',
    async (log) => {
      const loop = new Loop();
      let running: boolean | undefined;
      function* foo(): Coro<string> {
        running = true;
        try {
          yield* sleep(300);
        } finally {
          running = false;
        }
        return 'done';
      }
      function* main(): Coro<void> {
        const fut = loop.createTask(foo());
        log.push(cls(yield* caught(waitFor(fut, 0.1))));
        log.push(`done=${fut.done()} cancelled=${fut.cancelled()} running=${running}`);
      }
      await loop.runUntilComplete(main());
    },
    `
    running = None
    async def foo():
        global running
        running = True
        try:
            await asyncio.sleep(300)
        finally:
            running = False
        return "done"
    async def main():
        fut = loop.create_task(foo())
        log.append((await caught(asyncio.wait_for(fut, 0.1))).split(":")[0])
        log.append(f"done={tf(fut.done())} cancelled={tf(fut.cancelled())} running={tf(running)}")
    loop.run_until_complete(main())
    `,
  );

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for_blocking',
    'wait_for(coro, None) just awaits it',
    async (log) => {
      const loop = new Loop();
      function* coro(): Coro<string> {
        return 'done';
      }
      log.push(await settle(() => loop.runUntilComplete(waitFor(coro(), null))));
    },
    `
    async def coro():
        return "done"
    log.append(settle(lambda: loop.run_until_complete(asyncio.wait_for(coro(), timeout=None))))
    `,
  );

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for_race_condition',
    'the future is set before the timeout: its result, no error',
    async (log) => {
      const loop = new Loop();
      const fut = loop.createFuture<string>();
      loop.callLater(0.1, () => fut.setResult('ok'));
      log.push(await settle(() => loop.runUntilComplete(waitFor(fut, 0.2))));
    },
    `
    fut = loop.create_future()
    loop.call_later(0.1, fut.set_result, "ok")
    log.append(settle(lambda: loop.run_until_complete(asyncio.wait_for(fut, timeout=0.2))))
    `,
  );

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for_cancellation_race_condition',
    'the inner work catches the timeout cancel and returns: wait_for returns that result',
    async (log) => {
      const loop = new Loop();
      function* inner(): Coro<number> {
        log.push(`inner: ${yield* caught(sleep(1))}`);
        return 1;
      }
      log.push(await settle(() => loop.runUntilComplete(waitFor(inner(), 0.01))));
    },
    `
    async def inner():
        log.append(f"inner: {await caught(asyncio.sleep(1))}")
        return 1
    log.append(settle(lambda: loop.run_until_complete(asyncio.wait_for(inner(), timeout=0.01))))
    `,
  );

  for (const timeout of [0.0001, 0]) {
    itPortsAsyncio(
      timeout === 0
        ? 'test_waitfor.py::test_wait_for_waits_for_task_cancellation_w_timeout_0'
        : 'test_waitfor.py::test_wait_for_waits_for_task_cancellation',
      `wait_for(task, ${timeout}) waits for the task's slow cleanup before its TimeoutError`,
      async (log) => {
        const loop = new Loop();
        function* inner(): Coro<void> {
          try {
            yield* sleep(10);
          } catch (e) {
            yield* sleep(0.0001);
            throw e;
          } finally {
            log.push('task done');
          }
        }
        function* foo(): Coro<void> {
          const innerTask = loop.createTask(inner());
          yield* sleep(0.0001);
          yield* waitFor(innerTask, timeout);
        }
        log.push(cls(await settle(() => loop.runUntilComplete(foo()))));
      },
      `
      async def inner():
          try:
              await asyncio.sleep(10)
          except asyncio.CancelledError:
              await asyncio.sleep(0.0001)
              raise
          finally:
              log.append("task done")
      async def foo():
          inner_task = loop.create_task(inner())
          await asyncio.sleep(0.0001)
          await asyncio.wait_for(inner_task, timeout=${timeout})
      log.append(settle(lambda: loop.run_until_complete(foo())).split(":")[0])
      `,
    );
  }

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for_reraises_exception_during_cancellation',
    'an error the task raises during its cancellation comes out of wait_for',
    async (log) => {
      const loop = new Loop();
      function* inner(): Coro<void> {
        try {
          yield* sleep(0.2);
        } finally {
          throw new ValueError('from finally');
        }
      }
      const task = loop.createTask(inner());
      log.push(await settle(() => loop.runUntilComplete(waitFor(task, 0.0001))));
    },
    `
    async def inner():
        try:
            await asyncio.sleep(0.2)
        finally:
            raise ValueError("from finally")
    task = loop.create_task(inner())
    log.append(settle(lambda: loop.run_until_complete(asyncio.wait_for(task, 0.0001))))
    `,
  );

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for_self_cancellation',
    'wait_for is cancellable while the inner task holds up its timeout cancel; the task runs on',
    async (log) => {
      const loop = new Loop();
      function* inner(): Coro<number> {
        log.push(`first sleep: ${yield* caught(sleep(0.15))}`);
        log.push(`second sleep: ${yield* caught(sleep(0.15))}`);
        return 42;
      }
      function* main(): Coro<void> {
        const innerTask = loop.createTask(inner());
        const task = loop.createTask(waitFor(innerTask, 0.05));
        yield* sleep(0.1);
        task.cancel();
        log.push(`wait_for task: ${yield* caught(task)}`, `inner: ${yield* caught(innerTask)}`);
      }
      await loop.runUntilComplete(main());
    },
    `
    async def inner():
        log.append(f"first sleep: {await caught(asyncio.sleep(0.15))}")
        log.append(f"second sleep: {await caught(asyncio.sleep(0.15))}")
        return 42
    async def main():
        inner_task = loop.create_task(inner())
        task = loop.create_task(asyncio.wait_for(inner_task, timeout=0.05))
        await asyncio.sleep(0.1)
        task.cancel()
        log.extend([f"wait_for task: {await caught(task)}", f"inner: {await caught(inner_task)}"])
    loop.run_until_complete(main())
    `,
  );

  for (const timeout of [null, 60]) {
    itPortsAsyncio(
      `test_waitfor.py::test_cancel_${timeout === null ? 'blocking_wait_for' : 'wait_for'}`,
      `cancelling wait_for(task, ${timeout ?? 'None'}) cancels the task too`,
      async (log) => {
        const loop = new Loop();
        function* main(): Coro<void> {
          const task = loop.createTask(waitFor(loop.createFuture(), null));
          const w = loop.createTask(waitFor(task, timeout));
          loop.callSoon(() => w.cancel());
          log.push(`wait: ${yield* caught(w)}`, `task cancelled=${task.cancelled()}`);
        }
        await loop.runUntilComplete(main());
      },
      `
      async def main():
          task = loop.create_task(asyncio.wait_for(loop.create_future(), None))
          w = loop.create_task(asyncio.wait_for(task, ${timeout ?? 'None'}))
          loop.call_soon(w.cancel)
          log.extend([f"wait: {await caught(w)}", f"task cancelled={tf(task.cancelled())}"])
      loop.run_until_complete(main())
      `,
    );
  }

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for',
    'wait_for(gather(a, b), 0.1) times out with TimeoutError, and the children are cancelled',
    async (log) => {
      const loop = new Loop();
      function* main(): Coro<void> {
        const [a, b] = [loop.createTask(sleep(1)), loop.createTask(sleep(1))];
        log.push(cls(yield* caught(waitFor(gather(a, b), 0.1))));
        log.push(`children cancelled: ${a.cancelled()}, ${b.cancelled()}`);
      }
      await loop.runUntilComplete(main());
    },
    `
    async def main():
        a, b = [loop.create_task(asyncio.sleep(1)) for i in range(2)]
        log.append((await caught(asyncio.wait_for(asyncio.gather(a, b), 0.1))).split(":")[0])
        log.append(f"children cancelled: {tf(a.cancelled())}, {tf(b.cancelled())}")
    loop.run_until_complete(main())
    `,
  );
});
