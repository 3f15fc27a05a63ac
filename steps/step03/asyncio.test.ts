/**
 * Differential tests: timers of our loop against CPython's asyncio. Each
 * scenario is written twice, once against our loop and once against asyncio,
 * and both must print the same trace.
 *
 * The traces depend on order only, never on measured time: timers that must fire
 * in a given order are at least 10 ms apart, and at least 30 ms where callbacks
 * must run between them (a busy machine can wake up more than 10 ms late).
 * Equal deadlines are where we differ on purpose (we keep scheduling order,
 * asyncio leaves it to heapq), so ties are compared as sets.
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import { type Handle, Loop } from '#step';

/** Delays in milliseconds, in the scrambled order they are scheduled in. */
const DELAYS_MS = [50, 10, 80, 30, 70, 20, 60, 40];

describe('timers against asyncio', () => {
  itMatchesAsyncio(
    'timers scheduled in random order fire in deadline order',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const last = Math.max(...DELAYS_MS);
      for (const ms of DELAYS_MS) {
        loop.callLater(ms / 1000, () => {
          log.push(`timer ${ms}`);
          if (ms === last) loop.stop();
        });
      }
      loop.callSoon(() => log.push('call_soon runs first'));
      await loop.runForever();
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
delays = ${JSON.stringify(DELAYS_MS)}
last = max(delays)

def fire(ms):
    log.append(f"timer {ms}")
    if ms == last:
        loop.stop()

for ms in delays:
    loop.call_later(ms / 1000, fire, ms)
loop.call_soon(lambda: log.append("call_soon runs first"))
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'call_later(0) runs after the call_soon callbacks of the same tick, before those they schedule',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const note = (name: string): void => void log.push(`run ${name}`);
      loop.callLater(0, note, 'later0 (scheduled first, before the loop)');
      loop.callSoon(note, 'soon1 (before the loop)');
      loop.callSoon(() => {
        log.push('run tick-1 scheduler');
        loop.callLater(0, () => {
          log.push('run later0 from tick 1');
          loop.callSoon(note, 'soon scheduled by later0');
        });
        loop.callSoon(() => {
          log.push('run soon-a from tick 1');
          loop.callSoon(note, 'soon scheduled by soon-a');
        });
        loop.callSoon(note, 'soon-b from tick 1');
      });
      loop.callLater(0.05, () => {
        log.push('run stopper at 50 ms');
        loop.stop();
      });
      await loop.runForever();
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

def note(name):
    log.append(f"run {name}")

def later0():
    log.append("run later0 from tick 1")
    loop.call_soon(note, "soon scheduled by later0")

def soon_a():
    log.append("run soon-a from tick 1")
    loop.call_soon(note, "soon scheduled by soon-a")

def scheduler():
    log.append("run tick-1 scheduler")
    loop.call_later(0, later0)
    loop.call_soon(soon_a)
    loop.call_soon(note, "soon-b from tick 1")

def stopper():
    log.append("run stopper at 50 ms")
    loop.stop()

loop.call_later(0, note, "later0 (scheduled first, before the loop)")
loop.call_soon(note, "soon1 (before the loop)")
loop.call_soon(scheduler)
loop.call_later(0.05, stopper)
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'cancelled timers never fire: before the loop runs, from a callback, from an earlier timer',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const timers: Record<number, Handle> = {};
      const fire = (ms: number): void => void log.push(`timer ${ms}`);
      for (const ms of [10, 20, 30, 40, 50, 60]) timers[ms] = loop.callLater(ms / 1000, fire, ms);
      timers[10]!.cancel(); // the soonest timer, at the top of the heap
      loop.callSoon(() => {
        log.push('callback cancels 40');
        timers[40]!.cancel();
      });
      loop.callLater(0.025, () => {
        log.push('timer 25 cancels 30 and 20 (already fired)');
        timers[30]!.cancel();
        timers[20]!.cancel();
      });
      loop.callLater(0.07, () => {
        log.push('timer 70 stops');
        loop.stop();
      });
      await loop.runForever();
      for (const ms of [10, 20, 30, 40, 50, 60]) {
        log.push(`${ms} cancelled=${timers[ms]!.cancelled()}`);
      }
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
timers = {}

def fire(ms):
    log.append(f"timer {ms}")

def cancel40():
    log.append("callback cancels 40")
    timers[40].cancel()

def t25():
    log.append("timer 25 cancels 30 and 20 (already fired)")
    timers[30].cancel()
    timers[20].cancel()

def t70():
    log.append("timer 70 stops")
    loop.stop()

for ms in [10, 20, 30, 40, 50, 60]:
    timers[ms] = loop.call_later(ms / 1000, fire, ms)
timers[10].cancel()
loop.call_soon(cancel40)
loop.call_later(0.025, t25)
loop.call_later(0.07, t70)
loop.run_forever()
for ms in [10, 20, 30, 40, 50, 60]:
    log.append(f"{ms} cancelled={str(timers[ms].cancelled()).lower()}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'timers that schedule call_soon and call_later',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      loop.callLater(0.01, () => {
        log.push('timer 10');
        loop.callSoon(() => {
          log.push('soon from timer 10');
          loop.callSoon(() => log.push('soon from soon'));
        });
        loop.callLater(0.08, () => log.push('timer 10+80 from timer 10'));
      });
      loop.callLater(0.05, () => log.push('timer 50'));
      loop.callLater(0.13, () => {
        log.push('timer 130');
        loop.callSoon(() => {
          log.push('soon from timer 130 stops');
          loop.stop();
        });
      });
      await loop.runForever();
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()

def t10():
    log.append("timer 10")
    def soon():
        log.append("soon from timer 10")
        loop.call_soon(lambda: log.append("soon from soon"))
    loop.call_soon(soon)
    loop.call_later(0.08, lambda: log.append("timer 10+80 from timer 10"))

def t130():
    log.append("timer 130")
    def stop():
        log.append("soon from timer 130 stops")
        loop.stop()
    loop.call_soon(stop)

loop.call_later(0.01, t10)
loop.call_later(0.05, lambda: log.append("timer 50"))
loop.call_later(0.13, t130)
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'call_at with equal deadlines: all fire, in one tick, before a later timer (compared as a set)',
    async () => {
      // Our loop keeps scheduling order for ties; asyncio's order is heapq's.
      // Only the set is compared, sorted, with what ran around it.
      const log: string[] = [];
      const loop = new Loop();
      const when = loop.time() + 0.02;
      const tied: string[] = [];
      for (const name of ['c', 'a', 'd', 'b']) {
        const timer = loop.callAt(when, () => {
          tied.push(name);
          if (tied.length > 1) return;
          loop.callSoon(() => log.push(`soon from the first tie: ties so far=${tied.length}`));
        });
        log.push(`when matches=${timer.when() === when}`);
      }
      loop.callLater(0.01, () => log.push('timer 10'));
      loop.callAt(when + 0.05, () => {
        log.push(`ties=${[...tied].sort().join(',')}`);
        loop.stop();
      });
      await loop.runForever();
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
when = loop.time() + 0.02
tied = []

def tie(name):
    tied.append(name)
    if len(tied) == 1:
        loop.call_soon(lambda: log.append(f"soon from the first tie: ties so far={len(tied)}"))

def final():
    log.append(f"ties={','.join(sorted(tied))}")
    loop.stop()

for name in ["c", "a", "d", "b"]:
    timer = loop.call_at(when, tie, name)
    log.append(f"when matches={str(timer.when() == when).lower()}")
loop.call_later(0.01, lambda: log.append("timer 10"))
loop.call_at(when + 0.05, final)
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );
});
