/**
 * CPython 3.11's own asyncio tests, ported to step 03: call_later, call_at and
 * the loop's clock. CPython's tests use a fake clock; these use short real
 * delays, trace orders and "at least this long", never exact times.
 */
import { describe } from 'vitest';
import { head, itDiffersFromAsyncio, itPortsAsyncio, name } from '../shared/cpython.ts';
import { Loop, TimerHandle } from '#step';

describe('CPython test_asyncio on step 03', () => {
  itPortsAsyncio(
    'test_events.py::test_call_later',
    'the callback runs after its delay, with its argument',
    async (log) => {
      const loop = new Loop();
      const t0 = loop.time();
      loop.callLater(0.1, (arg: string) => {
        log.push(`callback ${arg}`);
        loop.stop();
      }, 'hello world');
      await loop.runForever();
      log.push(`waited at least 0.09 s: ${loop.time() - t0 >= 0.09}`);
    },
    `
    t0 = loop.time()
    def callback(arg):
        log.append(f"callback {arg}")
        loop.stop()
    loop.call_later(0.1, callback, "hello world")
    loop.run_forever()
    log.append(f"waited at least 0.09 s: {tf(loop.time() - t0 >= 0.09)}")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_time_and_call_at',
    'call_at(time() + 0.1) runs no earlier than that; call_at(None) is a TypeError',
    async (log) => {
      const loop = new Loop();
      const when = loop.time() + 0.1;
      loop.callAt(when, () => loop.stop());
      await loop.runForever();
      log.push(`stopped at or after when: ${loop.time() >= when}`);
      try {
        loop.callAt(null as never, () => {});
      } catch (e) {
        log.push(name(e));
      }
    },
    `
    when = loop.time() + 0.1
    loop.call_at(when, loop.stop)
    loop.run_forever()
    log.append(f"stopped at or after when: {tf(loop.time() >= when)}")
    try:
        loop.call_at(None, lambda: None)
    except TypeError as e:
        log.append(name(e))
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_call_later',
    'a timer is scheduled, not ready: a tick does not run it; call_later(None) is a TypeError',
    async (log) => {
      const loop = new Loop();
      const h = loop.callLater(10, () => log.push('ran'));
      log.push(`is a TimerHandle: ${h instanceof TimerHandle}`);
      loop.stop();
      await loop.runForever();
      log.push('a tick later');
      try {
        loop.callLater(null as never, () => {});
      } catch (e) {
        log.push(name(e));
      }
    },
    `
    h = loop.call_later(10, lambda: log.append("ran"))
    log.append(f"is a TimerHandle: {tf(isinstance(h, asyncio.TimerHandle))}")
    loop.stop()
    loop.run_forever()
    log.append("a tick later")
    try:
        loop.call_later(None, lambda: None)
    except TypeError as e:
        log.append(name(e))
    `,
  );

  itDiffersFromAsyncio(
    'test_base_events.py::test_call_later_negative_delays',
    'a negative delay is refused, where asyncio runs it at once',
    {
      lesson: 'step03#how-asyncio-does-it',
      reason: 'asyncio accepts a negative delay (it means "now"); we reject it with a RangeError',
    },
    async (log) => {
      const loop = new Loop();
      for (const [delay, arg] of [[-1, 'a'], [-2, 'b']] as const) {
        try {
          loop.callLater(delay, (x: string) => log.push(x), arg);
        } catch (e) {
          log.push(name(e));
        }
      }
      loop.stop();
      await loop.runForever();
    },
    `
    loop.call_later(-1, log.append, "a")
    loop.call_later(-2, log.append, "b")
    loop.stop()
    loop.run_forever()
    `,
    ['RangeError', 'RangeError'],
  );

  itPortsAsyncio(
    'test_base_events.py::test__run_once',
    'a cancelled timer at the head is dropped; the loop sleeps until the next one',
    async (log) => {
      const loop = new Loop();
      const t0 = loop.time();
      loop.callLater(0.05, () => log.push('h1 ran')).cancel();
      loop.callLater(0.1, () => {
        log.push(`h2 ran after at least 0.09 s: ${loop.time() - t0 >= 0.09}`);
        loop.stop();
      });
      await loop.runForever();
    },
    `
    t0 = loop.time()
    loop.call_later(0.05, lambda: log.append("h1 ran")).cancel()
    def h2():
        log.append(f"h2 ran after at least 0.09 s: {tf(loop.time() - t0 >= 0.09)}")
        loop.stop()
    loop.call_later(0.1, h2)
    loop.run_forever()
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test__run_once_schedule_handle',
    'a due timer that calls call_soon: the new handle waits for the next tick',
    async (log) => {
      const loop = new Loop();
      loop.callLater(0.01, () => {
        log.push('timer runs');
        loop.callSoon(() => log.push('handle from the timer'));
        loop.stop();
      });
      await loop.runForever();
      log.push('stopped after the timer tick');
      loop.stop();
      await loop.runForever();
    },
    `
    def cb():
        log.append("timer runs")
        loop.call_soon(lambda: log.append("handle from the timer"))
        loop.stop()
    loop.call_later(0.01, cb)
    loop.run_forever()
    log.append("stopped after the timer tick")
    loop.stop()
    loop.run_forever()
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test__run_once_cancelled_event_cleanup',
    'many cancelled timers, at the head and behind it, never run; the others do',
    async (log) => {
      const loop = new Loop();
      loop.callLater(0.03, (n: string) => log.push(n), 'kept 0.03');
      for (let i = 0; i < 2; i++) loop.callLater(0.06, () => log.push('cancelled 0.06')).cancel();
      for (let i = 0; i < 2; i++) loop.callLater(0.01, () => log.push('cancelled 0.01')).cancel();
      for (let i = 0; i < 60; i++) loop.callLater(0.02, () => log.push('cancelled 0.02')).cancel();
      loop.callLater(0.05, (n: string) => log.push(n), 'kept 0.05');
      loop.callLater(0.08, () => loop.stop());
      await loop.runForever();
    },
    `
    loop.call_later(0.03, log.append, "kept 0.03")
    for i in range(2): loop.call_later(0.06, log.append, "cancelled 0.06").cancel()
    for i in range(2): loop.call_later(0.01, log.append, "cancelled 0.01").cancel()
    for i in range(60): loop.call_later(0.02, log.append, "cancelled 0.02").cancel()
    loop.call_later(0.05, log.append, "kept 0.05")
    loop.call_later(0.08, loop.stop)
    loop.run_forever()
    `,
  );

  itPortsAsyncio(
    'test_events.py::TimerTests::test_when',
    'when() is the deadline given to call_at',
    () => {
      const loop = new Loop();
      const when = loop.time() + 5;
      const h = loop.callAt(when, () => {});
      return [`when() is when: ${h.when() === when}`];
    },
    `
    when = loop.time() + 5
    h = loop.call_at(when, lambda: None)
    log.append(f"when() is when: {tf(h.when() == when)}")
    `,
  );

  itPortsAsyncio(
    'test_events.py::TimerTests::test_timer',
    'a cancelled timer says so and never runs',
    async (log) => {
      const loop = new Loop();
      const h = loop.callLater(0.01, (...args: number[]) => log.push(`ran ${args}`), 1, 2, 3);
      log.push(`cancelled=${h.cancelled()}`);
      h.cancel();
      log.push(`cancelled=${h.cancelled()}`);
      loop.callLater(0.05, () => loop.stop());
      await loop.runForever();
      log.push('stopped');
    },
    `
    h = loop.call_later(0.01, lambda *args: log.append(f"ran {args}"), 1, 2, 3)
    log.append(f"cancelled={tf(h.cancelled())}")
    h.cancel()
    log.append(f"cancelled={tf(h.cancelled())}")
    loop.call_later(0.05, loop.stop)
    loop.run_forever()
    log.append("stopped")
    `,
  );

  itPortsAsyncio(
    'test_events.py::TimerTests::test_timer_comparison',
    'timers run in deadline order, whatever order they were scheduled in',
    async (log) => {
      const loop = new Loop();
      const t0 = loop.time();
      for (const ms of [40, 10, 30, 20]) loop.callAt(t0 + ms / 1000, () => log.push(`${ms} ms`));
      loop.callAt(t0 + 0.06, () => loop.stop());
      await loop.runForever();
    },
    `
    t0 = loop.time()
    for ms in [40, 10, 30, 20]:
        loop.call_at(t0 + ms / 1000, log.append, f"{ms} ms")
    loop.call_at(t0 + 0.06, loop.stop)
    loop.run_forever()
    `,
  );

  itDiffersFromAsyncio(
    'test_events.py::TimerTests::test_timer_comparison',
    'equal deadlines run in the order they were scheduled; asyncio leaves it to heapq',
    {
      lesson: 'step03#how-asyncio-does-it',
      reason: "asyncio's TimerHandle compares only _when; we break ties with seq, a stricter order",
    },
    async (log) => {
      const loop = new Loop();
      const when = loop.time() + 0.01;
      for (let i = 0; i < 10; i++) loop.callAt(when, () => log.push(`timer ${i}`));
      loop.callAt(when + 0.01, () => loop.stop());
      await loop.runForever();
      return [log.join(', ')];
    },
    `
    when = loop.time() + 0.01
    for i in range(10):
        loop.call_at(when, log.append, f"timer {i}")
    loop.call_at(when + 0.01, loop.stop)
    loop.run_forever()
    log[:] = [", ".join(log)]
    `,
    [[...Array(10).keys()].map((i) => `timer ${i}`).join(', ')],
  );

  itPortsAsyncio(
    'test_base_events.py::test_default_exc_handler_callback',
    'an error in a timer callback is reported with the TimerHandle',
    async (log) => {
      const loop = new Loop();
      loop.setExceptionHandler((_l, context) => {
        log.push(`${head(context.message)}; handle is the timer: ${context.handle === h}`);
        loop.stop();
      });
      const h = loop.callLater(0.01, () => {
        throw new Error('division by zero');
      });
      await loop.runForever();
    },
    `
    def handler(l, context):
        log.append(f"{head(context['message'])}; handle is the timer: {tf(context['handle'] is h)}")
        loop.stop()
    loop.set_exception_handler(handler)
    def zero_error():
        1/0
    h = loop.call_later(0.01, zero_error)
    loop.run_forever()
    `,
  );
});
