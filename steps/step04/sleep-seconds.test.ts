/**
 * Sleeping by yielding seconds: step 04's own idea, which step 06 replaces with
 * yielded futures (shared/retired-tests.ts retires this file there).
 *
 * In the differential test, our coroutine `yield`s the seconds it wants to sleep;
 * the asyncio one does `await asyncio.sleep(seconds)`. asyncio's `sleep(d)`
 * resolves a future from a timer and wakes the task one tick later, while our
 * task is resumed by the timer itself. Every wake-up is at least 10 ms from any
 * other event, so that this extra tick cannot show in the trace.
 */
import { describe, expect, it } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import { type Coro, Loop, type Task } from '#step';

describe('sleeping by yielding seconds', () => {
  it('yielding seconds sleeps; tasks finish in deadline order and keep their results', async () => {
    const loop = new Loop();
    const order: string[] = [];
    function* nap(name: string, seconds: number): Coro<string> {
      yield seconds;
      order.push(name);
      return `${name}!`;
    }
    const slow = loop.createTask(nap('slow', 0.03));
    const fast = loop.createTask(nap('fast', 0.01));
    expect(() => fast.result()).toThrow('Task is not done yet.');
    loop.callLater(0.05, () => loop.stop());
    await loop.runForever();
    expect(order).toEqual(['fast', 'slow']);
    expect([slow.result(), fast.result()]).toEqual(['slow!', 'fast!']);
  });

  it('the value a generator gets back from yield is undefined here: no futures yet', async () => {
    const loop = new Loop();
    let got: unknown = 'unset';
    function* coro(): Coro<void> {
      got = yield 0;
    }
    const t = loop.createTask(coro());
    while (!t.done()) await loop.runOnce();
    expect(got).toBeUndefined();
  });

  it('a bad yield is reported through the exception handler, not swallowed', async () => {
    const loop = new Loop();
    const messages: string[] = [];
    loop.setExceptionHandler((_l, c) => void messages.push((c.exception as Error).message));
    function* coro(): Coro<void> {
      yield 'soon' as unknown as number;
    }
    loop.createTask(coro());
    await loop.runOnce();
    expect(messages).toEqual([
      'Task got a bad yield: soon; a coroutine yields seconds to sleep (>= 0) or nothing',
    ]);
  });

  itMatchesAsyncio(
    'tasks with different sleeps interleave by wake-up time; results are kept',
    async () => {
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
      await loop.runForever();
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
});
