/**
 * CPython 3.11's own asyncio tests, ported to step 01: call_soon, a tick, stop.
 * Each case runs on our loop and on asyncio and compares the traces.
 */
import { describe } from 'vitest';
import { itPortsAsyncio, msg, refused } from '../shared/cpython.ts';
import { Loop } from '#step';

describe('CPython test_asyncio on step 01', () => {
  itPortsAsyncio(
    'test_events.py::test_call_soon',
    'the callback gets its arguments, and stop() in it ends run_forever',
    async (log) => {
      const loop = new Loop();
      const callback = (a: string, b: string): void => {
        log.push(`called with ${a}, ${b}`);
        loop.stop();
      };
      loop.callSoon(callback, 'hello', 'world');
      await loop.runForever();
      log.push(`returned; running=${loop.isRunning()}`);
    },
    `
    def callback(a, b):
        log.append(f"called with {a}, {b}")
        loop.stop()
    loop.call_soon(callback, "hello", "world")
    loop.run_forever()
    log.append(f"returned; running={tf(loop.is_running())}")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_call_soon',
    'callbacks run in FIFO order; one scheduled during a tick waits for the next',
    async (log) => {
      const loop = new Loop();
      for (const n of [1, 2, 3]) {
        loop.callSoon(() => {
          log.push(`cb ${n}`);
          loop.callSoon(() => log.push(`cb ${n}'s child`));
        });
      }
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      log.push('first run over');
      loop.stop();
      await loop.runForever();
    },
    `
    def cb(n):
        log.append(f"cb {n}")
        loop.call_soon(lambda: log.append(f"cb {n}'s child"))
    for n in [1, 2, 3]:
        loop.call_soon(cb, n)
    loop.call_soon(loop.stop)
    loop.run_forever()
    log.append("first run over")
    loop.stop()
    loop.run_forever()
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_run_once',
    'the idiom call_soon(stop) + run_forever runs what was queued exactly once',
    async (log) => {
      const loop = new Loop();
      let count = 0;
      loop.callSoon(() => count++);
      loop.callSoon(() => loop.stop());
      loop.callSoon(() => log.push('queued after stop: same tick'));
      await loop.runForever();
      log.push(`count ${count}`);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      log.push(`count ${count}`);
    },
    `
    count = 0
    def callback():
        global count
        count += 1
    loop.call_soon(callback)
    loop.call_soon(loop.stop)
    loop.call_soon(lambda: log.append("queued after stop: same tick"))
    loop.run_forever()
    log.append(f"count {count}")
    loop.call_soon(loop.stop)
    loop.run_forever()
    log.append(f"count {count}")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_run_forever_pre_stopped',
    'stop() before run_forever: it runs one tick, then returns',
    async (log) => {
      const loop = new Loop();
      loop.callSoon(() => {
        log.push('tick 1');
        loop.callSoon(() => log.push('tick 2'));
      });
      loop.stop();
      await loop.runForever();
      log.push('returned after one tick');
      loop.stop();
      await loop.runForever();
      log.push('returned again');
    },
    `
    def first():
        log.append("tick 1")
        loop.call_soon(lambda: log.append("tick 2"))
    loop.call_soon(first)
    loop.stop()
    loop.run_forever()
    log.append("returned after one tick")
    loop.stop()
    loop.run_forever()
    log.append("returned again")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_single_selecter_event_callback_after_stopping',
    'a stopped loop never runs a callback twice across two runs',
    async (log) => {
      const loop = new Loop();
      let calls = 0;
      loop.callSoon(() => calls++);
      for (const run of [1, 2]) {
        loop.callSoon(() => loop.stop());
        await loop.runForever();
        log.push(`run ${run}: calls ${calls}`);
      }
    },
    `
    calls = 0
    def do_event():
        global calls
        calls += 1
    loop.call_soon(do_event)
    for run in [1, 2]:
        loop.call_soon(loop.stop)
        loop.run_forever()
        log.append(f"run {run}: calls {calls}")
    `,
  );

  itPortsAsyncio(
    'test_events.py::test_run_until_complete_nesting',
    'run_forever inside a running loop is refused; is_running is true there',
    async (log) => {
      const loop = new Loop();
      loop.callSoon(() => {
        log.push(`running=${loop.isRunning()}`);
        refused(
          () => loop.runForever(),
          (e) => log.push(`refused: ${msg(e)}`),
        );
      });
      loop.callSoon(() => loop.callSoon(() => loop.stop()));
      await loop.runForever();
      log.push(`after: running=${loop.isRunning()}`);
    },
    `
    def nested():
        log.append(f"running={tf(loop.is_running())}")
        try:
            loop.run_forever()
        except RuntimeError as e:
            log.append(f"refused: {msg(e)}")
    loop.call_soon(nested)
    loop.call_soon(lambda: loop.call_soon(loop.stop))
    loop.run_forever()
    log.append(f"after: running={tf(loop.is_running())}")
    `,
  );
});
