/**
 * Differential tests: the scenarios of steps 09 to 11 (gather and wait wake-up
 * order, cancellation, gather cancel, waitFor, Queue, Event, Lock and run()) on
 * our step 14 loop against CPython asyncio. Since step 12 the run methods return
 * Promises and are awaited here; the scenarios keep to generator coroutines,
 * whose ordering is unchanged (native async functions resume in microtasks, see
 * step 12's README). Coroutines print each step they take, and callbacks
 * scheduled with `callSoon` pin down ticks. Timer deadlines are at least 60 ms
 * apart (never equal: there our loop is stricter than asyncio). Two documented
 * differences are mapped away on the Python side: a CancelledError with no
 * message prints as "cancelled", and of a TimeoutError only the name is printed.
 * `wait` returns sets, so their names print sorted. asyncio.run cancels the
 * tasks left over in the order of a Python set, so the leftovers print only
 * after sleeps of different lengths.
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import {
  ALL_COMPLETED,
  type Coro,
  Event,
  FIRST_COMPLETED,
  type Future,
  Lock,
  Loop,
  Queue,
  QueueEmpty,
  QueueFull,
  gather,
  getRunningLoop,
  run,
  sleep,
  wait,
  waitFor,
} from './index.ts';

/** "Name: message" of an error; the same as Python's `show`. */
const show = (e: unknown): string => `${(e as Error).name}: ${(e as Error).message}`;

/** Python's `show`: an empty message (a CancelledError without one) prints as ours does. */
const PY_SHOW = `
def show(e):
    return f"{type(e).__name__}: {str(e) or 'cancelled'}"
`;

/** The names of some futures, sorted: a Set has no order that asyncio would share. */
function sortedNames(futures: Set<Future<unknown>>, names: Map<Future<unknown>, string>): string {
  return [...futures].map((f) => names.get(f) ?? '?').sort().join(',') || '-';
}

/** Python's `sorted_names`, the same helper for the asyncio side. */
const PY_SORTED_NAMES = `
def sorted_names(futures, names):
    return ",".join(sorted(names[f] for f in futures)) or "-"
`;

describe('step 14 against asyncio', () => {
  itMatchesAsyncio(
    'a Queue of maxsize 1 between a producer and a consumer: who waits, who wakes, in which order',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* producer(q: Queue<string>): Coro<void> {
        for (const item of ['a', 'b', 'c', 'd']) {
          log.push(`producer puts ${item}`);
          yield* q.put(item);
          log.push(`producer put ${item}, qsize=${q.qsize()} full=${q.full()}`);
        }
      }
      function* consumer(q: Queue<string>): Coro<void> {
        for (let i = 0; i < 4; i++) {
          log.push('consumer gets');
          const item = yield* q.get();
          log.push(`consumer got ${item}, qsize=${q.qsize()}`);
          if (item === 'b') {
            yield* sleep(0.06);
            log.push('consumer slept 60 ms');
          }
        }
      }
      function* main(): Coro<string> {
        const q = new Queue<string>(1);
        const c = loop.createTask(consumer(q));
        const p = loop.createTask(producer(q));
        yield* c;
        yield* p;
        q.putNowait('x');
        try {
          q.putNowait('y');
        } catch (e) {
          log.push(`putNowait on a full queue: ${e instanceof QueueFull}`);
        }
        log.push(`getNowait: ${q.getNowait()}`);
        try {
          q.getNowait();
        } catch (e) {
          log.push(`getNowait on an empty queue: ${e instanceof QueueEmpty}`);
        }
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def producer(q):
    for item in ["a", "b", "c", "d"]:
        log.append(f"producer puts {item}")
        await q.put(item)
        log.append(f"producer put {item}, qsize={q.qsize()} full={str(q.full()).lower()}")

async def consumer(q):
    for i in range(4):
        log.append("consumer gets")
        item = await q.get()
        log.append(f"consumer got {item}, qsize={q.qsize()}")
        if item == "b":
            await asyncio.sleep(0.06)
            log.append("consumer slept 60 ms")

async def main():
    q = asyncio.Queue(1)
    c = loop.create_task(consumer(q))
    p = loop.create_task(producer(q))
    await c
    await p
    q.put_nowait("x")
    try:
        q.put_nowait("y")
    except asyncio.QueueFull:
        log.append("putNowait on a full queue: true")
    log.append(f"getNowait: {q.get_nowait()}")
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        log.append("getNowait on an empty queue: true")
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'a getter cancelled after being woken passes the item on to the next getter; several putters wait in line',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* getter(q: Queue<string>, name: string): Coro<void> {
        log.push(`${name} waits`);
        try {
          log.push(`${name} got ${yield* q.get()}`);
        } catch (e) {
          log.push(`${name} was cancelled`);
          throw e;
        }
      }
      function* putter(q: Queue<string>, item: string): Coro<void> {
        log.push(`putter ${item} waits`);
        yield* q.put(item);
        log.push(`putter ${item} done`);
      }
      function* main(): Coro<string> {
        const q = new Queue<string>(1);
        const g1 = loop.createTask(getter(q, 'g1'));
        const g2 = loop.createTask(getter(q, 'g2'));
        yield;
        q.putNowait('only item');
        log.push(`cancel g1, already woken: ${g1.cancel()}`);
        yield* sleep(0.06);
        log.push(`g1 cancelled=${g1.cancelled()} g2 done=${g2.done()} qsize=${q.qsize()}`);
        q.putNowait('first');
        const putters = ['p1', 'p2', 'p3'].map((item) => loop.createTask(putter(q, item)));
        yield;
        for (let i = 0; i < 4; i++) {
          log.push(`main takes ${q.getNowait()}`);
          yield;
          yield;
        }
        for (const p of putters) yield* p;
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def getter(q, name):
    log.append(f"{name} waits")
    try:
        log.append(f"{name} got {await q.get()}")
    except asyncio.CancelledError:
        log.append(f"{name} was cancelled")
        raise

async def putter(q, item):
    log.append(f"putter {item} waits")
    await q.put(item)
    log.append(f"putter {item} done")

async def main():
    q = asyncio.Queue(1)
    g1 = loop.create_task(getter(q, "g1"))
    g2 = loop.create_task(getter(q, "g2"))
    await asyncio.sleep(0)
    q.put_nowait("only item")
    log.append(f"cancel g1, already woken: {str(g1.cancel()).lower()}")
    await asyncio.sleep(0.06)
    log.append(f"g1 cancelled={str(g1.cancelled()).lower()} g2 done={str(g2.done()).lower()} qsize={q.qsize()}")
    q.put_nowait("first")
    putters = [loop.create_task(putter(q, item)) for item in ["p1", "p2", "p3"]]
    await asyncio.sleep(0)
    for i in range(4):
        log.append(f"main takes {q.get_nowait()}")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    for p in putters:
        await p
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'Queue join() waits until taskDone() was called for every item',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* worker(q: Queue<number>, name: string): Coro<void> {
        for (;;) {
          const job = yield* q.get();
          log.push(`${name} starts job ${job}`);
          yield* sleep(job / 1000);
          log.push(`${name} finished job ${job}`);
          q.taskDone();
        }
      }
      function* main(): Coro<string> {
        const q = new Queue<number>();
        loop.callSoon(() => log.push('callback scheduled before join on an empty queue'));
        yield* q.join();
        log.push('join on a queue with nothing put returns at once');
        for (const job of [240, 60, 120]) q.putNowait(job);
        const workers = [loop.createTask(worker(q, 'w1')), loop.createTask(worker(q, 'w2'))];
        log.push('main joins');
        yield* q.join();
        log.push(`join returned, qsize=${q.qsize()}`);
        for (const w of workers) w.cancel();
        try {
          q.taskDone();
        } catch {
          log.push('taskDone once too often is an error');
        }
        yield;
        log.push(`workers cancelled: ${workers.map((w) => w.cancelled()).join(',')}`);
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def worker(q, name):
    while True:
        job = await q.get()
        log.append(f"{name} starts job {job}")
        await asyncio.sleep(job / 1000)
        log.append(f"{name} finished job {job}")
        q.task_done()

async def main():
    q = asyncio.Queue()
    loop.call_soon(lambda: log.append("callback scheduled before join on an empty queue"))
    await q.join()
    log.append("join on a queue with nothing put returns at once")
    for job in [240, 60, 120]:
        q.put_nowait(job)
    workers = [loop.create_task(worker(q, "w1")), loop.create_task(worker(q, "w2"))]
    log.append("main joins")
    await q.join()
    log.append(f"join returned, qsize={q.qsize()}")
    for w in workers:
        w.cancel()
    try:
        q.task_done()
    except ValueError:
        log.append("taskDone once too often is an error")
    await asyncio.sleep(0)
    log.append(f"workers cancelled: {','.join(str(w.cancelled()).lower() for w in workers)}")
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'an Event wakes all its waiters in the order they came; clear() makes later waiters wait again',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const event = new Event(); // made before any loop runs
      function* waiter(name: string): Coro<void> {
        log.push(`${name} waits`);
        const got = yield* event.wait();
        log.push(`${name} woke with ${got}`);
      }
      function* main(): Coro<string> {
        const tasks = ['w1', 'w2', 'w3'].map((name) => loop.createTask(waiter(name)));
        yield* sleep(0.06);
        loop.callSoon(() => log.push('callback scheduled before set'));
        event.set();
        log.push(`set: isSet=${event.isSet()}`);
        loop.callSoon(() => log.push('callback scheduled after set'));
        event.set();
        for (const t of tasks) yield* t;
        loop.callSoon(() => log.push('callback scheduled before waiting on a set event'));
        yield* event.wait();
        log.push('wait on a set event returns at once');
        event.clear();
        const late = loop.createTask(waiter('late'));
        yield* sleep(0.06);
        log.push(`late done after clear: ${late.done()}`);
        event.set();
        yield* late;
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
event = asyncio.Event()

async def waiter(name):
    log.append(f"{name} waits")
    got = await event.wait()
    log.append(f"{name} woke with {str(got).lower()}")

async def main():
    tasks = [loop.create_task(waiter(name)) for name in ["w1", "w2", "w3"]]
    await asyncio.sleep(0.06)
    loop.call_soon(lambda: log.append("callback scheduled before set"))
    event.set()
    log.append(f"set: isSet={str(event.is_set()).lower()}")
    loop.call_soon(lambda: log.append("callback scheduled after set"))
    event.set()
    for t in tasks:
        await t
    loop.call_soon(lambda: log.append("callback scheduled before waiting on a set event"))
    await event.wait()
    log.append("wait on a set event returns at once")
    event.clear()
    late = loop.create_task(waiter("late"))
    await asyncio.sleep(0.06)
    log.append(f"late done after clear: {str(late.done()).lower()}")
    event.set()
    await late
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'a Lock with three contenders: FIFO, one at a time, no jumping the queue, a cancelled waiter hands the lock on',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const lock = new Lock();
      function* contender(name: string, holdMs: number): Coro<void> {
        log.push(`${name} wants the lock`);
        yield* lock.acquire();
        try {
          log.push(`${name} in`);
          if (holdMs > 0) yield* sleep(holdMs / 1000);
          else yield;
        } finally {
          log.push(`${name} out`);
          lock.release();
        }
      }
      function* main(): Coro<string> {
        const tasks = [loop.createTask(contender('a', 60)), loop.createTask(contender('b', 0)), loop.createTask(contender('c', 0))];
        for (const t of tasks) yield* t;
        log.push(`locked after all: ${lock.locked()}`);
        // Just released, the lock is free, but woken d has not run yet: main asks again and waits behind d.
        yield* lock.acquire();
        const d = loop.createTask(contender('d', 0));
        yield;
        lock.release();
        log.push(`released; locked=${lock.locked()}`);
        yield* lock.acquire();
        log.push('main has the lock again, after d');
        lock.release();
        yield* d;
        // A waiter cancelled just after being woken passes the lock on.
        yield* lock.acquire();
        const f = loop.createTask(contender('f', 0));
        const g = loop.createTask(contender('g', 0));
        yield;
        lock.release();
        log.push(`cancel f, already woken: ${f.cancel()}`);
        try {
          yield* f;
        } catch {
          log.push(`f cancelled: ${f.cancelled()}`);
        }
        yield* g;
        try {
          lock.release();
        } catch {
          log.push('release of a free lock is an error');
        }
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
lock = asyncio.Lock()

async def contender(name, hold_ms):
    log.append(f"{name} wants the lock")
    await lock.acquire()
    try:
        log.append(f"{name} in")
        await asyncio.sleep(hold_ms / 1000)
    finally:
        log.append(f"{name} out")
        lock.release()

async def main():
    tasks = [loop.create_task(contender("a", 60)), loop.create_task(contender("b", 0)), loop.create_task(contender("c", 0))]
    for t in tasks:
        await t
    log.append(f"locked after all: {str(lock.locked()).lower()}")
    await lock.acquire()
    d = loop.create_task(contender("d", 0))
    await asyncio.sleep(0)
    lock.release()
    log.append(f"released; locked={str(lock.locked()).lower()}")
    await lock.acquire()
    log.append("main has the lock again, after d")
    lock.release()
    await d
    await lock.acquire()
    f = loop.create_task(contender("f", 0))
    g = loop.create_task(contender("g", 0))
    await asyncio.sleep(0)
    lock.release()
    log.append(f"cancel f, already woken: {str(f.cancel()).lower()}")
    try:
        await f
    except asyncio.CancelledError:
        log.append(f"f cancelled: {str(f.cancelled()).lower()}")
    await g
    try:
        lock.release()
    except RuntimeError:
        log.append("release of a free lock is an error")
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'run(main) cancels the tasks left over, waits for their cleanup, reports a leftover error, and closes its loop',
    async () => {
      const log: string[] = [];
      let loop: Loop | undefined;
      function* leftover(name: string, cleanupMs: number): Coro<void> {
        try {
          yield* sleep(10);
        } finally {
          yield* sleep(cleanupMs / 1000);
          log.push(`${name} cleaned up after ${cleanupMs} ms`);
        }
      }
      function* faulty(): Coro<void> {
        try {
          yield* sleep(10);
        } catch {
          yield* sleep(0.18);
          log.push('faulty throws during its cleanup');
          throw new Error('cleanup went wrong');
        }
      }
      function* main(): Coro<string> {
        loop = getRunningLoop();
        loop.setExceptionHandler((_loop, context) => log.push(`handler: ${(context.exception as Error).message}`));
        loop.createTask(leftover('slow', 120));
        loop.createTask(leftover('quick', 60));
        loop.createTask(faulty());
        yield* sleep(0.06);
        log.push(`main returns with ${loop.allTasks().length} tasks not done, main included`);
        return 'main result';
      }
      log.push(`run returned: ${await run(main())}`);
      log.push(`loop closed: ${loop?.isClosed()}`);
      return log;
    },
    `
import asyncio

log = []
loop = None

async def leftover(name, cleanup_ms):
    try:
        await asyncio.sleep(10)
    finally:
        await asyncio.sleep(cleanup_ms / 1000)
        log.append(f"{name} cleaned up after {cleanup_ms} ms")

async def faulty():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        await asyncio.sleep(0.18)
        log.append("faulty throws during its cleanup")
        raise Exception("cleanup went wrong")

async def main():
    global loop
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _loop, context: log.append(f"handler: {context['exception']}"))
    loop.create_task(leftover("slow", 120))
    loop.create_task(leftover("quick", 60))
    loop.create_task(faulty())
    await asyncio.sleep(0.06)
    log.append(f"main returns with {len(asyncio.all_tasks())} tasks not done, main included")
    return "main result"

log.append(f"run returned: {asyncio.run(main())}")
log.append(f"loop closed: {str(loop.is_closed()).lower()}")
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'cancel a sleeping task: the error reaches its catch and finally a tick later; every waiter gets it',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* sleeper(): Coro<string> {
        log.push('sleeper starts');
        try {
          yield* sleep(10);
          return 'woke';
        } catch (e) {
          log.push(`sleeper caught ${show(e)}`);
          loop.callSoon(() => log.push('callback scheduled in the catch'));
          throw e;
        } finally {
          log.push('sleeper finally');
        }
      }
      function* watcher(t: Future<string>): Coro<void> {
        log.push('watcher waits for the sleeper');
        try {
          yield* t;
        } catch (e) {
          log.push(`watcher got ${show(e)}`);
        }
      }
      function* main(): Coro<string> {
        const t = loop.createTask(sleeper());
        const w = loop.createTask(watcher(t));
        yield* sleep(0.06);
        loop.callSoon(() => log.push('callback scheduled before cancel'));
        log.push(`cancel returns ${t.cancel('stop now')}`);
        log.push(`right after cancel: done=${t.done()} cancelled=${t.cancelled()}`);
        loop.callSoon(() => log.push('callback scheduled after cancel'));
        try {
          yield* t;
        } catch (e) {
          log.push(`main got ${(e as Error).name}`);
        }
        yield* w;
        log.push(`now cancelled=${t.cancelled()}; cancel again returns ${t.cancel()}`);
        return 'main done';
      }
      const start = loop.time();
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      log.push(`the 10 s sleep did not hold the loop: ${loop.time() - start < 5}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
${PY_SHOW}
async def sleeper():
    log.append("sleeper starts")
    try:
        await asyncio.sleep(10)
        return "woke"
    except asyncio.CancelledError as e:
        log.append(f"sleeper caught {show(e)}")
        loop.call_soon(lambda: log.append("callback scheduled in the catch"))
        raise
    finally:
        log.append("sleeper finally")

async def watcher(t):
    log.append("watcher waits for the sleeper")
    try:
        await t
    except asyncio.CancelledError as e:
        log.append(f"watcher got {show(e)}")

async def main():
    t = loop.create_task(sleeper())
    w = loop.create_task(watcher(t))
    await asyncio.sleep(0.06)
    loop.call_soon(lambda: log.append("callback scheduled before cancel"))
    log.append(f"cancel returns {str(t.cancel('stop now')).lower()}")
    log.append(f"right after cancel: done={str(t.done()).lower()} cancelled={str(t.cancelled()).lower()}")
    loop.call_soon(lambda: log.append("callback scheduled after cancel"))
    try:
        await t
    except asyncio.CancelledError as e:
        log.append(f"main got {type(e).__name__}")
    await w
    log.append(f"now cancelled={str(t.cancelled()).lower()}; cancel again returns {str(t.cancel()).lower()}")
    return "main done"

start = loop.time()
log.append(f"returned: {loop.run_until_complete(main())}")
log.append(f"the 10 s sleep did not hold the loop: {str(loop.time() - start < 5).lower()}")
loop.close()
print("\\n".join(log))
`,
  );


  itMatchesAsyncio(
    'cancelling a gather cancels its children: their cleanup order, when the gather fails, and with returnExceptions',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* child(name: string, cleanupMs: number): Coro<string> {
        log.push(`${name} starts`);
        try {
          yield* sleep(10);
          return name;
        } finally {
          log.push(`${name} cleanup starts`);
          if (cleanupMs > 0) yield* sleep(cleanupMs / 1000);
          log.push(`${name} cleanup ends`);
        }
      }
      function* quick(): Coro<string> {
        log.push('quick returns');
        return 'quick';
      }
      function* main(): Coro<string> {
        const g = gather(child('a', 0), child('b', 120), quick(), child('c', 0));
        yield* sleep(0.06);
        log.push(`cancel returns ${g.cancel()}`);
        try {
          yield* g;
        } catch (e) {
          log.push(`main got ${(e as Error).name} from the gather`);
        }
        log.push(`gather done=${g.done()} cancelled=${g.cancelled()}; cancel again returns ${g.cancel()}`);
        yield* sleep(0.24);
        log.push('main slept past the slow cleanup');
        const h = gather(child('x', 0), child('y', 120), { returnExceptions: true });
        yield* sleep(0.06);
        log.push(`cancel of the returnExceptions gather returns ${h.cancel()}`);
        try {
          yield* h;
        } catch (e) {
          log.push(`main got ${(e as Error).name} once every child is done`);
        }
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def child(name, cleanup_ms):
    log.append(f"{name} starts")
    try:
        await asyncio.sleep(10)
        return name
    finally:
        log.append(f"{name} cleanup starts")
        if cleanup_ms > 0:
            await asyncio.sleep(cleanup_ms / 1000)
        log.append(f"{name} cleanup ends")

async def quick():
    log.append("quick returns")
    return "quick"

async def main():
    g = asyncio.gather(child("a", 0), child("b", 120), quick(), child("c", 0))
    await asyncio.sleep(0.06)
    log.append(f"cancel returns {str(g.cancel()).lower()}")
    try:
        await g
    except asyncio.CancelledError as e:
        log.append(f"main got {type(e).__name__} from the gather")
    log.append(f"gather done={str(g.done()).lower()} cancelled={str(g.cancelled()).lower()}; cancel again returns {str(g.cancel()).lower()}")
    await asyncio.sleep(0.24)
    log.append("main slept past the slow cleanup")
    h = asyncio.gather(child("x", 0), child("y", 120), return_exceptions=True)
    await asyncio.sleep(0.06)
    log.append(f"cancel of the returnExceptions gather returns {str(h.cancel()).lower()}")
    try:
        await h
    except asyncio.CancelledError as e:
        log.append(f"main got {type(e).__name__} once every child is done")
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );


  itMatchesAsyncio(
    'waitFor: in time it returns the result; on timeout it cancels the work, waits for a cleanup that sleeps, then throws TimeoutError',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* work(name: string, ms: number, cleanupMs: number): Coro<string> {
        log.push(`${name} starts`);
        try {
          yield* sleep(ms / 1000);
          log.push(`${name} finishes`);
          return `${name} result`;
        } catch (e) {
          log.push(`${name} caught ${show(e)}`);
          throw e;
        } finally {
          log.push(`${name} cleanup starts`);
          yield* sleep(cleanupMs / 1000);
          log.push(`${name} cleanup ends`);
        }
      }
      function* main(): Coro<string> {
        log.push(`in time: ${yield* waitFor(work('quick', 60, 60), 1)}`);
        loop.callLater(0.18, () => log.push('timer at 180 ms, during the cleanup'));
        try {
          yield* waitFor(work('slow', 10_000, 120), 0.12);
          log.push('main: not reached');
        } catch (e) {
          log.push(`main got ${(e as Error).name}`);
        }
        const ready = loop.createFuture<string>();
        ready.setResult('already there');
        log.push(`a done future: ${yield* waitFor(ready, 0.06)}`);
        return 'main done';
      }
      const start = loop.time();
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      log.push(`the 1 s and 10 s limits did not hold the loop: ${loop.time() - start < 0.9}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
${PY_SHOW}
async def work(name, ms, cleanup_ms):
    log.append(f"{name} starts")
    try:
        await asyncio.sleep(ms / 1000)
        log.append(f"{name} finishes")
        return f"{name} result"
    except asyncio.CancelledError as e:
        log.append(f"{name} caught {show(e)}")
        raise
    finally:
        log.append(f"{name} cleanup starts")
        await asyncio.sleep(cleanup_ms / 1000)
        log.append(f"{name} cleanup ends")

async def main():
    log.append(f"in time: {await asyncio.wait_for(work('quick', 60, 60), 1)}")
    loop.call_later(0.18, lambda: log.append("timer at 180 ms, during the cleanup"))
    try:
        await asyncio.wait_for(work("slow", 10_000, 120), 0.12)
        log.append("main: not reached")
    except asyncio.TimeoutError as e:
        log.append(f"main got {type(e).__name__}")
    ready = loop.create_future()
    ready.set_result("already there")
    log.append(f"a done future: {await asyncio.wait_for(ready, 0.06)}")
    return "main done"

start = loop.time()
log.append(f"returned: {loop.run_until_complete(main())}")
log.append(f"the 1 s and 10 s limits did not hold the loop: {str(loop.time() - start < 0.9).lower()}")
loop.close()
print("\\n".join(log))
`,
  );


  itMatchesAsyncio(
    'gather: results in argument order; children start on the next tick, the gatherer wakes two ticks after the last one',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* child(name: string, ms: number): Coro<string> {
        log.push(`${name} starts`);
        yield* sleep(ms / 1000);
        log.push(`${name} finishes`);
        loop.callSoon(() => log.push(`callback scheduled as ${name} returns`));
        return name.toUpperCase();
      }
      function* quick(): Coro<string> {
        log.push('quick returns without waiting');
        return 'QUICK';
      }
      function* observer(t: Future<string>): Coro<void> {
        log.push('observer waits for t');
        const v = yield* t;
        log.push(`observer got ${v}`);
      }
      function* main(): Coro<string> {
        const ready = loop.createFuture<string>();
        ready.setResult('READY');
        const t = loop.createTask(child('t', 120));
        const o = loop.createTask(observer(t));
        log.push('main calls gather');
        const g = gather(child('a', 360), t, quick(), ready, child('b', 240), t);
        loop.callSoon(() => log.push('callback scheduled right after gather'));
        g.addDoneCallback(() => log.push('done callback of the gather'));
        const results = yield* g;
        log.push(`main got ${results.join(',')}`);
        loop.callSoon(() => log.push('callback scheduled before an empty gather'));
        const none = yield* gather();
        log.push(`empty gather gave ${none.length} results at once`);
        yield* o;
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def child(name, ms):
    log.append(f"{name} starts")
    await asyncio.sleep(ms / 1000)
    log.append(f"{name} finishes")
    loop.call_soon(lambda: log.append(f"callback scheduled as {name} returns"))
    return name.upper()

async def quick():
    log.append("quick returns without waiting")
    return "QUICK"

async def observer(t):
    log.append("observer waits for t")
    v = await t
    log.append(f"observer got {v}")

async def main():
    ready = loop.create_future()
    ready.set_result("READY")
    t = loop.create_task(child("t", 120))
    o = loop.create_task(observer(t))
    log.append("main calls gather")
    g = asyncio.gather(child("a", 360), t, quick(), ready, child("b", 240), t)
    loop.call_soon(lambda: log.append("callback scheduled right after gather"))
    g.add_done_callback(lambda _: log.append("done callback of the gather"))
    results = await g
    log.append(f"main got {','.join(results)}")
    loop.call_soon(lambda: log.append("callback scheduled before an empty gather"))
    none = await asyncio.gather()
    log.append(f"empty gather gave {len(none)} results at once")
    await o
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );


  itMatchesAsyncio(
    'wait FIRST_COMPLETED then ALL_COMPLETED: the done and pending sets, and when the waiter wakes',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const names = new Map<Future<unknown>, string>();
      function* worker(name: string, ms: number): Coro<string> {
        log.push(`${name} starts`);
        yield* sleep(ms / 1000);
        log.push(`${name} finishes`);
        loop.callSoon(() => log.push(`callback scheduled as ${name} returns`));
        return name;
      }
      function* main(): Coro<string> {
        const tasks = [loop.createTask(worker('a', 360)), loop.createTask(worker('b', 120)), loop.createTask(worker('c', 240))];
        tasks.forEach((t, i) => names.set(t, 'abc'[i]!));
        loop.callSoon(() => log.push('callback scheduled before wait'));
        const first = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
        log.push(`FIRST_COMPLETED: done=${sortedNames(first.done, names)} pending=${sortedNames(first.pending, names)}`);
        const rest = yield* wait(first.pending, { returnWhen: ALL_COMPLETED });
        log.push(`ALL_COMPLETED: done=${sortedNames(rest.done, names)} pending=${sortedNames(rest.pending, names)}`);
        loop.callSoon(() => log.push('callback scheduled before waiting on done tasks'));
        const again = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
        log.push(`on done tasks: done=${sortedNames(again.done, names)} pending=${sortedNames(again.pending, names)}`);
        return tasks.map((t) => t.result()).join(',');
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
names = {}
${PY_SORTED_NAMES}
async def worker(name, ms):
    log.append(f"{name} starts")
    await asyncio.sleep(ms / 1000)
    log.append(f"{name} finishes")
    loop.call_soon(lambda: log.append(f"callback scheduled as {name} returns"))
    return name

async def main():
    tasks = [loop.create_task(worker("a", 360)), loop.create_task(worker("b", 120)), loop.create_task(worker("c", 240))]
    for i, t in enumerate(tasks):
        names[t] = "abc"[i]
    loop.call_soon(lambda: log.append("callback scheduled before wait"))
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    log.append(f"FIRST_COMPLETED: done={sorted_names(done, names)} pending={sorted_names(pending, names)}")
    done2, pending2 = await asyncio.wait(pending, return_when=asyncio.ALL_COMPLETED)
    log.append(f"ALL_COMPLETED: done={sorted_names(done2, names)} pending={sorted_names(pending2, names)}")
    loop.call_soon(lambda: log.append("callback scheduled before waiting on done tasks"))
    done3, pending3 = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    log.append(f"on done tasks: done={sorted_names(done3, names)} pending={sorted_names(pending3, names)}")
    return ",".join(t.result() for t in tasks)

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );


  itMatchesAsyncio(
    'the waiting coroutine wakes a tick after tasks that await the same task directly, together with a gatherer',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* worker(): Coro<string> {
        log.push('worker starts');
        yield* sleep(0.12);
        log.push('worker finishes');
        return 'w';
      }
      function* direct(name: string, t: Future<string>): Coro<void> {
        log.push(`${name} awaits the worker`);
        const v = yield* t;
        log.push(`${name} wakes with ${v}`);
        loop.callSoon(() => log.push(`callback scheduled by ${name}`));
        yield* sleep(0);
        log.push(`${name} after sleep(0)`);
      }
      function* gatherer(t: Future<string>): Coro<void> {
        log.push('gatherer gathers the worker');
        const [v] = yield* gather(t);
        log.push(`gatherer wakes with ${v}`);
      }
      function* main(): Coro<string> {
        const w = loop.createTask(worker());
        const x = loop.createTask(direct('X', w));
        log.push('main waits on the worker');
        const waiting = loop.createTask(
          (function* (): Coro<string> {
            log.push('waiter calls wait');
            const { done } = yield* wait([w], { returnWhen: FIRST_COMPLETED });
            log.push(`waiter wakes, ${done.size} done`);
            return 'waiter done';
          })(),
        );
        const g = loop.createTask(gatherer(w));
        const y = loop.createTask(direct('Y', w));
        w.addDoneCallback(() => log.push('plain done callback of the worker'));
        const { done, pending } = yield* wait([w]);
        log.push(`main wakes: ${done.size} done, ${pending.size} pending`);
        yield* waiting;
        yield* g;
        yield* x;
        yield* y;
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def worker():
    log.append("worker starts")
    await asyncio.sleep(0.12)
    log.append("worker finishes")
    return "w"

async def direct(name, t):
    log.append(f"{name} awaits the worker")
    v = await t
    log.append(f"{name} wakes with {v}")
    loop.call_soon(lambda: log.append(f"callback scheduled by {name}"))
    await asyncio.sleep(0)
    log.append(f"{name} after sleep(0)")

async def gatherer(t):
    log.append("gatherer gathers the worker")
    [v] = await asyncio.gather(t)
    log.append(f"gatherer wakes with {v}")

async def main():
    w = loop.create_task(worker())
    x = loop.create_task(direct("X", w))
    log.append("main waits on the worker")
    async def waiter():
        log.append("waiter calls wait")
        done, _ = await asyncio.wait([w], return_when=asyncio.FIRST_COMPLETED)
        log.append(f"waiter wakes, {len(done)} done")
        return "waiter done"
    waiting = loop.create_task(waiter())
    g = loop.create_task(gatherer(w))
    y = loop.create_task(direct("Y", w))
    w.add_done_callback(lambda _: log.append("plain done callback of the worker"))
    done, pending = await asyncio.wait([w])
    log.append(f"main wakes: {len(done)} done, {len(pending)} pending")
    await waiting
    await g
    await x
    await y
    return "main done"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );
});
