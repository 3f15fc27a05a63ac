/**
 * Differential tests: chaining with `yield*` in our loop against
 * `await` in asyncio. `yield* coro()` is `await coro()`, `yield* fut` is
 * `await fut`, `sleep(d, v)` is `asyncio.sleep(d, v)`. Callbacks scheduled with
 * `callSoon` at chosen points pin down where each tick ends. Timer deadlines are
 * at least 60 ms apart (never equal: there our loop is stricter than asyncio).
 *
 * Unlike step 06's `yield fut`, `yield* fut` of a future that is already done
 * goes on at once, in the same tick, as asyncio's `await fut` does; the first
 * scenario checks it.
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import { type Coro, Loop, type Task, sleep } from '#step';

describe('chaining with yield* against asyncio', () => {
  itMatchesAsyncio(
    'a yield* chain: nested coroutines return values; a done future and a coroutine that never waits go on at once',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* noWait(x: number): Coro<number> {
        log.push(`noWait(${x}) runs`);
        return x * 2;
      }
      function* leaf(name: string, ms: number): Coro<string> {
        log.push(`${name}: sleeps ${ms} ms`);
        const v = yield* sleep(ms / 1000, `${name}-slept`);
        log.push(`${name}: woke with ${v}`);
        return v.toUpperCase();
      }
      function* middle(): Coro<number> {
        log.push('middle: calls leaf a');
        loop.callSoon(() => log.push('callback scheduled by middle'));
        const a = yield* leaf('a', 120);
        log.push(`middle: leaf a returned ${a}`);
        loop.callSoon(() => log.push('callback scheduled before leaf b'));
        const b = yield* leaf('b', 0);
        log.push(`middle: leaf b returned ${b}`);
        return a.length + b.length;
      }
      function* main(): Coro<string> {
        log.push('main starts');
        loop.callSoon(() => log.push('callback scheduled as main starts'));
        const n = yield* noWait(21);
        log.push(`main: noWait returned ${n} in the same tick`);
        const m = yield* middle();
        log.push(`main: middle returned ${m}`);
        const f = loop.createFuture<string>();
        f.setResult('ready');
        loop.callSoon(() => log.push('callback scheduled before yield* of a done future'));
        const r = yield* f;
        log.push(`main: the done future gave ${r} at once`);
        const again = yield* f;
        log.push(`main: and again ${again}`);
        yield* sleep(0);
        log.push('main after sleep(0)');
        return `main result ${m} ${r}`;
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def no_wait(x):
    log.append(f"noWait({x}) runs")
    return x * 2

async def leaf(name, ms):
    log.append(f"{name}: sleeps {ms} ms")
    v = await asyncio.sleep(ms / 1000, f"{name}-slept")
    log.append(f"{name}: woke with {v}")
    return v.upper()

async def middle():
    log.append("middle: calls leaf a")
    loop.call_soon(lambda: log.append("callback scheduled by middle"))
    a = await leaf("a", 120)
    log.append(f"middle: leaf a returned {a}")
    loop.call_soon(lambda: log.append("callback scheduled before leaf b"))
    b = await leaf("b", 0)
    log.append(f"middle: leaf b returned {b}")
    return len(a) + len(b)

async def main():
    log.append("main starts")
    loop.call_soon(lambda: log.append("callback scheduled as main starts"))
    n = await no_wait(21)
    log.append(f"main: noWait returned {n} in the same tick")
    m = await middle()
    log.append(f"main: middle returned {m}")
    f = loop.create_future()
    f.set_result("ready")
    loop.call_soon(lambda: log.append("callback scheduled before yield* of a done future"))
    r = await f
    log.append(f"main: the done future gave {r} at once")
    again = await f
    log.append(f"main: and again {again}")
    await asyncio.sleep(0)
    log.append("main after sleep(0)")
    return f"main result {m} {r}"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'sleep(0) ping-pong between tasks, interleaved with callbacks; the loop stops a tick after the awaited task',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* player(name: string, rounds: number): Coro<string> {
        for (let i = 0; i < rounds; i++) {
          log.push(`${name} ${i}`);
          if (i % 2 === 1) loop.callSoon(() => log.push(`callback from ${name} ${i}`));
          yield* sleep(0);
        }
        log.push(`${name} ends`);
        return name;
      }
      loop.callSoon(() => log.push('callback before ping'));
      const ping = loop.createTask(player('ping', 3));
      loop.callSoon(() => log.push('callback between'));
      const pong = loop.createTask(player('pong', 4));
      const ticker = loop.createTask(player('ticker', 8));
      loop.callSoon(() => log.push('callback after the tasks'));
      log.push(`run_until_complete(pong) = ${await loop.runUntilComplete(pong)}`);
      log.push(`ping done: ${ping.done()}, ticker done: ${ticker.done()}`);
      log.push(`run_until_complete(ticker) = ${await loop.runUntilComplete(ticker)}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def player(name, rounds):
    for i in range(rounds):
        log.append(f"{name} {i}")
        if i % 2 == 1:
            loop.call_soon(lambda i=i: log.append(f"callback from {name} {i}"))
        await asyncio.sleep(0)
    log.append(f"{name} ends")
    return name

loop.call_soon(lambda: log.append("callback before ping"))
ping = loop.create_task(player("ping", 3))
loop.call_soon(lambda: log.append("callback between"))
pong = loop.create_task(player("pong", 4))
ticker = loop.create_task(player("ticker", 8))
loop.call_soon(lambda: log.append("callback after the tasks"))
log.append(f"run_until_complete(pong) = {loop.run_until_complete(pong)}")
log.append(f"ping done: {str(ping.done()).lower()}, ticker done: {str(ticker.done()).lower()}")
log.append(f"run_until_complete(ticker) = {loop.run_until_complete(ticker)}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'sleeps wake in deadline order, whatever order they were started in, with plain timers among them',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* sleeper(name: string, ms: number): Coro<string> {
        log.push(`${name} sleeps ${ms} ms`);
        const v = yield* sleep(ms / 1000, `${name}!`);
        log.push(`${name} wakes with ${v}`);
        loop.callSoon(() => log.push(`callback after ${name} woke`));
        yield* sleep(0);
        log.push(`${name} ends`);
        return v;
      }
      function* main(): Coro<string> {
        const c = loop.createTask(sleeper('c', 600));
        const a = loop.createTask(sleeper('a', 120));
        const b = loop.createTask(sleeper('b', 420));
        loop.callLater(0.3, () => log.push('timer 300 ms'));
        log.push('main yields once');
        yield* sleep(0);
        const d = loop.createTask(sleeper('d', 180));
        log.push('main waits for c');
        const rc = yield* c;
        log.push(`main: c gave ${rc}; a, b, d done: ${a.done()} ${b.done()} ${d.done()}`);
        return [a, b, c, d].map((t) => t.result()).join(' ');
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def sleeper(name, ms):
    log.append(f"{name} sleeps {ms} ms")
    v = await asyncio.sleep(ms / 1000, f"{name}!")
    log.append(f"{name} wakes with {v}")
    loop.call_soon(lambda: log.append(f"callback after {name} woke"))
    await asyncio.sleep(0)
    log.append(f"{name} ends")
    return v

async def main():
    c = loop.create_task(sleeper("c", 600))
    a = loop.create_task(sleeper("a", 120))
    b = loop.create_task(sleeper("b", 420))
    loop.call_later(0.3, lambda: log.append("timer 300 ms"))
    log.append("main yields once")
    await asyncio.sleep(0)
    d = loop.create_task(sleeper("d", 180))
    log.append("main waits for c")
    rc = await c
    log.append(f"main: c gave {rc}; a, b, d done: {str(a.done()).lower()} {str(b.done()).lower()} {str(d.done()).lower()}")
    return " ".join(t.result() for t in [a, b, c, d])

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'tasks awaiting tasks: waiters wake in the order they waited; a chain of tasks; a done task goes on at once',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      function* worker(name: string, ms: number): Coro<string> {
        log.push(`${name} works`);
        yield* sleep(ms / 1000);
        log.push(`${name} finishes`);
        return `${name}-result`;
      }
      function* waiter(name: string, t: Task<string>): Coro<string> {
        log.push(`${name} waits`);
        const v = yield* t;
        log.push(`${name} got ${v}`);
        return `${name}<${v}>`;
      }
      function* link(name: string, depth: number): Coro<string> {
        log.push(`${name} starts`);
        if (depth === 0) return yield* worker(`${name}-leaf`, 240);
        const inner = loop.createTask(link(`${name}.${depth}`, depth - 1));
        const v = yield* inner;
        log.push(`${name} got ${v}`);
        return `${name}(${v})`;
      }
      function* main(): Coro<string> {
        log.push('main starts');
        const w = loop.createTask(worker('w', 120));
        const a = loop.createTask(waiter('A', w));
        const b = loop.createTask(waiter('B', w));
        w.addDoneCallback(() => log.push('plain done callback of w'));
        const chain = loop.createTask(link('L', 2));
        const ra = yield* a;
        log.push(`main: A gave ${ra}; w done ${w.done()}`);
        loop.callSoon(() => log.push('callback scheduled before yield* of the done task'));
        const rw = yield* w;
        log.push(`main: w gave ${rw} at once`);
        const rl = yield* chain;
        log.push(`main: chain gave ${rl}`);
        const rb = yield* b;
        return `${rw} ${ra} ${rb} ${rl}`;
      }
      log.push(`returned: ${await loop.runUntilComplete(main())}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def worker(name, ms):
    log.append(f"{name} works")
    await asyncio.sleep(ms / 1000)
    log.append(f"{name} finishes")
    return f"{name}-result"

async def waiter(name, t):
    log.append(f"{name} waits")
    v = await t
    log.append(f"{name} got {v}")
    return f"{name}<{v}>"

async def link(name, depth):
    log.append(f"{name} starts")
    if depth == 0:
        return await worker(f"{name}-leaf", 240)
    inner = loop.create_task(link(f"{name}.{depth}", depth - 1))
    v = await inner
    log.append(f"{name} got {v}")
    return f"{name}({v})"

async def main():
    log.append("main starts")
    w = loop.create_task(worker("w", 120))
    a = loop.create_task(waiter("A", w))
    b = loop.create_task(waiter("B", w))
    w.add_done_callback(lambda _: log.append("plain done callback of w"))
    chain = loop.create_task(link("L", 2))
    ra = await a
    log.append(f"main: A gave {ra}; w done {str(w.done()).lower()}")
    loop.call_soon(lambda: log.append("callback scheduled before yield* of the done task"))
    rw = await w
    log.append(f"main: w gave {rw} at once")
    rl = await chain
    log.append(f"main: chain gave {rl}")
    rb = await b
    return f"{rw} {ra} {rb} {rl}"

log.append(f"returned: {loop.run_until_complete(main())}")
loop.close()
print("\\n".join(log))
`,
  );
});
