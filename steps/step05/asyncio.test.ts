/**
 * Differential tests: futures of our loop against asyncio.Future. Each
 * scenario is written twice, once against `#step` and once against asyncio,
 * and both must print the same trace.
 *
 * Error messages are compared only where ours are meant to be asyncio's words
 * ('Result is not set.', 'Event loop stopped before Future completed.');
 * elsewhere the trace prints the error's class name or our own message.
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import { type Future, Loop } from '#step';

/** What a call threw (or its promise rejected with), as `Name: message`, or `ok <value>`. */
async function attempt(fn: () => unknown): Promise<string> {
  try {
    return `ok ${String(await fn())}`;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : `threw ${String(error)}`;
  }
}

/** The same helper in Python, prepended to the scenarios that use it. */
const PY_ATTEMPT = `
def attempt(fn):
    try:
        return f"ok {fn()}"
    except Exception as e:
        name = type(e).__name__
        return f"{'Error' if name in ('ValueError', 'RuntimeError') else name}: {e}"
`;

describe('futures against asyncio', () => {
  itMatchesAsyncio(
    'done callbacks run on the next tick, in the order added, interleaved with call_soon',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const f = loop.createFuture<number>();
      for (const name of ['cb1', 'cb2', 'cb3']) {
        f.addDoneCallback((fut) => {
          log.push(`${name} sees ${fut.result()}, same future=${fut === f}`);
        });
      }
      loop.callSoon(() => {
        log.push('setter: before set_result');
        loop.callSoon(() => log.push('soon scheduled before set_result'));
        f.setResult(7);
        log.push(`setter: done=${f.done()}, callbacks not run yet`);
        loop.callSoon(() => log.push('soon scheduled after set_result'));
        f.addDoneCallback(() => {
          log.push('cb4 added after set_result stops the loop');
          loop.stop();
        });
      });
      loop.callSoon(() => log.push('rest of the setter tick'));
      await loop.runForever();
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
f = loop.create_future()

def make_cb(name):
    return lambda fut: log.append(f"{name} sees {fut.result()}, same future={str(fut is f).lower()}")

for name in ["cb1", "cb2", "cb3"]:
    f.add_done_callback(make_cb(name))

def setter():
    log.append("setter: before set_result")
    loop.call_soon(lambda: log.append("soon scheduled before set_result"))
    f.set_result(7)
    log.append(f"setter: done={str(f.done()).lower()}, callbacks not run yet")
    loop.call_soon(lambda: log.append("soon scheduled after set_result"))
    f.add_done_callback(cb4)

def cb4(fut):
    log.append("cb4 added after set_result stops the loop")
    loop.stop()

loop.call_soon(setter)
loop.call_soon(lambda: log.append("rest of the setter tick"))
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'a callback added to a done future is scheduled at once; remove_done_callback removes every registration',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const f = loop.createFuture<string>();
      const a = (): void => void log.push('a');
      const b = (): void => void log.push('b');
      f.addDoneCallback(a);
      f.addDoneCallback(b);
      f.addDoneCallback(a);
      log.push(`removed a: ${f.removeDoneCallback(a)}`);
      log.push(`removed a again: ${f.removeDoneCallback(a)}`);
      f.setResult('x');
      log.push(`removed b after set_result: ${f.removeDoneCallback(b)}`);
      loop.callSoon(() => log.push('soon after set_result'));
      f.addDoneCallback(() => log.push('late callback on a done future'));
      loop.callSoon(() => log.push('soon after the late callback'));
      loop.stop();
      await loop.runForever();
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
f = loop.create_future()

def a(fut):
    log.append("a")

def b(fut):
    log.append("b")

f.add_done_callback(a)
f.add_done_callback(b)
f.add_done_callback(a)
log.append(f"removed a: {f.remove_done_callback(a)}")
log.append(f"removed a again: {f.remove_done_callback(a)}")
f.set_result("x")
log.append(f"removed b after set_result: {f.remove_done_callback(b)}")
loop.call_soon(lambda: log.append("soon after set_result"))
f.add_done_callback(lambda fut: log.append("late callback on a done future"))
loop.call_soon(lambda: log.append("soon after the late callback"))
loop.stop()
loop.run_forever()
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'result, exception and InvalidStateError',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const ok = loop.createFuture<number>();
      const bad = loop.createFuture<number>();
      log.push(`pending result: ${await attempt(() => ok.result())}`);
      log.push(`pending exception: ${await attempt(() => ok.exception())}`);
      ok.setResult(42);
      log.push(`result: ${await attempt(() => ok.result())}`);
      log.push(`exception is none: ${ok.exception() === undefined}`);
      log.push(`set twice: ${(await attempt(() => ok.setResult(1))).split(':')[0]}`);
      const late = await attempt(() => ok.setException(new Error('late')));
      log.push(`set_exception on done: ${late.split(':')[0]}`);
      const error = new Error('bad value');
      bad.setException(error);
      log.push(`failed result: ${await attempt(() => bad.result())}`);
      log.push(`failed exception is the error: ${bad.exception() === error}`);
      log.push(`failed done: ${bad.done()}`);
      return log;
    },
    `
import asyncio
${PY_ATTEMPT}
log = []
loop = asyncio.new_event_loop()
ok = loop.create_future()
bad = loop.create_future()
log.append(f"pending result: {attempt(ok.result)}")
log.append(f"pending exception: {attempt(ok.exception)}")
ok.set_result(42)
log.append(f"result: {attempt(ok.result)}")
log.append(f"exception is none: {str(ok.exception() is None).lower()}")
log.append(f"set twice: {attempt(lambda: ok.set_result(1)).split(':')[0]}")
log.append(f"set_exception on done: {attempt(lambda: ok.set_exception(ValueError('late'))).split(':')[0]}")
error = ValueError("bad value")
bad.set_exception(error)
log.append(f"failed result: {attempt(bad.result)}")
log.append(f"failed exception is the error: {str(bad.exception() is error).lower()}")
log.append(f"failed done: {str(bad.done()).lower()}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'run_until_complete: result, error, stopped before completion, and no stale stop afterwards',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const settle = (f: Future<number>, how: 'result' | 'error'): void => {
        log.push(`settle ${how}`);
        if (how === 'result') f.setResult(42);
        else f.setException(new Error('it failed'));
      };

      const good = loop.createFuture<number>();
      loop.callLater(0.01, settle, good, 'result');
      loop.callSoon(() => log.push('callback while waiting'));
      log.push(`good: ${await attempt(() => loop.runUntilComplete(good))}`);

      const bad = loop.createFuture<number>();
      loop.callLater(0.01, settle, bad, 'error');
      log.push(`bad: ${await attempt(() => loop.runUntilComplete(bad))}`);

      const never = loop.createFuture<number>();
      loop.callSoon(() => {
        log.push('stopping early');
        loop.stop();
      });
      log.push(`stopped: ${await attempt(() => loop.runUntilComplete(never))}`);
      log.push(`never done: ${never.done()}`);

      // The stop callback of that run is gone: completing `never` now must not stop the loop.
      loop.callLater(0.01, settle, never, 'result');
      loop.callLater(0.02, () => log.push('still running after never completed'));
      loop.callLater(0.03, () => {
        log.push('stopper');
        loop.stop();
      });
      await loop.runForever();

      const done = loop.createFuture<number>();
      done.setResult(5);
      loop.callSoon(() => {
        log.push('ready before run_until_complete(done future)');
        loop.callSoon(() => log.push('next tick: not run'));
      });
      log.push(`already done: ${await attempt(() => loop.runUntilComplete(done))}`);
      return log;
    },
    `
import asyncio
${PY_ATTEMPT}
log = []
loop = asyncio.new_event_loop()

def settle(f, how):
    log.append(f"settle {how}")
    if how == "result":
        f.set_result(42)
    else:
        f.set_exception(ValueError("it failed"))

good = loop.create_future()
loop.call_later(0.01, settle, good, "result")
loop.call_soon(lambda: log.append("callback while waiting"))
log.append(f"good: {attempt(lambda: loop.run_until_complete(good))}")

bad = loop.create_future()
loop.call_later(0.01, settle, bad, "error")
log.append(f"bad: {attempt(lambda: loop.run_until_complete(bad))}")

never = loop.create_future()
def stop_early():
    log.append("stopping early")
    loop.stop()
loop.call_soon(stop_early)
log.append(f"stopped: {attempt(lambda: loop.run_until_complete(never))}")
log.append(f"never done: {str(never.done()).lower()}")

def stopper():
    log.append("stopper")
    loop.stop()
loop.call_later(0.01, settle, never, "result")
loop.call_later(0.02, lambda: log.append("still running after never completed"))
loop.call_later(0.03, stopper)
loop.run_forever()

done = loop.create_future()
done.set_result(5)
def ready():
    log.append("ready before run_until_complete(done future)")
    loop.call_soon(lambda: log.append("next tick: not run"))
loop.call_soon(ready)
log.append(f"already done: {attempt(lambda: loop.run_until_complete(done))}")
loop.close()
print("\\n".join(log))
`,
  );
});
