/**
 * CPython 3.11's own asyncio tests, ported to step 09: gather and wait.
 * CPython's `_run_loop` (run briefly while anything is ready) is three ticks
 * here; sets of futures are traced by the names of their members, sorted.
 * Delays are at least 50 ms apart, so that a late wake-up cannot reorder them.
 */
import { describe } from 'vitest';
import {
  ValueError, ZeroDivisionError, itDiffersFromAsyncio, itPortsAsyncio, name, runBriefly,
} from '../shared/cpython.ts';
import {
  type Coro, type Future, FIRST_COMPLETED, FIRST_EXCEPTION, Loop, gather, sleep, wait,
} from '#step';

/** The names of the futures in `set`, sorted: "a,b", or "-" for none. */
function label(set: Set<Future<unknown>>, names: Map<Future<unknown>, string>): string {
  return [...set].map((f) => names.get(f)).sort().join(',') || '-';
}

const PY_HELPERS = `
from asyncio import FIRST_COMPLETED, FIRST_EXCEPTION
def label(s, names):
    return ",".join(sorted(names[f] for f in s)) or "-"
`;

const GATHER = 'test_tasks.py::FutureGatherTests::';

describe('CPython test_asyncio on step 09', () => {
  for (const returnExceptions of [false, true]) {
    itPortsAsyncio(
      `${GATHER}test_${returnExceptions ? 'result_exception_' : ''}success`,
      `gather of 3 futures, return_exceptions=${returnExceptions}: results in order, once all done`,
      async (log) => {
        const loop = new Loop();
        const [a, b, c] = [0, 1, 2].map(() => loop.createFuture<number>());
        const fut = gather(a!, b!, c!, { returnExceptions });
        let calls = 0;
        fut.addDoneCallback(() => calls++);
        b!.setResult(1);
        a!.setResult(2);
        await runBriefly(loop, 3);
        log.push(`calls ${calls} done=${fut.done()}`);
        c!.setResult(3);
        await runBriefly(loop, 3);
        log.push(`calls ${calls} result [${fut.result().join(', ')}]`);
      },
      [PY_HELPERS, `
      a, b, c = [loop.create_future() for i in range(3)]
      fut = asyncio.gather(a, b, c, return_exceptions=${returnExceptions ? 'True' : 'False'})
      calls = 0
      def cb(f):
          global calls
          calls += 1
      fut.add_done_callback(cb)
      b.set_result(1)
      a.set_result(2)
      run_briefly(loop, 3)
      log.append(f"calls {calls} done={tf(fut.done())}")
      c.set_result(3)
      run_briefly(loop, 3)
      log.append(f"calls {calls} result {fut.result()}")
      `],
    );
  }

  itPortsAsyncio(
    'test_tasks.py::FutureGatherTests::test_one_exception',
    'the first error fails the gather at once; later results and errors change nothing',
    async (log) => {
      const loop = new Loop();
      const [a, b, c, , e] = [0, 1, 2, 3, 4].map(() => loop.createFuture<number>());
      const fut = gather(a!, b!, c!, e!);
      let calls = 0;
      fut.addDoneCallback(() => calls++);
      const exc = new ZeroDivisionError();
      a!.setResult(1);
      b!.setException(exc);
      await runBriefly(loop, 3);
      log.push(`done=${fut.done()} calls ${calls} exc: ${fut.exception() === exc}`);
      c!.setResult(3);
      e!.setException(new ValueError());
      e!.exception();
      await runBriefly(loop, 3);
      log.push(`calls ${calls} still exc: ${fut.exception() === exc}`);
    },
    [PY_HELPERS, `
    a, b, c, d, e = [loop.create_future() for i in range(5)]
    fut = asyncio.gather(a, b, c, e)
    calls = 0
    def cb(f):
        global calls
        calls += 1
    fut.add_done_callback(cb)
    exc = ZeroDivisionError()
    a.set_result(1)
    b.set_exception(exc)
    run_briefly(loop, 3)
    log.append(f"done={tf(fut.done())} calls {calls} exc: {tf(fut.exception() is exc)}")
    c.set_result(3)
    e.set_exception(ValueError())
    e.exception()
    run_briefly(loop, 3)
    log.append(f"calls {calls} still exc: {tf(fut.exception() is exc)}")
    `],
  );

  itPortsAsyncio(
    'test_tasks.py::FutureGatherTests::test_return_exceptions',
    'return_exceptions: errors take their place in the results, and the gather waits for all',
    async (log) => {
      const loop = new Loop();
      const [a, b, c, d] = [0, 1, 2, 3].map(() => loop.createFuture<number>());
      const fut = gather(a!, b!, c!, d!, { returnExceptions: true });
      const exc = new ZeroDivisionError();
      const exc2 = new ValueError();
      b!.setResult(1);
      c!.setException(exc);
      a!.setResult(3);
      await runBriefly(loop, 3);
      log.push(`done=${fut.done()}`);
      d!.setException(exc2);
      await runBriefly(loop, 3);
      const [r0, r1, r2, r3] = fut.result();
      log.push(`results ${r0}, ${r1}, exc: ${r2 === exc}, exc2: ${r3 === exc2}`);
    },
    [PY_HELPERS, `
    a, b, c, d = [loop.create_future() for i in range(4)]
    fut = asyncio.gather(a, b, c, d, return_exceptions=True)
    exc = ZeroDivisionError()
    exc2 = ValueError()
    b.set_result(1)
    c.set_exception(exc)
    a.set_result(3)
    run_briefly(loop, 3)
    log.append(f"done={tf(fut.done())}")
    d.set_exception(exc2)
    run_briefly(loop, 3)
    r0, r1, r2, r3 = fut.result()
    log.append(f"results {r0}, {r1}, exc: {tf(r2 is exc)}, exc2: {tf(r3 is exc2)}")
    `],
  );

  itPortsAsyncio(
    'test_tasks.py::FutureGatherTests::test_constructor_empty_sequence_use_running_loop',
    'gather() with nothing, in a running loop: a future of that loop, done with []',
    async () => {
      const loop = new Loop();
      let fut: Future<unknown[]> | undefined;
      function* g(): Coro<void> {
        fut = gather();
      }
      await loop.runUntilComplete(g());
      await runBriefly(loop, 3);
      return [`loop is ours: ${fut!.getLoop() === loop}`, `done=${fut!.done()} [${fut!.result()}]`];
    },
    [PY_HELPERS, `
    async def g():
        global fut
        fut = asyncio.gather()
    loop.run_until_complete(g())
    run_briefly(loop, 3)
    log.append(f"loop is ours: {tf(fut.get_loop() is loop)}")
    log.append(f"done={tf(fut.done())} [{js(fut.result())}]")
    `],
  );

  itPortsAsyncio(
    'test_tasks.py::FutureGatherTests::test_constructor_heterogenous_futures',
    'gather of futures of two different loops is refused',
    () => {
      const fut1 = new Loop().createFuture();
      const fut2 = new Loop().createFuture();
      try {
        gather(fut1, fut2);
        return ['accepted'];
      } catch (e) {
        return [/loop/.test((e as Error).message) ? 'refused' : name(e)];
      }
    },
    `
    fut1 = asyncio.new_event_loop().create_future()
    fut2 = asyncio.new_event_loop().create_future()
    try:
        asyncio.gather(fut1, fut2)
        log.append("accepted")
    except ValueError as e:
        log.append("refused")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::FutureGatherTests::test_constructor_homogenous_futures',
    "gather of futures of another loop belongs to that loop, and waits for them",
    async (log) => {
      const other = new Loop();
      const children = [0, 1, 2].map(() => other.createFuture());
      for (let i = 0; i < 2; i++) {
        const fut = gather(...children);
        await runBriefly(other, 3);
        log.push(`loop is other: ${fut.getLoop() === other}, done=${fut.done()}`);
      }
    },
    [PY_HELPERS, `
    other = asyncio.new_event_loop()
    children = [other.create_future() for i in range(3)]
    for i in range(2):
        fut = asyncio.gather(*children)
        run_briefly(other, 3)
        log.append(f"loop is other: {tf(fut.get_loop() is other)}, done={tf(fut.done())}")
    `],
  );

  itPortsAsyncio(
    'test_tasks.py::CoroutineGatherTests::test_duplicate_coroutines',
    'the same coroutine passed twice runs once, and its result fills both places',
    async () => {
      const loop = new Loop();
      let runs = 0;
      function* coro(s: string): Coro<string> {
        runs++;
        return s;
      }
      function* main(): Coro<string[]> {
        const c = coro('abc');
        return yield* gather(c, c, coro('def'), c);
      }
      const result = await loop.runUntilComplete(main());
      return [`result [${result.join(', ')}], ${runs} runs`];
    },
    `
    runs = 0
    async def coro(s):
        global runs
        runs += 1
        return s
    async def main():
        c = coro("abc")
        return await asyncio.gather(c, c, coro("def"), c)
    result = loop.run_until_complete(main())
    log.append(f"result [{', '.join(result)}], {runs} runs")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::CoroutineGatherTests::test_success',
    'gather of coroutines that await futures: results in argument order',
    async () => {
      const loop = new Loop();
      const [a, b, c] = [0, 1, 2].map(() => loop.createFuture<number>());
      function* wrap(f: Future<number>): Coro<number> {
        return yield* f;
      }
      function* main(): Coro<number[]> {
        return yield* gather(wrap(a!), wrap(b!), wrap(c!));
      }
      loop.callLater(0.01, () => b!.setResult(1));
      loop.callLater(0.02, () => a!.setResult(2));
      loop.callLater(0.03, () => c!.setResult(3));
      return [`result [${(await loop.runUntilComplete(main())).join(', ')}]`];
    },
    `
    a, b, c = [loop.create_future() for i in range(3)]
    async def wrap(f):
        return await f
    async def main():
        return await asyncio.gather(wrap(a), wrap(b), wrap(c))
    loop.call_later(0.01, b.set_result, 1)
    loop.call_later(0.02, a.set_result, 2)
    loop.call_later(0.03, c.set_result, 3)
    log.append(f"result [{', '.join(map(str, loop.run_until_complete(main())))}]")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait',
    'wait returns when all are done; a second wait on done tasks returns at once',
    async (log) => {
      const loop = new Loop();
      const a = loop.createTask(sleep(0.05));
      const b = loop.createTask(sleep(0.1));
      const names = new Map<Future<unknown>, string>([[a, 'a'], [b, 'b']]);
      function* foo(): Coro<number> {
        const { done, pending } = yield* wait([b, a]);
        log.push(`done ${label(done, names)} pending ${label(pending, names)}`);
        return 42;
      }
      for (let i = 0; i < 2; i++) log.push(`result ${await loop.runUntilComplete(foo())}`);
    },
    [PY_HELPERS, `
    a = loop.create_task(asyncio.sleep(0.05))
    b = loop.create_task(asyncio.sleep(0.1))
    names = {a: "a", b: "b"}
    async def foo():
        done, pending = await asyncio.wait([b, a])
        log.append(f"done {label(done, names)} pending {label(pending, names)}")
        return 42
    for i in range(2):
        log.append(f"result {loop.run_until_complete(loop.create_task(foo()))}")
    `],
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait_duplicate_coroutines',
    'a task listed twice is waited for once',
    async () => {
      const loop = new Loop();
      function* coro(s: string): Coro<string> {
        return s;
      }
      const c = loop.createTask(coro('test'));
      const spam = loop.createTask(coro('spam'));
      const { done, pending } = await loop.runUntilComplete(wait([c, c, spam]));
      return [`done ${[...done].map((f) => f.result()).sort()}, pending ${pending.size}`];
    },
    `
    async def coro(s):
        return s
    c = loop.create_task(coro("test"))
    done, pending = loop.run_until_complete(asyncio.wait([c, c, loop.create_task(coro("spam"))]))
    log.append(f"done {','.join(sorted(f.result() for f in done))}, pending {len(pending)}")
    `,
  );

  itDiffersFromAsyncio(
    'test_tasks.py::test_wait_errors',
    'wait of an empty set, or with an unknown return_when: a TypeError, not a ValueError',
    {
      lesson: 'step09#how-asyncio-does-it',
      reason: 'an empty set or an unknown return_when is a ValueError in asyncio, a TypeError here',
    },
    async (log) => {
      const loop = new Loop();
      const f = loop.createFuture();
      for (const args of [[[], {}], [[f], { returnWhen: -1 }]] as const) {
        try {
          await loop.runUntilComplete(wait(args[0], args[1] as never));
        } catch (e) {
          log.push(name(e));
        }
      }
    },
    `
    f = loop.create_future()
    for fs, kw in [(set(), {}), ([f], {"return_when": -1})]:
        try:
            loop.run_until_complete(asyncio.wait(fs, **kw))
        except Exception as e:
            log.append(name(e))
    `,
    ['TypeError', 'TypeError'],
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait_first_completed',
    'FIRST_COMPLETED returns with the first task done and the other pending',
    async (log) => {
      const loop = new Loop();
      const a = loop.createTask(sleep(1));
      const b = loop.createTask(sleep(0.05));
      const names = new Map<Future<unknown>, string>([[a, 'a'], [b, 'b']]);
      const waiting = wait([b, a], { returnWhen: FIRST_COMPLETED });
      const { done, pending } = await loop.runUntilComplete(waiting);
      log.push(`done ${label(done, names)} pending ${label(pending, names)}`);
      log.push(`a done=${a.done()}, b result ${b.result() ?? 'none'}`);
    },
    [PY_HELPERS, `
    a = loop.create_task(asyncio.sleep(1))
    b = loop.create_task(asyncio.sleep(0.05))
    names = {a: "a", b: "b"}
    done, pending = loop.run_until_complete(asyncio.wait([b, a], return_when=FIRST_COMPLETED))
    log.append(f"done {label(done, names)} pending {label(pending, names)}")
    log.append(f"a done={tf(a.done())}, b result {b.result() or 'none'}")
    `],
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait_really_done',
    'FIRST_COMPLETED: tasks that finished in the same tick are all in done',
    async () => {
      const loop = new Loop();
      function* coro1(): Coro<void> {
        yield* sleep(0);
      }
      function* coro2(): Coro<void> {
        yield* sleep(0);
        yield* sleep(0);
      }
      const a = loop.createTask(coro1());
      const b = loop.createTask(coro2());
      const names = new Map<Future<unknown>, string>([[a, 'a'], [b, 'b']]);
      const task = loop.createTask(wait([b, a], { returnWhen: FIRST_COMPLETED }));
      const { done, pending } = await loop.runUntilComplete(task);
      return [`done ${label(done, names)} pending ${label(pending, names)}`];
    },
    [PY_HELPERS, `
    async def coro1():
        await asyncio.sleep(0)
    async def coro2():
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    a = loop.create_task(coro1())
    b = loop.create_task(coro2())
    names = {a: "a", b: "b"}
    task = loop.create_task(asyncio.wait([b, a], return_when=FIRST_COMPLETED))
    done, pending = loop.run_until_complete(task)
    log.append(f"done {label(done, names)} pending {label(pending, names)}")
    `],
  );

  for (const inWait of [false, true]) {
    itPortsAsyncio(
      `test_tasks.py::test_wait_first_exception${inWait ? '_in_wait' : ''}`,
      `FIRST_EXCEPTION returns with the task that failed ${inWait ? 'while waited on' : 'at once'}`,
      async (log) => {
        const loop = new Loop();
        const a = loop.createTask(sleep(1));
        function* exc(): Coro<void> {
          if (inWait) yield* sleep(0.05);
          throw new ZeroDivisionError('err');
        }
        const b = loop.createTask(exc());
        const names = new Map<Future<unknown>, string>([[a, 'a'], [b, 'b']]);
        const waiting = wait([b, a], { returnWhen: FIRST_EXCEPTION });
        const { done, pending } = await loop.runUntilComplete(waiting);
        log.push(`done ${label(done, names)} pending ${label(pending, names)}`);
        log.push(`b failed: ${name(b.exception())}`);
      },
      [PY_HELPERS, `
      a = loop.create_task(asyncio.sleep(1))
      async def exc():
          if ${inWait ? 'True' : 'False'}:
              await asyncio.sleep(0.05)
          raise ZeroDivisionError("err")
      b = loop.create_task(exc())
      names = {a: "a", b: "b"}
      done, pending = loop.run_until_complete(asyncio.wait([b, a], return_when=FIRST_EXCEPTION))
      log.append(f"done {label(done, names)} pending {label(pending, names)}")
      log.append(f"b failed: {name(b.exception())}")
      `],
    );
  }

  itPortsAsyncio(
    'test_tasks.py::test_wait_with_exception',
    'ALL_COMPLETED waits for the failed task too; its error stays in it',
    async (log) => {
      const loop = new Loop();
      const a = loop.createTask(sleep(0.05));
      function* sleeper(): Coro<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError('really');
      }
      const b = loop.createTask(sleeper());
      function* foo(): Coro<void> {
        const { done, pending } = yield* wait<unknown>([b, a]);
        const errors = [...done].filter((f) => f.exception() !== undefined);
        log.push(`done ${done.size} pending ${pending.size} errors ${errors.length}`);
      }
      for (let i = 0; i < 2; i++) await loop.runUntilComplete(loop.createTask(foo()));
    },
    `
    a = loop.create_task(asyncio.sleep(0.05))
    async def sleeper():
        await asyncio.sleep(0.1)
        raise ZeroDivisionError("really")
    b = loop.create_task(sleeper())
    async def foo():
        done, pending = await asyncio.wait([b, a])
        errors = [f for f in done if f.exception() is not None]
        log.append(f"done {len(done)} pending {len(pending)} errors {len(errors)}")
    for i in range(2):
        loop.run_until_complete(loop.create_task(foo()))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait_with_timeout',
    'wait with a timeout returns what is done by then, and no error',
    async (log) => {
      const loop = new Loop();
      const a = loop.createTask(sleep(0.05));
      const b = loop.createTask(sleep(0.2));
      const names = new Map<Future<unknown>, string>([[a, 'a'], [b, 'b']]);
      function* foo(): Coro<void> {
        const { done, pending } = yield* wait([b, a], { timeout: 0.1 });
        log.push(`done ${label(done, names)} pending ${label(pending, names)}`);
      }
      await loop.runUntilComplete(loop.createTask(foo()));
    },
    [PY_HELPERS, `
    a = loop.create_task(asyncio.sleep(0.05))
    b = loop.create_task(asyncio.sleep(0.2))
    names = {a: "a", b: "b"}
    async def foo():
        done, pending = await asyncio.wait([b, a], timeout=0.1)
        log.append(f"done {label(done, names)} pending {label(pending, names)}")
    loop.run_until_complete(loop.create_task(foo()))
    `],
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait_concurrent_complete',
    'run_until_complete(wait(..., timeout)) directly: done and pending at the timeout',
    async () => {
      const loop = new Loop();
      const a = loop.createTask(sleep(0.05));
      const b = loop.createTask(sleep(0.2));
      const names = new Map<Future<unknown>, string>([[a, 'a'], [b, 'b']]);
      const { done, pending } = await loop.runUntilComplete(wait([b, a], { timeout: 0.1 }));
      return [`done ${label(done, names)} pending ${label(pending, names)}`];
    },
    [PY_HELPERS, `
    a = loop.create_task(asyncio.sleep(0.05))
    b = loop.create_task(asyncio.sleep(0.2))
    names = {a: "a", b: "b"}
    done, pending = loop.run_until_complete(asyncio.wait([b, a], timeout=0.1))
    log.append(f"done {label(done, names)} pending {label(pending, names)}")
    `],
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait_with_iterator_of_tasks',
    'wait accepts any iterable of tasks, an iterator included',
    async () => {
      const loop = new Loop();
      const a = loop.createTask(sleep(0.05));
      const b = loop.createTask(sleep(0.1));
      const names = new Map<Future<unknown>, string>([[a, 'a'], [b, 'b']]);
      const { done, pending } = await loop.runUntilComplete(wait([b, a][Symbol.iterator]()));
      return [`done ${label(done, names)} pending ${label(pending, names)}`];
    },
    [PY_HELPERS, `
    a = loop.create_task(asyncio.sleep(0.05))
    b = loop.create_task(asyncio.sleep(0.1))
    names = {a: "a", b: "b"}
    done, pending = loop.run_until_complete(asyncio.wait(iter([b, a])))
    log.append(f"done {label(done, names)} pending {label(pending, names)}")
    `],
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait_invalid_args',
    'wait(future), a future instead of a list of them, is a TypeError',
    async () => {
      const loop = new Loop();
      const fut = loop.createFuture();
      try {
        await loop.runUntilComplete(wait(fut as never));
        return ['accepted'];
      } catch (e) {
        return [name(e)];
      }
    },
    `
    fut = loop.create_future()
    try:
        loop.run_until_complete(asyncio.wait(fut))
        log.append("accepted")
    except TypeError as e:
        log.append(name(e))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait_invalid_args',
    'wait(coroutine) is a TypeError: pass tasks',
    async () => {
      const loop = new Loop();
      function* coroutineFunction(): Coro<void> {}
      try {
        await loop.runUntilComplete(wait([coroutineFunction()] as never));
        return ['accepted'];
      } catch (e) {
        return [name(e)];
      }
    },
    `
    async def coroutine_function():
        pass
    c = coroutine_function()
    try:
        loop.run_until_complete(asyncio.wait([c]))
        log.append("accepted")
    except TypeError as e:
        log.append(name(e))
    c.close()
    `,
  );
});
