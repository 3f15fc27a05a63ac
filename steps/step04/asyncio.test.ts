/**
 * Differential tests: the generator tasks of our step 04 loop against asyncio
 * tasks. Our coroutine `yield`s the seconds it wants to sleep; the asyncio one
 * does `await asyncio.sleep(seconds)`. A bare `yield` is `await asyncio.sleep(0)`.
 *
 * asyncio's `sleep(d)` resolves a future from a timer and wakes the task one tick
 * later, while our step 04 task is resumed by the timer itself. The scenarios
 * keep every wake-up at least 10 ms from any other event, so that this extra
 * tick cannot show in the trace.
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import { type Coro, Loop, type Task } from './index.ts';

describe('step 04 against asyncio', () => {
  itMatchesAsyncio(
    'tasks with different sleeps interleave by wake-up time; results are kept',
    () => {
      const log: string[] = [];
      const loop = new Loop();
      // Wake-ups: A at 0, 10, 40 ms; B at 0, 20, 50 ms; C at 0, 30, 60 ms.
      function* worker(name: string, sleepsMs: number[]): Coro<string> {
        log.push(`${name} starts`);
        for (const ms of sleepsMs) {
          yield ms / 1000;
          log.push(`${name} woke after ${ms} ms`);
        }
        log.push(`${name} ends`);
        if (name === 'C') loop.stop();
        return `${name} result`;
      }
      const tasks: Task<string>[] = [
        loop.createTask(worker('A', [10, 30])),
        loop.createTask(worker('B', [20, 30])),
        loop.createTask(worker('C', [30, 30])),
      ];
      log.push(`created, done=${tasks.map((t) => t.done()).join(',')}`);
      loop.runForever();
      log.push(`done=${tasks.map((t) => t.done()).join(',')}`);
      log.push(`results=${tasks.map((t) => t.result()).join(',')}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def worker(name, sleeps_ms):
    log.append(f"{name} starts")
    for ms in sleeps_ms:
        await asyncio.sleep(ms / 1000)
        log.append(f"{name} woke after {ms} ms")
    log.append(f"{name} ends")
    if name == "C":
        loop.stop()
    return f"{name} result"

tasks = [
    loop.create_task(worker("A", [10, 30])),
    loop.create_task(worker("B", [20, 30])),
    loop.create_task(worker("C", [30, 30])),
]
log.append("created, done=" + ",".join(str(t.done()).lower() for t in tasks))
loop.run_forever()
log.append("done=" + ",".join(str(t.done()).lower() for t in tasks))
log.append("results=" + ",".join(t.result() for t in tasks))
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'bare yield (asyncio.sleep(0)) ping-pong between tasks, with callbacks in between',
    () => {
      const log: string[] = [];
      const loop = new Loop();
      function* player(name: string, rounds: number): Coro<void> {
        for (let i = 1; i <= rounds; i++) {
          log.push(`${name} ${i}`);
          if (name === 'ping' && i === 2) loop.callSoon(() => log.push('callback from ping 2'));
          yield;
        }
        log.push(`${name} done`);
      }
      loop.createTask(player('ping', 3));
      loop.createTask(player('pong', 2));
      loop.createTask(player('third', 1));
      loop.callLater(0.02, () => {
        log.push('stopper');
        loop.stop();
      });
      loop.runForever();
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def player(name, rounds):
    for i in range(1, rounds + 1):
        log.append(f"{name} {i}")
        if name == "ping" and i == 2:
            loop.call_soon(lambda: log.append("callback from ping 2"))
        await asyncio.sleep(0)
    log.append(f"{name} done")

def stopper():
    log.append("stopper")
    loop.stop()

loop.create_task(player("ping", 3))
loop.create_task(player("pong", 2))
loop.create_task(player("third", 1))
loop.call_later(0.02, stopper)
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'a task starts on the next tick, in order with call_soon callbacks; tasks made by tasks start a tick later',
    () => {
      const log: string[] = [];
      const loop = new Loop();
      function* child(name: string): Coro<void> {
        log.push(`${name} starts`);
        yield;
        log.push(`${name} resumes`);
      }
      function* parent(): Coro<void> {
        log.push('parent starts');
        loop.callSoon(() => log.push('callback from parent'));
        loop.createTask(child('grandchild'));
        log.push('parent made grandchild, not started yet');
        yield;
        log.push('parent resumes');
      }
      loop.callSoon(() => log.push('callback 1'));
      loop.createTask(parent());
      loop.callSoon(() => log.push('callback 2'));
      loop.createTask(child('child'));
      loop.callSoon(() => log.push('callback 3'));
      log.push('nothing has run yet');
      loop.callLater(0.02, () => {
        log.push('stopper');
        loop.stop();
      });
      loop.runForever();
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

async def child(name):
    log.append(f"{name} starts")
    await asyncio.sleep(0)
    log.append(f"{name} resumes")

async def parent():
    log.append("parent starts")
    loop.call_soon(lambda: log.append("callback from parent"))
    loop.create_task(child("grandchild"))
    log.append("parent made grandchild, not started yet")
    await asyncio.sleep(0)
    log.append("parent resumes")

def stopper():
    log.append("stopper")
    loop.stop()

loop.call_soon(lambda: log.append("callback 1"))
loop.create_task(parent())
loop.call_soon(lambda: log.append("callback 2"))
loop.create_task(child("child"))
loop.call_soon(lambda: log.append("callback 3"))
log.append("nothing has run yet")
loop.call_later(0.02, stopper)
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );
});
