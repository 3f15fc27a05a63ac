/**
 * CPython 3.11's own asyncio tests, ported to step 12: the same cases with
 * native async functions, which `await` our futures and coroutines as
 * asyncio's `async def` does. Only results and errors are traced: a native
 * `await` resumes in a microtask, so tick-by-tick interleavings are step 12's
 * own tests' business.
 */
import { describe } from 'vitest';
import { ValueError, itDiffersFromAsyncio, itPortsAsyncio, name } from '../shared/cpython.ts';
import {
  type Coro, type Future, Loop, Queue, getRunningLoop, gather, run, sleep, wait, waitFor,
} from '#step';

describe('CPython test_asyncio on step 12', () => {
  itPortsAsyncio(
    'test_tasks.py::test_create_task_with_async_function',
    'create_task of a native coroutine runs it to its result, the second time too',
    async (log) => {
      const loop = new Loop();
      async function coro(n: number): Promise<string> {
        await sleep(0);
        return `ran ${n}`;
      }
      for (const n of [1, 2]) log.push(await loop.runUntilComplete(loop.createTask(coro(n))));
    },
    `
    async def coro(n):
        await asyncio.sleep(0)
        return f"ran {n}"
    for n in (1, 2):
        log.append(loop.run_until_complete(loop.create_task(coro(n))))
    `,
  );

  itPortsAsyncio(
    'test_runners.py::RunTests::test_asyncio_run_return',
    'run() of a native coroutine returns its result; one that raises throws',
    async (log) => {
      async function main(fail: boolean): Promise<number> {
        await sleep(0);
        if (fail) throw new ValueError('spam');
        return 42;
      }
      for (const fail of [false, true]) {
        try {
          log.push(`returned ${await run(() => main(fail))}`);
        } catch (e) {
          log.push(`raised ${name(e)}: ${(e as Error).message}`);
        }
      }
    },
    `
    async def main(fail):
        await asyncio.sleep(0)
        if fail:
            raise ValueError("spam")
        return 42
    for fail in (False, True):
        try:
            log.append(f"returned {asyncio.run(main(fail))}")
        except ValueError as e:
            log.append(f"raised {name(e)}: {e}")
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_task_basics',
    'a native coroutine awaits two others and adds up their results',
    async () => {
      async function inner1(): Promise<number> {
        return 42;
      }
      async function inner2(): Promise<number> {
        await sleep(0);
        return 1000;
      }
      async function outer(): Promise<number> {
        return (await inner1()) + (await inner2());
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
        return await inner1() + await inner2()
    log.append(f"result {asyncio.new_event_loop().run_until_complete(outer())}")
    `,
  );

  itPortsAsyncio(
    'test_waitfor.py::test_wait_for',
    'await wait_for(task, 0.1) from a native coroutine: TimeoutError, the task cancelled',
    async (log) => {
      async function foo(): Promise<void> {
        await sleep(300);
      }
      async function main(): Promise<void> {
        const fut = getRunningLoop().createTask(foo());
        try {
          await waitFor(fut, 0.1);
        } catch (e) {
          log.push(name(e));
        }
        log.push(`done=${fut.done()} cancelled=${fut.cancelled()}`);
      }
      await run(main);
    },
    `
    async def foo():
        await asyncio.sleep(300)
    async def main():
        fut = asyncio.create_task(foo())
        try:
            await asyncio.wait_for(fut, 0.1)
        except asyncio.TimeoutError as e:
            log.append(name(e))
        log.append(f"done={tf(fut.done())} cancelled={tf(fut.cancelled())}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueBasicTests::test_order',
    'a queue awaited from a native coroutine keeps the order of its items',
    async () => {
      async function main(): Promise<string> {
        const q = new Queue<number>();
        for (const i of [1, 3, 2]) await q.put(i);
        const items: number[] = [];
        for (let i = 0; i < 3; i++) items.push(await q.get());
        return `[${items}]`;
      }
      return [await run(main)];
    },
    `
    async def main():
        q = asyncio.Queue()
        for i in [1, 3, 2]:
            await q.put(i)
        return f"[{','.join([str(await q.get()) for _ in range(3)])}]"
    log.append(asyncio.run(main()))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::test_wait',
    'await wait([b, a]) from a native coroutine returns when both are done',
    async () => {
      async function main(): Promise<string> {
        const loop = getRunningLoop();
        const a = loop.createTask(sleep(0.05));
        const b = loop.createTask(sleep(0.1));
        const { done, pending } = await wait([b, a]);
        return `done ${done.size} (a: ${done.has(a)}, b: ${done.has(b)}), pending ${pending.size}`;
      }
      return [await run(main)];
    },
    `
    async def main():
        a = asyncio.create_task(asyncio.sleep(0.05))
        b = asyncio.create_task(asyncio.sleep(0.1))
        done, pending = await asyncio.wait([b, a])
        return f"done {len(done)} (a: {tf(a in done)}, b: {tf(b in done)}), pending {len(pending)}"
    log.append(asyncio.run(main()))
    `,
  );

  itPortsAsyncio(
    'test_tasks.py::CoroutineGatherTests::test_duplicate_coroutines',
    'the same native coroutine passed to gather twice runs once and fills both places',
    async () => {
      let runs = 0;
      async function coro(s: string): Promise<string> {
        runs++;
        await sleep(0);
        return s;
      }
      async function main(): Promise<string[]> {
        const c = coro('abc');
        return gather(c, c, coro('def'), c);
      }
      const result = await run(main);
      return [`result [${result.join(', ')}], ${runs} runs`];
    },
    `
    runs = 0
    async def coro(s):
        global runs
        runs += 1
        await asyncio.sleep(0)
        return s
    async def main():
        c = coro("abc")
        return await asyncio.gather(c, c, coro("def"), c)
    result = asyncio.run(main())
    log.append(f"result [{', '.join(result)}], {runs} runs")
    `,
  );

  itDiffersFromAsyncio(
    'test_tasks.py::test_cancel',
    'cancelling a task that runs a native coroutine stops the waiting, not the coroutine',
    {
      lesson: 'step12#the-code',
      reason: 'cancelling such a task stops the waiting at once, but the promise runs on',
    },
    async (log) => {
      const loop = new Loop();
      async function body(): Promise<void> {
        try {
          await sleep(0.05);
          log.push('resumed after the sleep');
        } catch (e) {
          log.push(`coroutine got ${name(e)}`);
          throw e;
        }
      }
      const t = loop.createTask(body());
      loop.callLater(0.01, () => t.cancel());
      try {
        await loop.runUntilComplete(t);
      } catch (e) {
        log.push(`task: ${name(e)}`);
      }
      await loop.runUntilComplete(sleep(0.1));
    },
    `
    async def body():
        try:
            await asyncio.sleep(0.05)
            log.append("resumed after the sleep")
        except asyncio.CancelledError as e:
            log.append(f"coroutine got {name(e)}")
            raise
    t = loop.create_task(body())
    loop.call_later(0.01, t.cancel)
    try:
        loop.run_until_complete(t)
    except asyncio.CancelledError as e:
        log.append(f"task: {name(e)}")
    loop.run_until_complete(asyncio.sleep(0.1))
    `,
    ['task: CancelledError', 'resumed after the sleep'],
  );

  itDiffersFromAsyncio(
    'test_tasks.py::test_ensure_future_coroutine',
    "run_until_complete of a coroutine returning a future gives the future's result: a Promise adopts it",
    {
      lesson: 'step12#how-asyncio-does-it',
      reason: 'our run methods return Promises, and a Promise always adopts a thenable, as a future is',
    },
    async (log) => {
      const loop = new Loop();
      const [done, pending] = [loop.createFuture<string>(), loop.createFuture<string>()];
      done.setResult('ok');
      function* returning(f: Future<string>): Coro<Future<string>> {
        return f;
      }
      const r: unknown = await loop.runUntilComplete(returning(done));
      log.push(`got the future itself: ${r === done}, got ${String(r)}`);
      const late = loop.runUntilComplete(returning(pending));
      const bound = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 50));
      log.push(`a pending one: ${String(await Promise.race([late, bound]))}`);
      pending.setResult('late');
      await loop.runUntilComplete(sleep(0)); // runs the future's callbacks: the promise settles
      log.push(`then: ${String(await late)}`);
    },
    `
    done, pending = loop.create_future(), loop.create_future()
    done.set_result("ok")
    async def returning(f):
        return f
    r = loop.run_until_complete(returning(done))
    log.append(f"got the future itself: {tf(r is done)}, got {r}")
    r = loop.run_until_complete(returning(pending))
    log.append(f"a pending one: {r}")
    pending.set_result("late")
    loop.run_until_complete(asyncio.sleep(0))
    log.append(f"then: {r}")
    `,
    ['got the future itself: false, got ok', 'a pending one: still waiting', 'then: late'],
  );
});
