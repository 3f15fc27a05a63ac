/**
 * CPython 3.11's own asyncio tests, ported to step 02: handles and the
 * exception handler. asyncio's context message names the callback its own
 * way, so only its start, "Exception in callback", is traced.
 */
import { describe } from 'vitest';
import {
  ValueError, head, itDiffersFromAsyncio, itPortsAsyncio, name, stderrReports,
} from '../shared/cpython.ts';
import { type ErrorContext, type Handle, Loop } from '#step';

describe('CPython test_asyncio on step 02', () => {
  itPortsAsyncio(
    'test_events.py::HandleTests::test_handle',
    'cancel() marks the handle cancelled, twice is harmless, and it never runs',
    async (log) => {
      const loop = new Loop();
      const h = loop.callSoon(() => log.push('ran'));
      log.push(`cancelled=${h.cancelled()}`);
      h.cancel();
      h.cancel();
      log.push(`cancelled=${h.cancelled()}`);
      loop.stop();
      await loop.runForever();
      log.push('one tick later');
    },
    `
    h = loop.call_soon(lambda: log.append("ran"))
    log.append(f"cancelled={tf(h.cancelled())}")
    h.cancel()
    h.cancel()
    log.append(f"cancelled={tf(h.cancelled())}")
    loop.stop()
    loop.run_forever()
    log.append("one tick later")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test__add_callback_cancelled_handle',
    'a handle cancelled by an earlier callback of its own tick is skipped',
    async (log) => {
      const loop = new Loop();
      const handles: Handle[] = [];
      loop.callSoon(() => {
        log.push('first cancels the third');
        handles[0]!.cancel();
      });
      loop.callSoon(() => log.push('second'));
      handles.push(loop.callSoon(() => log.push('third')));
      loop.callSoon(() => loop.stop());
      await loop.runForever();
    },
    `
    handles = []
    def first():
        log.append("first cancels the third")
        handles[0].cancel()
    loop.call_soon(first)
    loop.call_soon(lambda: log.append("second"))
    handles.append(loop.call_soon(lambda: log.append("third")))
    loop.call_soon(loop.stop)
    loop.run_forever()
    `,
  );

  itPortsAsyncio(
    'test_events.py::HandleTests::test_callback_with_exception',
    'an error in a callback goes to the handler with its message, exception and handle',
    async (log) => {
      const loop = new Loop();
      loop.setExceptionHandler((l: Loop, context: ErrorContext) => {
        log.push(`handler: same loop ${l === loop}; ${head(context.message)}`);
        log.push(`exception ${name(context.exception)}: ${(context.exception as Error).message}`);
        log.push(`handle is ours: ${context.handle === h}`);
      });
      const h = loop.callSoon(() => {
        throw new ValueError('boom');
      });
      loop.callSoon(() => log.push('the loop goes on'));
      loop.callSoon(() => loop.stop());
      await loop.runForever();
    },
    `
    def handler(l, context):
        log.append(f"handler: same loop {tf(l is loop)}; {head(context['message'])}")
        e = context["exception"]
        log.append(f"exception {name(e)}: {e}")
        log.append(f"handle is ours: {tf(context['handle'] is h)}")
    loop.set_exception_handler(handler)
    def boom():
        raise ValueError("boom")
    h = loop.call_soon(boom)
    loop.call_soon(lambda: log.append("the loop goes on"))
    loop.call_soon(loop.stop)
    loop.run_forever()
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_set_exc_handler_custom',
    'a custom handler gets the errors; set to None, the default handler reports them',
    async (log) => {
      const loop = new Loop();
      const zeroError = (): void => {
        throw new Error('division by zero');
      };
      loop.setExceptionHandler((_l, context) => log.push(`custom: ${head(context.message)}`));
      loop.callSoon(zeroError);
      loop.stop();
      await loop.runForever();
      loop.setExceptionHandler(null);
      loop.callSoon(zeroError);
      loop.stop();
      const reports = await stderrReports(() => loop.runForever());
      for (const report of reports) log.push(`default: ${head(report)}`);
    },
    `
    def zero_error():
        1/0
    loop.set_exception_handler(lambda l, context: log.append(f"custom: {head(context['message'])}"))
    loop.call_soon(zero_error)
    loop.stop()
    loop.run_forever()
    loop.set_exception_handler(None)
    loop.call_soon(zero_error)
    loop.stop()
    loop.run_forever()
    for report in reports:
        log.append(f"default: {head(report)}")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_default_exc_handler_callback',
    'with the default handler, an error in a callback is reported and the loop goes on',
    async (log) => {
      const loop = new Loop();
      loop.callSoon(() => {
        log.push('zero_error runs');
        throw new Error('division by zero');
      });
      loop.callSoon(() => log.push('next callback'));
      loop.callSoon(() => loop.stop());
      const reports = await stderrReports(() => loop.runForever());
      for (const report of reports) log.push(`report: ${head(report)}`);
    },
    `
    def zero_error():
        log.append("zero_error runs")
        1/0
    loop.call_soon(zero_error)
    loop.call_soon(lambda: log.append("next callback"))
    loop.call_soon(loop.stop)
    loop.run_forever()
    for report in reports:
        log.append(f"report: {head(report)}")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_set_exc_handler_invalid',
    'set_exception_handler refuses what is not a callable',
    () => {
      const loop = new Loop();
      try {
        loop.setExceptionHandler('spam' as never);
        return ['accepted'];
      } catch (e) {
        return [name(e)];
      }
    },
    `
    try:
        loop.set_exception_handler("spam")
        log.append("accepted")
    except TypeError as e:
        log.append(name(e))
    `,
  );

  itDiffersFromAsyncio(
    'test_base_events.py::test_set_exc_handler_broken',
    'a handler that throws: two reports (its error, then the original) where asyncio makes one',
    {
      lesson: 'step02#how-asyncio-does-it',
      reason: 'asyncio passes one context to the default handler; we make two reports',
    },
    async () => {
      const loop = new Loop();
      loop.setExceptionHandler(() => {
        throw new Error('spam');
      });
      loop.callSoon(() => {
        throw new Error('division by zero');
      });
      loop.stop();
      const reports = await stderrReports(() => loop.runForever());
      return reports.map((report) => `report: ${head(report)}`);
    },
    `
    def handler(l, context):
        raise AttributeError("spam")
    loop.set_exception_handler(handler)
    def zero_error():
        1/0
    loop.call_soon(zero_error)
    loop.stop()
    loop.run_forever()
    for report in reports:
        log.append(f"report: {head(report)}")
    `,
    ['report: Unhandled error in exception handler', 'report: Exception in callback'],
  );

  itPortsAsyncio(
    'test_base_events.py::test_call_soon_non_callable',
    'in debug mode, call_soon(1) is a TypeError at once',
    () => {
      const loop = new Loop();
      try {
        loop.callSoon(1 as never);
        return ['accepted'];
      } catch (e) {
        return [name(e)];
      }
    },
    `
    loop.set_debug(True)
    try:
        loop.call_soon(1)
        log.append("accepted")
    except TypeError as e:
        log.append(name(e))
    `,
  );

  itDiffersFromAsyncio(
    'test_base_events.py::test_call_soon_non_callable',
    'out of debug mode too: we always check the callback, asyncio only in debug mode',
    {
      lesson: 'step02#how-asyncio-does-it',
      reason: 'asyncio checks the callback only in debug mode; we always check',
    },
    () => {
      const loop = new Loop();
      try {
        loop.callSoon(1 as never);
        return ['accepted'];
      } catch (e) {
        return [name(e)];
      }
    },
    `
    try:
        loop.call_soon(1)
        log.append("accepted")
    except TypeError as e:
        log.append(name(e))
    `,
    ['TypeError'],
  );
});
