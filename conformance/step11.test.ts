/**
 * CPython 3.11's own asyncio tests, ported to step 11: Lock, Event, Queue
 * (test_locks.py, test_queues.py), asyncio.run (test_runners.py), and a
 * closed loop (test_base_events.py, test_events.py). CPython runs most of
 * these in an IsolatedAsyncioTestCase, that is inside asyncio.run: so do we,
 * with `run`. `async with lock` is try/finally here (step 11's lesson); a
 * TaskGroup is a gather of the tasks.
 */
import { describe } from 'vitest';
import {
  ValueError, ZeroDivisionError, attempt, caught, itDiffersFromAsyncio, itPortsAsyncio, msg, name,
  refused, settle, settleNow,
} from '../shared/cpython.ts';
import {
  type Coro, Event, type Future, Lock, Loop, Queue, type Task, gather, getRunningLoop, run, sleep,
  waitFor,
} from '#step';

/** asyncio.create_task: a task on the running loop. */
const spawn = <T,>(coro: Coro<T>): Task<T> => getRunningLoop().createTask(coro);

describe('CPython test_asyncio on step 11: Lock and Event', () => {
  itPortsAsyncio(
    'test_locks.py::LockTests::test_lock',
    'a lock is not awaitable by itself, and starts unlocked',
    async (log) => {
      function* main(): Coro<void> {
        const lock = new Lock();
        log.push((yield* caught(lock as unknown as Coro<void>)).split(':')[0]!);
        log.push(`locked=${lock.locked()}`);
      }
      await run(main());
    },
    `
    async def main():
        lock = asyncio.Lock()
        log.extend([(await caught(lock)).split(":")[0], f"locked={tf(lock.locked())}"])
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_locks.py::LockTests::test_acquire',
    'waiters get the lock in the order they asked, one release at a time',
    async (log) => {
      function* main(): Coro<void> {
        const lock = new Lock();
        const result: number[] = [];
        log.push(`acquire ${yield* lock.acquire()}`);
        function* c(n: number): Coro<boolean> {
          if (yield* lock.acquire()) result.push(n);
          return true;
        }
        const t1 = spawn(c(1));
        const t2 = spawn(c(2));
        yield* sleep(0);
        log.push(`[${result}]`);
        lock.release();
        yield* sleep(0);
        log.push(`[${result}]`);
        yield* sleep(0);
        log.push(`[${result}]`);
        const t3 = spawn(c(3));
        lock.release();
        yield* sleep(0);
        log.push(`[${result}]`);
        lock.release();
        yield* sleep(0);
        log.push(`[${result}]`, `results ${[t1, t2, t3].map((t) => t.done() && t.result())}`);
      }
      await run(main());
    },
    `
    async def main():
        lock = asyncio.Lock()
        result = []
        log.append(f"acquire {tf(await lock.acquire())}")
        async def c(n):
            if await lock.acquire():
                result.append(n)
            return True
        t1 = asyncio.create_task(c(1))
        t2 = asyncio.create_task(c(2))
        await asyncio.sleep(0)
        log.append(f"[{js(result)}]")
        lock.release()
        await asyncio.sleep(0)
        log.append(f"[{js(result)}]")
        await asyncio.sleep(0)
        log.append(f"[{js(result)}]")
        t3 = asyncio.create_task(c(3))
        lock.release()
        await asyncio.sleep(0)
        log.append(f"[{js(result)}]")
        lock.release()
        await asyncio.sleep(0)
        log.append(f"[{js(result)}]")
        log.append(f"results {js(tf(t.done() and t.result()) for t in (t1, t2, t3))}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_locks.py::LockTests::test_acquire_cancel',
    'an acquire cancelled while waiting raises CancelledError and leaves the lock to its holder',
    async (log) => {
      function* main(): Coro<void> {
        const lock = new Lock();
        yield* lock.acquire();
        const task = spawn(lock.acquire());
        getRunningLoop().callSoon(() => task.cancel());
        log.push(yield* caught(task));
        lock.release();
        log.push(`free again: locked=${lock.locked()}`);
      }
      await run(main());
    },
    `
    async def main():
        lock = asyncio.Lock()
        await lock.acquire()
        task = asyncio.create_task(lock.acquire())
        asyncio.get_running_loop().call_soon(task.cancel)
        log.append(await caught(task))
        lock.release()
        log.append(f"free again: locked={tf(lock.locked())}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_locks.py::LockTests::test_cancel_race',
    'B cancelled as A releases: the lock goes on to C, not lost',
    async (log) => {
      function* main(): Coro<void> {
        const lock = new Lock();
        function* lockit(who: string, blocker: Future<unknown> | null): Coro<void> {
          yield* lock.acquire();
          try {
            if (blocker !== null) yield* blocker;
            log.push(`${who} holds the lock`);
          } finally {
            lock.release();
          }
        }
        const fa = getRunningLoop().createFuture();
        const ta = spawn(lockit('A', fa));
        yield* sleep(0);
        log.push(`locked=${lock.locked()}`);
        const tb = spawn(lockit('B', null));
        yield* sleep(0);
        const tc = spawn(lockit('C', null));
        yield* sleep(0);
        fa.setResult(null);
        tb.cancel();
        yield* sleep(0);
        log.push(`locked=${lock.locked()} ta done=${ta.done()} tb ${tb.cancelled()}`);
        yield* tc;
      }
      await run(main());
    },
    `
    async def main():
        lock = asyncio.Lock()
        async def lockit(who, blocker):
            await lock.acquire()
            try:
                if blocker is not None:
                    await blocker
                log.append(f"{who} holds the lock")
            finally:
                lock.release()
        fa = asyncio.get_running_loop().create_future()
        ta = asyncio.create_task(lockit("A", fa))
        await asyncio.sleep(0)
        log.append(f"locked={tf(lock.locked())}")
        tb = asyncio.create_task(lockit("B", None))
        await asyncio.sleep(0)
        tc = asyncio.create_task(lockit("C", None))
        await asyncio.sleep(0)
        fa.set_result(None)
        tb.cancel()
        await asyncio.sleep(0)
        log.append(f"locked={tf(lock.locked())} ta done={tf(ta.done())} tb {tf(tb.cancelled())}")
        await tc
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_locks.py::LockTests::test_cancel_release_race',
    'cancel the first waiter and release in one callback: exactly one waiter takes the lock',
    async (log) => {
      function* main(): Coro<void> {
        const loop = getRunningLoop();
        const lock = new Lock();
        let lockCount = 0;
        let callCount = 0;
        function* lockit(): Coro<void> {
          callCount += 1;
          yield* lock.acquire();
          lockCount += 1;
        }
        yield* lock.acquire();
        const t1 = spawn(lockit());
        const t2 = spawn(lockit());
        const t3 = spawn(lockit());
        yield* sleep(0);
        loop.callSoon(() => {
          t1.cancel();
          lock.release();
        });
        log.push(`t1: ${yield* caught(t1)}`);
        log.push(`locks taken ${lockCount}, calls ${callCount}, t2 done=${t2.done()}`);
        t3.cancel();
        yield* sleep(0);
        log.push(`t3 cancelled=${t3.cancelled()}`);
      }
      await run(main());
    },
    `
    async def main():
        loop = asyncio.get_running_loop()
        lock = asyncio.Lock()
        lock_count = call_count = 0
        async def lockit():
            nonlocal lock_count, call_count
            call_count += 1
            await lock.acquire()
            lock_count += 1
        await lock.acquire()
        t1 = asyncio.create_task(lockit())
        t2 = asyncio.create_task(lockit())
        t3 = asyncio.create_task(lockit())
        await asyncio.sleep(0)
        def trigger():
            t1.cancel()
            lock.release()
        loop.call_soon(trigger)
        log.append(f"t1: {await caught(t1)}")
        log.append(f"locks taken {lock_count}, calls {call_count}, t2 done={tf(t2.done())}")
        t3.cancel()
        await asyncio.sleep(0)
        log.append(f"t3 cancelled={tf(t3.cancelled())}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_locks.py::LockTests::test_finished_waiter_cancelled',
    'a waiter woken and cancelled in the same tick passes the lock to the next one',
    async (log) => {
      function* main(): Coro<void> {
        const lock = new Lock();
        yield* lock.acquire();
        const tb = spawn(lock.acquire());
        yield* sleep(0);
        const tc = spawn(lock.acquire());
        tb.cancel();
        lock.release();
        yield* sleep(0);
        log.push(`locked=${lock.locked()} tb cancelled=${tb.cancelled()}`);
        log.push(`tc acquired ${yield* tc}`);
      }
      await run(main());
    },
    `
    async def main():
        lock = asyncio.Lock()
        await lock.acquire()
        tb = asyncio.create_task(lock.acquire())
        await asyncio.sleep(0)
        tc = asyncio.create_task(lock.acquire())
        tb.cancel()
        lock.release()
        await asyncio.sleep(0)
        log.append(f"locked={tf(lock.locked())} tb cancelled={tf(tb.cancelled())}")
        log.append(f"tc acquired {tf(await tc)}")
    asyncio.run(main())
    `,
  );

  itDiffersFromAsyncio(
    'test_locks.py::LockTests::test_release_not_acquired',
    'releasing a free lock throws a plain Error, where asyncio raises RuntimeError',
    {
      lesson: 'step11#how-asyncio-does-it',
      reason: 'asyncio raises RuntimeError for a bad release(); ours throws Error',
    },
    () => [attempt(() => new Lock().release())],
    `
    log.append(attempt(asyncio.Lock().release))
    `,
    ['Error'],
  );

  itPortsAsyncio(
    'test_locks.py::LockTests::test_release_no_waiters',
    'acquire then release with nobody waiting: locked, then free',
    async (log) => {
      function* main(): Coro<void> {
        const lock = new Lock();
        yield* lock.acquire();
        log.push(`locked=${lock.locked()}`);
        lock.release();
        log.push(`locked=${lock.locked()}`);
      }
      await run(main());
    },
    `
    async def main():
        lock = asyncio.Lock()
        await lock.acquire()
        log.append(f"locked={tf(lock.locked())}")
        lock.release()
        log.append(f"locked={tf(lock.locked())}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_locks.py::LockTests::test_context_manager',
    '`async with lock` (try/finally here) holds the lock inside and frees it after',
    async (log) => {
      function* main(): Coro<void> {
        const lock = new Lock();
        log.push(`before: locked=${lock.locked()}`);
        yield* lock.acquire();
        try {
          log.push(`inside: locked=${lock.locked()}`);
        } finally {
          lock.release();
        }
        log.push(`after: locked=${lock.locked()}`);
      }
      await run(main());
    },
    `
    async def main():
        lock = asyncio.Lock()
        log.append(f"before: locked={tf(lock.locked())}")
        async with lock:
            log.append(f"inside: locked={tf(lock.locked())}")
        log.append(f"after: locked={tf(lock.locked())}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_locks.py::EventTests::test_wait',
    'set() wakes every waiter; a waiter that came after the others still runs first',
    async (log) => {
      function* main(): Coro<void> {
        const ev = new Event();
        log.push(`is_set=${ev.isSet()}`);
        const result: number[] = [];
        function* c(n: number): Coro<void> {
          if (yield* ev.wait()) result.push(n);
        }
        const t1 = spawn(c(1));
        const t2 = spawn(c(2));
        yield* sleep(0);
        log.push(`[${result}]`);
        const t3 = spawn(c(3));
        ev.set();
        yield* sleep(0);
        log.push(`[${result}]`, `all done: ${[t1, t2, t3].every((t) => t.done())}`);
      }
      await run(main());
    },
    `
    async def main():
        ev = asyncio.Event()
        log.append(f"is_set={tf(ev.is_set())}")
        result = []
        async def c(n):
            if await ev.wait():
                result.append(n)
        t1 = asyncio.create_task(c(1))
        t2 = asyncio.create_task(c(2))
        await asyncio.sleep(0)
        log.append(f"[{js(result)}]")
        t3 = asyncio.create_task(c(3))
        ev.set()
        await asyncio.sleep(0)
        log.append(f"[{js(result)}]")
        log.append(f"all done: {tf(all(t.done() for t in (t1, t2, t3)))}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_locks.py::EventTests::test_wait_on_set',
    'wait() on a set event returns true at once',
    async () => {
      function* main(): Coro<string> {
        const ev = new Event();
        ev.set();
        return `wait() ${yield* ev.wait()}`;
      }
      return [await run(main())];
    },
    `
    async def main():
        ev = asyncio.Event()
        ev.set()
        return f"wait() {tf(await ev.wait())}"
    log.append(asyncio.run(main()))
    `,
  );

  itPortsAsyncio(
    'test_locks.py::EventTests::test_wait_cancel',
    'a cancelled wait() raises CancelledError, and a later set() wakes nobody',
    async (log) => {
      function* main(): Coro<void> {
        const ev = new Event();
        const w = spawn(ev.wait());
        getRunningLoop().callSoon(() => w.cancel());
        try {
          yield* w;
        } catch (e) {
          log.push(name(e));
        }
        ev.set();
        yield* sleep(0);
        log.push(`w cancelled=${w.cancelled()}`);
      }
      await run(main());
    },
    `
    async def main():
        ev = asyncio.Event()
        w = asyncio.create_task(ev.wait())
        asyncio.get_running_loop().call_soon(w.cancel)
        try:
            await w
        except asyncio.CancelledError as e:
            log.append(name(e))
        ev.set()
        await asyncio.sleep(0)
        log.append(f"w cancelled={tf(w.cancelled())}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_locks.py::EventTests::test_clear',
    'set() then clear(): is_set follows',
    () => {
      const ev = new Event();
      const log = [`${ev.isSet()}`];
      ev.set();
      log.push(`${ev.isSet()}`);
      ev.clear();
      log.push(`${ev.isSet()}`);
      return log;
    },
    `
    ev = asyncio.Event()
    log.append(tf(ev.is_set()))
    ev.set()
    log.append(tf(ev.is_set()))
    ev.clear()
    log.append(tf(ev.is_set()))
    `,
  );

  itPortsAsyncio(
    'test_locks.py::EventTests::test_clear_with_waiters',
    'set() then clear() at once: the waiter woken by set() still returns true',
    async (log) => {
      function* main(): Coro<void> {
        const ev = new Event();
        const result: number[] = [];
        function* c1(): Coro<boolean> {
          if (yield* ev.wait()) result.push(1);
          return true;
        }
        const t = spawn(c1());
        yield* sleep(0);
        ev.set();
        ev.clear();
        log.push(`is_set=${ev.isSet()}`);
        ev.set();
        ev.set();
        yield* sleep(0);
        log.push(`[${result}] done=${t.done()} result=${t.result()}`);
      }
      await run(main());
    },
    `
    async def main():
        ev = asyncio.Event()
        result = []
        async def c1():
            if await ev.wait():
                result.append(1)
            return True
        t = asyncio.create_task(c1())
        await asyncio.sleep(0)
        ev.set()
        ev.clear()
        log.append(f"is_set={tf(ev.is_set())}")
        ev.set()
        ev.set()
        await asyncio.sleep(0)
        log.append(f"[{js(result)}] done={tf(t.done())} result={tf(t.result())}")
    asyncio.run(main())
    `,
  );
});

describe('CPython test_asyncio on step 11: Queue', () => {
  itPortsAsyncio(
    'test_queues.py::QueueBasicTests::test_empty',
    'empty() before a put, not after, and again after the get',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<number>();
        log.push(`empty=${q.empty()}`);
        yield* q.put(1);
        log.push(`empty=${q.empty()}`);
        log.push(`got ${yield* q.get()}, empty=${q.empty()}`);
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue()
        log.append(f"empty={tf(q.empty())}")
        await q.put(1)
        log.append(f"empty={tf(q.empty())}")
        log.append(f"got {await q.get()}, empty={tf(q.empty())}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueBasicTests::test_full',
    'an unbounded queue is never full; maxsize 1 is full after one put',
    async (log) => {
      function* main(): Coro<void> {
        log.push(`full=${new Queue().full()}`);
        const q = new Queue<number>(1);
        yield* q.put(1);
        log.push(`full=${q.full()}`);
      }
      await run(main());
    },
    `
    async def main():
        log.append(f"full={tf(asyncio.Queue().full())}")
        q = asyncio.Queue(maxsize=1)
        await q.put(1)
        log.append(f"full={tf(q.full())}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueBasicTests::test_order',
    'items come out in the order they went in',
    async () => {
      function* main(): Coro<string> {
        const q = new Queue<number>();
        for (const i of [1, 3, 2]) yield* q.put(i);
        const items: number[] = [];
        for (let i = 0; i < 3; i++) items.push(yield* q.get());
        return `[${items}]`;
      }
      return [await run(main())];
    },
    `
    async def main():
        q = asyncio.Queue()
        for i in [1, 3, 2]:
            await q.put(i)
        return f"[{js([await q.get() for _ in range(3)])}]"
    log.append(asyncio.run(main()))
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueBasicTests::test_maxsize',
    'a putter blocks once maxsize items are in, and resumes when one is taken',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<number>(2);
        const haveBeenPut: number[] = [];
        function* putter(): Coro<boolean> {
          for (let i = 0; i < 3; i++) {
            yield* q.put(i);
            haveBeenPut.push(i);
          }
          return true;
        }
        const t = spawn(putter());
        for (let i = 0; i < 2; i++) yield* sleep(0);
        log.push(`put [${haveBeenPut}], get ${yield* q.get()}`);
        yield* sleep(0);
        log.push(`put [${haveBeenPut}], get ${yield* q.get()}, get ${yield* q.get()}`);
        log.push(`done=${t.done()} result=${t.result()}`);
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue(maxsize=2)
        have_been_put = []
        async def putter():
            for i in range(3):
                await q.put(i)
                have_been_put.append(i)
            return True
        t = asyncio.create_task(putter())
        for i in range(2):
            await asyncio.sleep(0)
        log.append(f"put [{js(have_been_put)}], get {await q.get()}")
        await asyncio.sleep(0)
        log.append(f"put [{js(have_been_put)}], get {await q.get()}, get {await q.get()}")
        log.append(f"done={tf(t.done())} result={tf(t.result())}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueGetTests::test_blocking_get',
    'get() of a queue that holds an item returns it',
    async () => {
      function* main(): Coro<number> {
        const q = new Queue<number>();
        q.putNowait(1);
        return yield* q.get();
      }
      return [`got ${await run(main())}`];
    },
    `
    async def main():
        q = asyncio.Queue()
        q.put_nowait(1)
        return await q.get()
    log.append(f"got {asyncio.run(main())}")
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueGetTests::test_blocking_get_wait',
    'a getter waits until a timer puts an item',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<number>();
        const started = new Event();
        let finished = false;
        function* queueGet(): Coro<number> {
          started.set();
          const res = yield* q.get();
          finished = true;
          return res;
        }
        const task = spawn(queueGet());
        yield* started.wait();
        log.push(`finished=${finished}`);
        getRunningLoop().callLater(0.01, () => q.putNowait(1));
        const res = yield* task;
        log.push(`finished=${finished} got ${res}`);
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue()
        started = asyncio.Event()
        finished = False
        async def queue_get():
            nonlocal finished
            started.set()
            res = await q.get()
            finished = True
            return res
        task = asyncio.create_task(queue_get())
        await started.wait()
        log.append(f"finished={tf(finished)}")
        asyncio.get_running_loop().call_later(0.01, q.put_nowait, 1)
        res = await task
        log.append(f"finished={tf(finished)} got {res}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueGetTests::test_nonblocking_get_exception',
    'get_nowait() of an empty queue raises QueueEmpty; put_nowait() of a full one QueueFull',
    () => {
      const q = new Queue<number>(1);
      const empty = attempt(() => q.getNowait());
      q.putNowait(1);
      return [empty, attempt(() => q.putNowait(2)), `get_nowait ${q.getNowait()}`];
    },
    `
    q = asyncio.Queue(maxsize=1)
    empty = attempt(q.get_nowait)
    q.put_nowait(1)
    log.extend([empty, attempt(lambda: q.put_nowait(2)), f"get_nowait {q.get_nowait()}"])
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueGetTests::test_get_cancelled_race',
    'a getter cancelled before any put leaves the item to the next getter',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<string>();
        const t1 = spawn(q.get());
        const t2 = spawn(q.get());
        yield* sleep(0);
        t1.cancel();
        yield* sleep(0);
        log.push(`t1 done=${t1.done()}`);
        yield* q.put('a');
        yield* sleep(0);
        log.push(`t2 got ${yield* t2}`);
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue()
        t1 = asyncio.create_task(q.get())
        t2 = asyncio.create_task(q.get())
        await asyncio.sleep(0)
        t1.cancel()
        await asyncio.sleep(0)
        log.append(f"t1 done={tf(t1.done())}")
        await q.put("a")
        await asyncio.sleep(0)
        log.append(f"t2 got {await t2}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueGetTests::test_get_with_waiting_putters',
    'two putters waiting on a full queue: gets take their items in order',
    async () => {
      function* main(): Coro<string> {
        const q = new Queue<string>(1);
        spawn(q.put('a'));
        spawn(q.put('b'));
        return `${yield* q.get()} ${yield* q.get()}`;
      }
      return [await run(main())];
    },
    `
    async def main():
        q = asyncio.Queue(maxsize=1)
        asyncio.create_task(q.put("a"))
        asyncio.create_task(q.put("b"))
        return f"{await q.get()} {await q.get()}"
    log.append(asyncio.run(main()))
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueGetTests::test_why_are_getters_waiting',
    'a producer and a consumer on a queue of size 1 both finish',
    async () => {
      function* main(): Coro<string> {
        const q = new Queue<number>(1);
        const got: number[] = [];
        function* consumer(n: number): Coro<void> {
          for (let i = 0; i < n; i++) got.push(yield* q.get());
        }
        function* producer(n: number): Coro<void> {
          for (let i = 0; i < n; i++) yield* q.put(i);
        }
        yield* gather(spawn(producer(5)), spawn(consumer(5)));
        return `got [${got}]`;
      }
      return [await run(main())];
    },
    `
    async def main():
        q = asyncio.Queue(1)
        got = []
        async def consumer(n):
            for _ in range(n):
                got.append(await q.get())
        async def producer(n):
            for i in range(n):
                await q.put(i)
        async with asyncio.TaskGroup() as tg:
            tg.create_task(producer(5))
            tg.create_task(consumer(5))
        return f"got [{js(got)}]"
    log.append(asyncio.run(main()))
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueGetTests::test_cancelled_getters_not_being_held_in_self_getters',
    'a get() that timed out is gone: the next item stays in the queue',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<number>(5);
        try {
          yield* waitFor(q.get(), 0.1);
        } catch (e) {
          log.push(name(e));
        }
        q.putNowait(1);
        yield* sleep(0);
        log.push(`qsize ${q.qsize()}`);
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue(maxsize=5)
        try:
            await asyncio.wait_for(q.get(), 0.1)
        except TimeoutError as e:
            log.append(name(e))
        q.put_nowait(1)
        await asyncio.sleep(0)
        log.append(f"qsize {q.qsize()}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueuePutTests::test_blocking_put_wait',
    'a putter on a full queue waits until a timer takes an item',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<number>(1);
        const started = new Event();
        let finished = false;
        function* queuePut(): Coro<void> {
          started.set();
          yield* q.put(1);
          yield* q.put(2);
          finished = true;
        }
        getRunningLoop().callLater(0.01, () => q.getNowait());
        const task = spawn(queuePut());
        yield* started.wait();
        log.push(`finished=${finished}`);
        yield* task;
        log.push(`finished=${finished} qsize ${q.qsize()}`);
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue(maxsize=1)
        started = asyncio.Event()
        finished = False
        async def queue_put():
            nonlocal finished
            started.set()
            await q.put(1)
            await q.put(2)
            finished = True
        asyncio.get_running_loop().call_later(0.01, q.get_nowait)
        task = asyncio.create_task(queue_put())
        await started.wait()
        log.append(f"finished={tf(finished)}")
        await task
        log.append(f"finished={tf(finished)} qsize {q.qsize()}")
    asyncio.run(main())
    `,
  );

  itDiffersFromAsyncio(
    'test_queues.py::QueuePutTests::test_float_maxsize',
    'maxsize 1.3 is refused at the call (RangeError); asyncio takes it, and two puts fill the queue',
    {
      lesson: 'step11#how-asyncio-does-it',
      reason: 'asyncio takes any number as a maxsize; ours must be a whole number, checked at the call',
    },
    async (log) => {
      try {
        const q = new Queue<number>(1.3);
        q.putNowait(1);
        q.putNowait(2);
        log.push(`full=${q.full()}`, attempt(() => q.putNowait(3)));
      } catch (e) {
        log.push(name(e));
      }
    },
    `
    q = asyncio.Queue(maxsize=1.3)
    q.put_nowait(1)
    q.put_nowait(2)
    log.extend([f"full={tf(q.full())}", attempt(lambda: q.put_nowait(3))])
    `,
    ['RangeError'],
  );

  itPortsAsyncio(
    'test_queues.py::QueuePutTests::test_put_cancel_drop',
    'a put cancelled after its wake-up does not put; putting again does, once',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<number>(1);
        q.putNowait(1);
        let writer = spawn(q.put(2));
        yield* sleep(0);
        log.push(`value1 ${q.getNowait()}`);
        writer.cancel();
        try {
          yield* writer;
        } catch {
          writer = spawn(q.put(2));
          yield* writer;
        }
        log.push(`value2 ${q.getNowait()}, qsize ${q.qsize()}`);
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue(1)
        q.put_nowait(1)
        writer = asyncio.create_task(q.put(2))
        await asyncio.sleep(0)
        log.append(f"value1 {q.get_nowait()}")
        writer.cancel()
        try:
            await writer
        except asyncio.CancelledError:
            writer = asyncio.create_task(q.put(2))
            await writer
        log.append(f"value2 {q.get_nowait()}, qsize {q.qsize()}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueuePutTests::test_get_cancel_drop_one_pending_reader',
    'a getter cancelled after its wake-up drops no item: the next getter gets 1',
    async () => {
      function* main(): Coro<string> {
        const q = new Queue<number>();
        let reader = spawn(q.get());
        yield* sleep(0);
        q.putNowait(1);
        q.putNowait(2);
        reader.cancel();
        try {
          yield* reader;
        } catch {
          reader = spawn(q.get());
          yield* reader;
        }
        return `result ${reader.result()}`;
      }
      return [await run(main())];
    },
    `
    async def main():
        q = asyncio.Queue()
        reader = asyncio.create_task(q.get())
        await asyncio.sleep(0)
        q.put_nowait(1)
        q.put_nowait(2)
        reader.cancel()
        try:
            await reader
        except asyncio.CancelledError:
            reader = asyncio.create_task(q.get())
            await reader
        return f"result {reader.result()}"
    log.append(asyncio.run(main()))
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueuePutTests::test_get_cancel_drop_many_pending_readers',
    'three readers, two items, the first reader cancelled: the two others get both items',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<number>();
        const [r1, r2, r3] = [0, 1, 2].map(() => spawn(q.get()));
        yield* sleep(0);
        q.putNowait(1);
        q.putNowait(2);
        r1!.cancel();
        log.push(`reader1 ${yield* caught(r1!)}`);
        yield* r3!;
        yield* r2!;
        log.push(`got ${[r2!.result(), r3!.result()].sort()}`);
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue()
        r1, r2, r3 = [asyncio.create_task(q.get()) for i in range(3)]
        await asyncio.sleep(0)
        q.put_nowait(1)
        q.put_nowait(2)
        r1.cancel()
        log.append(f"reader1 {await caught(r1)}")
        await r3
        await r2
        log.append(f"got {js(sorted([r2.result(), r3.result()]))}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueuePutTests::test_put_cancelled_race',
    'a cancelled putter in the middle of the line is skipped',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<string>(1);
        const putA = spawn(q.put('a'));
        const putB = spawn(q.put('b'));
        const putC = spawn(q.put('X'));
        yield* sleep(0);
        log.push(`a done=${putA.done()} b done=${putB.done()}`);
        putC.cancel();
        yield* sleep(0);
        log.push(`c done=${putC.done()} get ${q.getNowait()}`);
        yield* sleep(0);
        log.push(`get ${q.getNowait()}`);
        yield* putB;
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue(maxsize=1)
        put_a = asyncio.create_task(q.put("a"))
        put_b = asyncio.create_task(q.put("b"))
        put_c = asyncio.create_task(q.put("X"))
        await asyncio.sleep(0)
        log.append(f"a done={tf(put_a.done())} b done={tf(put_b.done())}")
        put_c.cancel()
        await asyncio.sleep(0)
        log.append(f"c done={tf(put_c.done())} get {q.get_nowait()}")
        await asyncio.sleep(0)
        log.append(f"get {q.get_nowait()}")
        await put_b
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueuePutTests::test_put_with_waiting_getters',
    'a put wakes the waiting getter with the item',
    async () => {
      function* main(): Coro<string> {
        const q = new Queue<string>();
        const t = spawn(q.get());
        yield* sleep(0);
        yield* q.put('a');
        return `got ${yield* t}`;
      }
      return [await run(main())];
    },
    `
    async def main():
        q = asyncio.Queue()
        t = asyncio.create_task(q.get())
        await asyncio.sleep(0)
        await q.put("a")
        return f"got {await t}"
    log.append(asyncio.run(main()))
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueuePutTests::test_cancelled_puts_not_being_held_in_self_putters',
    'a cancelled put is gone: a get then leaves room for exactly one put_nowait',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<number>(1);
        q.putNowait(1);
        const putTask = spawn(q.put(1));
        yield* sleep(0);
        putTask.cancel();
        try {
          yield* putTask;
        } catch (e) {
          log.push(name(e));
        }
        q.getNowait();
        yield* sleep(0);
        log.push(`qsize ${q.qsize()}, put_nowait: ${attempt(() => q.putNowait(2))}`);
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue(maxsize=1)
        q.put_nowait(1)
        put_task = asyncio.create_task(q.put(1))
        await asyncio.sleep(0)
        put_task.cancel()
        try:
            await put_task
        except asyncio.CancelledError as e:
            log.append(name(e))
        q.get_nowait()
        await asyncio.sleep(0)
        log.append(f"qsize {q.qsize()}, put_nowait: {attempt(lambda: q.put_nowait(2))}")
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueuePutTests::test_cancelled_put_silence_value_error_exception',
    'a put woken by get_nowait then cancelled raises CancelledError, nothing else',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue<number>(1);
        q.putNowait(1);
        const putTask = spawn(q.put(1));
        yield* sleep(0);
        q.getNowait();
        putTask.cancel();
        try {
          yield* putTask;
        } catch (e) {
          log.push(name(e));
        }
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue(1)
        q.put_nowait(1)
        put_task = asyncio.create_task(q.put(1))
        await asyncio.sleep(0)
        q.get_nowait()
        put_task.cancel()
        try:
            await put_task
        except BaseException as e:
            log.append(name(e))
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueuePutTests::test_why_are_putters_waiting',
    'four putters on a queue of size 2 and a getter that drains it: all finish',
    async () => {
      function* main(): Coro<string> {
        const q = new Queue<number>(2);
        const taken: number[] = [];
        function* putter(item: number): Coro<void> {
          yield* q.put(item);
        }
        function* getter(): Coro<void> {
          yield* sleep(0);
          const num = q.qsize();
          for (let i = 0; i < num; i++) taken.push(q.getNowait());
        }
        yield* gather(spawn(getter()), ...[0, 1, 2, 3].map((i) => spawn(putter(i))));
        return `taken [${taken}], qsize ${q.qsize()}`;
      }
      return [await run(main())];
    },
    `
    async def main():
        q = asyncio.Queue(2)
        taken = []
        async def putter(item):
            await q.put(item)
        async def getter():
            await asyncio.sleep(0)
            num = q.qsize()
            for _ in range(num):
                taken.append(q.get_nowait())
        async with asyncio.TaskGroup() as tg:
            tg.create_task(getter())
            for i in range(4):
                tg.create_task(putter(i))
        return f"taken [{js(taken)}], qsize {q.qsize()}"
    log.append(asyncio.run(main()))
    `,
  );

  itDiffersFromAsyncio(
    'test_queues.py::QueueJoinTests::test_task_done_underflow',
    'task_done() once too often throws a RangeError, where asyncio raises ValueError',
    {
      lesson: 'step11#how-asyncio-does-it',
      reason: 'asyncio raises ValueError for one task_done() too many; ours throws RangeError',
    },
    () => [attempt(() => new Queue().taskDone())],
    `
    log.append(attempt(asyncio.Queue().task_done))
    `,
    ['RangeError'],
  );

  itPortsAsyncio(
    'test_queues.py::QueueJoinTests::test_task_done',
    'two workers call task_done after each item; join returns once all 100 are processed',
    async () => {
      function* main(): Coro<string> {
        const q = new Queue<number>();
        for (let i = 0; i < 100; i++) q.putNowait(i);
        let accumulator = 0;
        let running = true;
        function* worker(): Coro<void> {
          while (running) {
            accumulator += yield* q.get();
            q.taskDone();
          }
        }
        const tasks = [spawn(worker()), spawn(worker())];
        yield* q.join();
        const sum = accumulator;
        running = false;
        for (let i = 0; i < tasks.length; i++) q.putNowait(0);
        yield* gather(...tasks);
        return `sum ${sum}`;
      }
      return [await run(main())];
    },
    `
    async def main():
        q = asyncio.Queue()
        for i in range(100):
            q.put_nowait(i)
        accumulator = 0
        running = True
        async def worker():
            nonlocal accumulator
            while running:
                accumulator += await q.get()
                q.task_done()
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(worker()) for index in range(2)]
            await q.join()
            total = accumulator
            running = False
            for i in range(len(tasks)):
                q.put_nowait(0)
        return f"sum {total}"
    log.append(asyncio.run(main()))
    `,
  );

  itPortsAsyncio(
    'test_queues.py::QueueJoinTests::test_join_empty_queue',
    'join() of a queue with nothing put returns at once, twice',
    async (log) => {
      function* main(): Coro<void> {
        const q = new Queue();
        getRunningLoop().callSoon(() => log.push('a callback queued first'));
        yield* q.join();
        yield* q.join();
        log.push('joined twice');
      }
      await run(main());
    },
    `
    async def main():
        q = asyncio.Queue()
        asyncio.get_running_loop().call_soon(lambda: log.append("a callback queued first"))
        await q.join()
        await q.join()
        log.append("joined twice")
    asyncio.run(main())
    `,
  );
});

describe('CPython test_asyncio on step 11: run and close', () => {
  itPortsAsyncio(
    'test_runners.py::RunTests::test_asyncio_run_return',
    'run(main()) returns what main returns',
    async () => {
      function* main(): Coro<number> {
        yield* sleep(0);
        return 42;
      }
      return [`${await run(main())}`];
    },
    `
    async def main():
        await asyncio.sleep(0)
        return 42
    log.append(f"{asyncio.run(main())}")
    `,
  );

  itPortsAsyncio(
    'test_runners.py::RunTests::test_asyncio_run_raises',
    "run(main()) throws main's error",
    async (log) => {
      function* main(): Coro<number> {
        yield* sleep(0);
        throw new ValueError('spam');
      }
      log.push(await settle(() => run(main())));
    },
    `
    async def main():
        await asyncio.sleep(0)
        raise ValueError("spam")
    log.append(settle(lambda: asyncio.run(main())))
    `,
  );

  itDiffersFromAsyncio(
    'test_runners.py::RunTests::test_asyncio_run_only_coro',
    'run() of something that is not a coroutine is a TypeError, not a ValueError',
    {
      lesson: 'step11#how-asyncio-does-it',
      reason: 'asyncio raises ValueError; a value of the wrong type is a TypeError throughout this loop',
    },
    async (log) => {
      for (const o of [1, (): null => null]) {
        log.push((await settle(() => run(o as never))).split(':')[0]!);
      }
    },
    `
    for o in [1, lambda: None]:
        log.append(settle(lambda: asyncio.run(o)).split(":")[0])
    `,
    ['raised TypeError', 'raised TypeError'],
  );

  itPortsAsyncio(
    'test_runners.py::RunTests::test_asyncio_run_from_running_loop',
    'run() inside a running loop is refused',
    async (log) => {
      function* inner(): Coro<void> {
        log.push('inner runs');
      }
      function* main(): Coro<void> {
        refused(
          () => run(inner()),
          (e) => log.push(/cannot be called from a running/.test(msg(e)) ? 'refused' : msg(e)),
        );
        yield* sleep(0);
        yield* sleep(0);
      }
      await run(main());
    },
    `
    async def inner():
        log.append("inner runs")
    async def main():
        coro = inner()
        try:
            asyncio.run(coro)
        except RuntimeError as e:
            log.append("refused" if "cannot be called from a running" in str(e) else msg(e))
        coro.close()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    asyncio.run(main())
    `,
  );

  itPortsAsyncio(
    'test_runners.py::RunTests::test_asyncio_run_cancels_hanging_tasks',
    'run() cancels the tasks main left behind, and waits for them',
    async (log) => {
      let loTask: Task<void> | undefined;
      function* leftover(): Coro<void> {
        try {
          yield* sleep(0.1);
        } catch (e) {
          log.push(`leftover got ${name(e)}`);
          throw e;
        }
      }
      function* main(): Coro<number> {
        loTask = spawn(leftover());
        return 123;
      }
      log.push(`returned ${await run(main())}`);
      log.push(`leftover done=${loTask!.done()} cancelled=${loTask!.cancelled()}`);
    },
    `
    lo_task = None
    async def leftover():
        try:
            await asyncio.sleep(0.1)
        except asyncio.CancelledError as e:
            log.append(f"leftover got {name(e)}")
            raise
    async def main():
        global lo_task
        lo_task = asyncio.create_task(leftover())
        return 123
    log.append(f"returned {asyncio.run(main())}")
    log.append(f"leftover done={tf(lo_task.done())} cancelled={tf(lo_task.cancelled())}")
    `,
  );

  itPortsAsyncio(
    'test_runners.py::RunTests::test_asyncio_run_reports_hanging_tasks_errors',
    "a leftover's error during run()'s cleanup goes to the handler, with the task",
    async (log) => {
      let loTask: Task<void> | undefined;
      function* leftover(): Coro<void> {
        try {
          yield* sleep(0.1);
        } catch {
          throw new ZeroDivisionError('division by zero');
        }
      }
      function* main(): Coro<number> {
        getRunningLoop().setExceptionHandler((_l, context) => {
          const task = (context as { task?: unknown }).task;
          const shutdown = /run\(\) shutdown/.test(context.message);
          log.push(`handler: shutdown ${shutdown}, ${name(context.exception)}`);
          log.push(`context has the task: ${task === loTask}`);
        });
        loTask = spawn(leftover());
        return 123;
      }
      log.push(`returned ${await run(main())}, leftover done=${loTask!.done()}`);
    },
    `
    lo_task = None
    async def leftover():
        try:
            await asyncio.sleep(0.1)
        except asyncio.CancelledError:
            1 / 0
    def handler(l, context):
        shutdown = 'run() shutdown' in context['message']
        log.append(f"handler: shutdown {tf(shutdown)}, {name(context['exception'])}")
        log.append(f"context has the task: {tf(context.get('task') is lo_task)}")
    async def main():
        global lo_task
        asyncio.get_running_loop().set_exception_handler(handler)
        lo_task = asyncio.create_task(leftover())
        return 123
    log.append(f"returned {asyncio.run(main())}, leftover done={tf(lo_task.done())}")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_close',
    'close() closes, twice is harmless, and a closed loop refuses to run',
    async (log) => {
      const loop = new Loop();
      log.push(`closed=${loop.isClosed()}`);
      loop.close();
      log.push(`closed=${loop.isClosed()}`);
      loop.close();
      loop.close();
      const f = loop.createFuture();
      for (const call of [() => loop.runForever(), () => loop.runUntilComplete(f)]) {
        log.push(await settle(call));
      }
    },
    `
    log.append(f"closed={tf(loop.is_closed())}")
    loop.close()
    log.append(f"closed={tf(loop.is_closed())}")
    loop.close()
    loop.close()
    f = loop.create_future()
    log.extend(settle(call) for call in (loop.run_forever, lambda: loop.run_until_complete(f)))
    `,
  );

  itPortsAsyncio(
    'test_events.py::test_close',
    'a closed loop refuses call_soon, call_later, call_at and create_task',
    async (log) => {
      const loop = new Loop();
      loop.close();
      function* test(): Coro<void> {}
      const func = (): void => {};
      const calls = [
        () => loop.callSoon(func),
        () => loop.callLater(1, func),
        () => loop.callAt(loop.time(), func),
        () => loop.createTask(test()),
      ];
      for (const call of calls) log.push(await settle(call));
    },
    `
    loop.close()
    async def test():
        pass
    func = lambda: None
    coro = test()
    calls = [lambda: loop.call_soon(func), lambda: loop.call_later(1, func),
             lambda: loop.call_at(loop.time(), func), lambda: loop.create_task(coro)]
    log.extend(settle(call) for call in calls)
    coro.close()
    `,
  );

  itPortsAsyncio(
    'test_events.py::test_close_running_event_loop',
    'close() of the running loop is refused; the loop goes on',
    async (log) => {
      const loop = new Loop();
      function* closeLoop(): Coro<string> {
        log.push(settleNow(() => loop.close()));
        yield* sleep(0);
        return `closed=${loop.isClosed()}`;
      }
      log.push(await loop.runUntilComplete(closeLoop()));
    },
    `
    async def close_loop():
        log.append(settle(loop.close))
        await asyncio.sleep(0)
        return f"closed={tf(loop.is_closed())}"
    log.append(loop.run_until_complete(close_loop()))
    `,
  );
});
