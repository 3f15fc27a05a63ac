/**
 * Differential tests: `gather` and `wait` of our loop against `asyncio.gather`
 * and `asyncio.wait`. Children and the waiting coroutine print trace lines, and
 * callbacks scheduled with `callSoon` at chosen points pin down the tick in which
 * each of them wakes. `wait` returns sets, which have no order, so the names in
 * `done` and `pending` are printed sorted. Like asyncio 3.11, our `wait` takes
 * tasks, not coroutines. Timer deadlines are at least 60 ms apart (never equal:
 * there our loop is stricter than asyncio). The run methods are awaited, so that
 * the scenarios serve step 12 on, where they return Promises; the coroutines stay
 * generators, whose ordering step 12 leaves as it was.
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Loop,
  gather,
  sleep,
  wait,
  type Coro,
  type Future,
  type WaitResult,
} from '#step';

const message = (e: unknown): string => (e as Error).message;

/** The name each future goes by in a trace. */
const names = new WeakMap<Future<unknown>, string>();

/** "done=… pending=…" of a wait result, sorted: a Set has no order that asyncio would share. */
function split(r: WaitResult<unknown>): string {
  const sorted = (fs: Set<Future<unknown>>): string =>
    [...fs].map((f) => names.get(f) ?? '?').sort().join(',') || '-';
  return `done=${sorted(r.done)} pending=${sorted(r.pending)}`;
}

/** How a Python program runs its main, unless told otherwise. */
const PY_RUN = 'log.append(f"returned: {loop.run_until_complete(main())}")';

/**
 * The asyncio side: a log, a loop and `names` with Python's `split` and `tf`
 * (true/false spelled as ours), then `code`, then `run`, which runs main on the
 * loop, then the log printed.
 */
function py(code: string, run = PY_RUN): string {
  return `import asyncio

log = []
loop = asyncio.new_event_loop()
names = {}

def split(r):
    sort = lambda fs: ",".join(sorted(names[f] for f in fs)) or "-"
    return f"done={sort(r[0])} pending={sort(r[1])}"

def tf(b):
    return str(b).lower()
${code}
${run}
loop.close()
print("\\n".join(log))
`;
}

describe('gather and wait against asyncio', () => {
  itMatchesAsyncio(
    'gather: results in argument order; children start on the next tick, ' +
      'the gatherer wakes two ticks after the last one',
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
    py(`
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
`),
  );

  itMatchesAsyncio(
    'gather: the first failure fails it at once, the other children keep running ' +
      'and a later failure is not reported',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* slow(name: string, ms: number): Coro<string> {
        log.push(`${name} starts`);
        yield* sleep(ms / 1000);
        log.push(`${name} finishes`);
        return name;
      }
      function* failer(name: string, ms: number): Coro<string> {
        log.push(`${name} starts`);
        yield* sleep(ms / 1000);
        log.push(`${name} throws`);
        loop.callSoon(() => log.push(`callback scheduled as ${name} throws`));
        throw new Error(`${name} failed`);
      }
      function* main(): Coro<string> {
        const g = gather(slow('s1', 360), failer('f1', 120), failer('f2', 240), slow('s2', 480));
        try {
          yield* g;
          log.push('main: not reached');
        } catch (e) {
          log.push(`main caught: ${message(e)}`);
        }
        log.push(`gather done: ${g.done()}; main sleeps`);
        yield* sleep(0.6);
        log.push('main wakes');
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    py(`
async def slow(name, ms):
    log.append(f"{name} starts")
    await asyncio.sleep(ms / 1000)
    log.append(f"{name} finishes")
    return name

async def failer(name, ms):
    log.append(f"{name} starts")
    await asyncio.sleep(ms / 1000)
    log.append(f"{name} throws")
    loop.call_soon(lambda: log.append(f"callback scheduled as {name} throws"))
    raise ValueError(f"{name} failed")

async def main():
    g = asyncio.gather(slow("s1", 360), failer("f1", 120), failer("f2", 240), slow("s2", 480))
    try:
        await g
        log.append("main: not reached")
    except ValueError as e:
        log.append(f"main caught: {e}")
    log.append(f"gather done: {tf(g.done())}; main sleeps")
    await asyncio.sleep(0.6)
    log.append("main wakes")
    return "main done"
`),
  );

  itMatchesAsyncio(
    'gather with return_exceptions: errors take their places in the results; gathers nest',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* ok(name: string, ms: number): Coro<string> {
        yield* sleep(ms / 1000);
        log.push(`${name} finishes`);
        return name;
      }
      function* bad(name: string, ms: number): Coro<string> {
        if (ms > 0) yield* sleep(ms / 1000);
        log.push(`${name} throws`);
        throw new Error(`${name} failed`);
      }
      const show = (r: unknown): string => (r instanceof Error ? `error(${r.message})` : String(r));
      function* main(): Coro<string> {
        const results = yield* gather(ok('a', 240), bad('b', 120), ok('c', 0), bad('d', 0), {
          returnExceptions: true,
        });
        log.push(`main got ${results.map(show).join(' ')}`);
        const inner = gather(ok('x', 180), bad('y', 60), { returnExceptions: true });
        const nested = yield* gather(inner, ok('z', 120));
        log.push(`nested: ${nested[0].map(show).join(' ')} | ${nested[1]}`);
        try {
          yield* gather(gather(bad('p', 60), ok('q', 180)), ok('r', 120));
        } catch (e) {
          log.push(`the failure of an inner gather fails the outer one: ${message(e)}`);
        }
        yield* sleep(0.24);
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    py(`
async def ok(name, ms):
    await asyncio.sleep(ms / 1000)
    log.append(f"{name} finishes")
    return name

async def bad(name, ms):
    if ms > 0:
        await asyncio.sleep(ms / 1000)
    log.append(f"{name} throws")
    raise ValueError(f"{name} failed")

def show(r):
    return f"error({r})" if isinstance(r, Exception) else str(r)

async def main():
    results = await asyncio.gather(
        ok("a", 240), bad("b", 120), ok("c", 0), bad("d", 0), return_exceptions=True
    )
    log.append(f"main got {' '.join(show(r) for r in results)}")
    inner = asyncio.gather(ok("x", 180), bad("y", 60), return_exceptions=True)
    nested = await asyncio.gather(inner, ok("z", 120))
    log.append(f"nested: {' '.join(show(r) for r in nested[0])} | {nested[1]}")
    try:
        await asyncio.gather(asyncio.gather(bad("p", 60), ok("q", 180)), ok("r", 120))
    except ValueError as e:
        log.append(f"the failure of an inner gather fails the outer one: {e}")
    await asyncio.sleep(0.24)
    return "main done"
`),
  );

  itMatchesAsyncio(
    'wait FIRST_COMPLETED then ALL_COMPLETED: the done and pending sets, and when the waiter wakes',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* worker(name: string, ms: number): Coro<string> {
        log.push(`${name} starts`);
        yield* sleep(ms / 1000);
        log.push(`${name} finishes`);
        loop.callSoon(() => log.push(`callback scheduled as ${name} returns`));
        return name;
      }
      function* main(): Coro<string> {
        const coros = [worker('a', 360), worker('b', 120), worker('c', 240)];
        const tasks = coros.map((c) => loop.createTask(c));
        tasks.forEach((t, i) => names.set(t, 'abc'[i]!));
        loop.callSoon(() => log.push('callback scheduled before wait'));
        const first = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
        log.push(`FIRST_COMPLETED: ${split(first)}`);
        const rest = yield* wait(first.pending, { returnWhen: ALL_COMPLETED });
        log.push(`ALL_COMPLETED: ${split(rest)}`);
        loop.callSoon(() => log.push('callback scheduled before waiting on done tasks'));
        const again = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
        log.push(`on done tasks: ${split(again)}`);
        return tasks.map((t) => t.result()).join(',');
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    py(`
async def worker(name, ms):
    log.append(f"{name} starts")
    await asyncio.sleep(ms / 1000)
    log.append(f"{name} finishes")
    loop.call_soon(lambda: log.append(f"callback scheduled as {name} returns"))
    return name

async def main():
    tasks = [loop.create_task(c) for c in [worker("a", 360), worker("b", 120), worker("c", 240)]]
    for i, t in enumerate(tasks):
        names[t] = "abc"[i]
    loop.call_soon(lambda: log.append("callback scheduled before wait"))
    first = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    log.append(f"FIRST_COMPLETED: {split(first)}")
    rest = await asyncio.wait(first[1], return_when=asyncio.ALL_COMPLETED)
    log.append(f"ALL_COMPLETED: {split(rest)}")
    loop.call_soon(lambda: log.append("callback scheduled before waiting on done tasks"))
    again = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    log.append(f"on done tasks: {split(again)}")
    return ",".join(t.result() for t in tasks)
`),
  );

  itMatchesAsyncio(
    'wait FIRST_EXCEPTION: returns at the first failure; with no failure it waits for all',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* worker(name: string, ms: number, fails = false): Coro<string> {
        yield* sleep(ms / 1000);
        log.push(`${name} ${fails ? 'throws' : 'finishes'}`);
        if (fails) throw new Error(`${name} failed`);
        return name;
      }
      const named = (name: string, ms: number, fails = false): Future<string> => {
        const t = loop.createTask(worker(name, ms, fails));
        names.set(t, name);
        return t;
      };
      function* main(): Coro<string> {
        const [ok1, bad, ok2] = [named('ok1', 120), named('bad', 240, true), named('ok2', 360)];
        const r = yield* wait([ok1, bad, ok2], { returnWhen: FIRST_EXCEPTION });
        log.push(`FIRST_EXCEPTION: ${split(r)}`);
        log.push(`bad's error: ${message(bad.exception())}`);
        const [good1, good2] = [named('good1', 180), named('good2', 300)];
        const all = yield* wait(new Set([good1, good2, ok2]), { returnWhen: FIRST_EXCEPTION });
        log.push(`no failure: ${split(all)}`);
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    py(`
async def worker(name, ms, fails=False):
    await asyncio.sleep(ms / 1000)
    log.append(f"{name} {'throws' if fails else 'finishes'}")
    if fails:
        raise ValueError(f"{name} failed")
    return name

def named(name, ms, fails=False):
    t = loop.create_task(worker(name, ms, fails))
    names[t] = name
    return t

async def main():
    ok1, bad, ok2 = named("ok1", 120), named("bad", 240, True), named("ok2", 360)
    r = await asyncio.wait([ok1, bad, ok2], return_when=asyncio.FIRST_EXCEPTION)
    log.append(f"FIRST_EXCEPTION: {split(r)}")
    log.append(f"bad's error: {bad.exception()}")
    good1, good2 = named("good1", 180), named("good2", 300)
    r = await asyncio.wait({good1, good2, ok2}, return_when=asyncio.FIRST_EXCEPTION)
    log.append(f"no failure: {split(r)}")
    return "main done"
`),
  );

  itMatchesAsyncio(
    'wait with a timeout: returns what is done when time is up, throws nothing; ' +
      'a met condition beats the timeout',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* worker(name: string, ms: number): Coro<string> {
        yield* sleep(ms / 1000);
        log.push(`${name} finishes`);
        return name;
      }
      function* main(): Coro<string> {
        const a = loop.createTask(worker('a', 120));
        const b = loop.createTask(worker('b', 480));
        names.set(a, 'a').set(b, 'b');
        loop.callLater(0.3, () => log.push('timer 300 ms'));
        log.push(`timeout 240 ms: ${split(yield* wait([a, b], { timeout: 0.24 }))}`);
        const r2 = yield* wait([b], { timeout: 0.12, returnWhen: FIRST_COMPLETED });
        log.push(`timeout 120 ms more: ${split(r2)}`);
        log.push(`timeout 2 s: ${split(yield* wait([b], { timeout: 2 }))}`);
        log.push(`timeout 0 on done tasks: ${split(yield* wait([a, b], { timeout: 0 }))}`);
        return 'main done';
      }
      const start = loop.time();
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      log.push(`the 2 s timer did not hold the loop: ${loop.time() - start < 1.5}`);
      return log;
    },
    py(
      `
async def worker(name, ms):
    await asyncio.sleep(ms / 1000)
    log.append(f"{name} finishes")
    return name

async def main():
    a = loop.create_task(worker("a", 120))
    b = loop.create_task(worker("b", 480))
    names.update({a: "a", b: "b"})
    loop.call_later(0.3, lambda: log.append("timer 300 ms"))
    log.append(f"timeout 240 ms: {split(await asyncio.wait([a, b], timeout=0.24))}")
    r2 = await asyncio.wait([b], timeout=0.12, return_when=asyncio.FIRST_COMPLETED)
    log.append(f"timeout 120 ms more: {split(r2)}")
    log.append(f"timeout 2 s: {split(await asyncio.wait([b], timeout=2))}")
    log.append(f"timeout 0 on done tasks: {split(await asyncio.wait([a, b], timeout=0))}")
    return "main done"
`,
      `
start = loop.time()
log.append(f"returned: {loop.run_until_complete(main())}")
log.append(f"the 2 s timer did not hold the loop: {tf(loop.time() - start < 1.5)}")`,
    ),
  );

  itMatchesAsyncio(
    'the waiting coroutine wakes a tick after tasks that await the same task directly, ' +
      'together with a gatherer',
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
      function* waiter(w: Future<string>): Coro<string> {
        log.push('waiter calls wait');
        const { done } = yield* wait([w], { returnWhen: FIRST_COMPLETED });
        log.push(`waiter wakes, ${done.size} done`);
        return 'waiter done';
      }
      function* main(): Coro<string> {
        const w = loop.createTask(worker());
        const x = loop.createTask(direct('X', w));
        log.push('main waits on the worker');
        const waiting = loop.createTask(waiter(w));
        const g = loop.createTask(gatherer(w));
        const y = loop.createTask(direct('Y', w));
        w.addDoneCallback(() => log.push('plain done callback of the worker'));
        const { done, pending } = yield* wait([w]);
        log.push(`main wakes: ${done.size} done, ${pending.size} pending`);
        for (const t of [waiting, g, x, y]) yield* t;
        return 'main done';
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    py(`
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

async def waiter(w):
    log.append("waiter calls wait")
    done, _ = await asyncio.wait([w], return_when=asyncio.FIRST_COMPLETED)
    log.append(f"waiter wakes, {len(done)} done")
    return "waiter done"

async def main():
    w = loop.create_task(worker())
    x = loop.create_task(direct("X", w))
    log.append("main waits on the worker")
    waiting = loop.create_task(waiter(w))
    g = loop.create_task(gatherer(w))
    y = loop.create_task(direct("Y", w))
    w.add_done_callback(lambda _: log.append("plain done callback of the worker"))
    done, pending = await asyncio.wait([w])
    log.append(f"main wakes: {len(done)} done, {len(pending)} pending")
    for t in [waiting, g, x, y]:
        await t
    return "main done"
`),
  );
});
