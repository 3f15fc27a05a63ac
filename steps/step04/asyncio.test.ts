/**
 * Differential tests: generator tasks on our loop against asyncio tasks. A bare
 * `yield` is `await asyncio.sleep(0)`. (Sleeping by yielding seconds is tested
 * in sleep-seconds.test.ts.)
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import { type Coro, Loop } from '#step';

describe('generator tasks against asyncio', () => {
  itMatchesAsyncio(
    'bare yield (asyncio.sleep(0)) ping-pong between tasks, with callbacks in between',
    async () => {
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
      loop.callLater(0.05, () => {
        log.push('stopper');
        loop.stop();
      });
      await loop.runForever();
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
loop.call_later(0.05, stopper)
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'a task starts on the next tick, in order with call_soon callbacks; ' +
      'tasks made by tasks start a tick later',
    async () => {
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
      loop.callLater(0.05, () => {
        log.push('stopper');
        loop.stop();
      });
      await loop.runForever();
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
loop.call_later(0.05, stopper)
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );
});
