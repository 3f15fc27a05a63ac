/**
 * Differential tests: Queue, Event, Lock and run() of our loop against
 * `asyncio.Queue`, `asyncio.Event`, `asyncio.Lock` and `asyncio.run`. The
 * coroutines print each step they take, so the traces show exactly who runs in
 * which order and when a waiter wakes; callbacks scheduled with `callSoon` pin
 * down ticks. Timer deadlines are at least 60 ms apart (never equal: there our
 * loop is stricter than asyncio). asyncio.run cancels the tasks left over in the
 * order of a Python set, which is arbitrary, so the leftovers here print only
 * after sleeps of different lengths. The run methods are awaited, so that the
 * scenarios serve step 12 on, where they return Promises; the coroutines stay
 * generators, whose ordering step 12 leaves as it was.
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import {
  Event,
  Lock,
  Loop,
  Queue,
  QueueEmpty,
  QueueFull,
  getRunningLoop,
  run,
  sleep,
  type Coro,
} from '#step';

/**
 * The asyncio side: a log and a loop with Python's `tf` (true/false spelled as
 * ours), then `code`, then its main run on the loop, then the log printed.
 */
function py(code: string): string {
  return `import asyncio

log = []
loop = asyncio.new_event_loop()

def tf(b):
    return str(b).lower()
${code}
log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`;
}

describe('queues, events, locks and run() against asyncio', () => {
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
    py(`
async def producer(q):
    for item in ["a", "b", "c", "d"]:
        log.append(f"producer puts {item}")
        await q.put(item)
        log.append(f"producer put {item}, qsize={q.qsize()} full={tf(q.full())}")

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
`),
  );

  itMatchesAsyncio(
    'a getter cancelled after being woken passes the item on to the next getter; ' +
      'several putters wait in line',
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
    py(`
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
    log.append(f"cancel g1, already woken: {tf(g1.cancel())}")
    await asyncio.sleep(0.06)
    log.append(f"g1 cancelled={tf(g1.cancelled())} g2 done={tf(g2.done())} qsize={q.qsize()}")
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
`),
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
    py(`
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
    log.append(f"workers cancelled: {','.join(tf(w.cancelled()) for w in workers)}")
    return "main done"
`),
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
    py(`
event = asyncio.Event()

async def waiter(name):
    log.append(f"{name} waits")
    got = await event.wait()
    log.append(f"{name} woke with {tf(got)}")

async def main():
    tasks = [loop.create_task(waiter(name)) for name in ["w1", "w2", "w3"]]
    await asyncio.sleep(0.06)
    loop.call_soon(lambda: log.append("callback scheduled before set"))
    event.set()
    log.append(f"set: isSet={tf(event.is_set())}")
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
    log.append(f"late done after clear: {tf(late.done())}")
    event.set()
    await late
    return "main done"
`),
  );

  itMatchesAsyncio(
    'a Lock with three contenders: FIFO, one at a time, no jumping the queue, ' +
      'a cancelled waiter hands the lock on',
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
        const coros = [contender('a', 60), contender('b', 0), contender('c', 0)];
        const tasks = coros.map((c) => loop.createTask(c));
        for (const t of tasks) yield* t;
        log.push(`locked after all: ${lock.locked()}`);
        // Just released, the lock is free, but woken d has not run yet:
        // main asks again and waits behind d.
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
    py(`
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
    coros = [contender("a", 60), contender("b", 0), contender("c", 0)]
    tasks = [loop.create_task(c) for c in coros]
    for t in tasks:
        await t
    log.append(f"locked after all: {tf(lock.locked())}")
    await lock.acquire()
    d = loop.create_task(contender("d", 0))
    await asyncio.sleep(0)
    lock.release()
    log.append(f"released; locked={tf(lock.locked())}")
    await lock.acquire()
    log.append("main has the lock again, after d")
    lock.release()
    await d
    await lock.acquire()
    f = loop.create_task(contender("f", 0))
    g = loop.create_task(contender("g", 0))
    await asyncio.sleep(0)
    lock.release()
    log.append(f"cancel f, already woken: {tf(f.cancel())}")
    try:
        await f
    except asyncio.CancelledError:
        log.append(f"f cancelled: {tf(f.cancelled())}")
    await g
    try:
        lock.release()
    except RuntimeError:
        log.append("release of a free lock is an error")
    return "main done"
`),
  );

  itMatchesAsyncio(
    'run(main) cancels the tasks left over, waits for their cleanup, reports a leftover error, ' +
      'and closes its loop',
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
        loop.setExceptionHandler((_loop, context) => {
          log.push(`handler: ${(context.exception as Error).message}`);
        });
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
    loop.set_exception_handler(lambda _, context: log.append(f"handler: {context['exception']}"))
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
});
