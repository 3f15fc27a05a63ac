/**
 * Differential test: the same callbacks on our loop and on CPython's
 * asyncio loop must print the same trace, tick for tick.
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import { Loop } from '#step';

describe('a queue of callbacks against asyncio', () => {
  itMatchesAsyncio(
    'callbacks schedule callbacks across ticks; stop() lets the tick finish',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const step = (name: string, next: string | null, stop: boolean): void => {
        log.push(`run ${name}`);
        if (next !== null) loop.callSoon(step, next, null, true);
        if (stop) loop.stop();
      };
      loop.callSoon(step, 'a', 'c', false);
      loop.callSoon(step, 'b', 'd', false);
      loop.callSoon((n: number) => log.push(`arg ${n}`), 42);
      await loop.runForever();
      log.push(`returned, running=${loop.isRunning()}`);
      loop.stop();
      loop.callSoon(step, 'e', 'f', false);
      await loop.runForever();
      log.push('stop before run_forever: one tick');
      await loop.runForever();
      log.push('done');
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

def step(name, nxt, stop):
    log.append(f"run {name}")
    if nxt is not None:
        loop.call_soon(step, nxt, None, True)
    if stop:
        loop.stop()

loop.call_soon(step, "a", "c", False)
loop.call_soon(step, "b", "d", False)
loop.call_soon(lambda n: log.append(f"arg {n}"), 42)
loop.run_forever()
log.append(f"returned, running={str(loop.is_running()).lower()}")
loop.stop()
loop.call_soon(step, "e", "f", False)
loop.run_forever()
log.append("stop before run_forever: one tick")
loop.run_forever()
log.append("done")
loop.close()
print("\\n".join(log))
`,
  );
});
