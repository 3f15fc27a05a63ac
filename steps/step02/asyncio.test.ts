/**
 * Differential tests: handles and the exception handler of our loop against
 * CPython's asyncio. Each scenario is written twice, once against our loop and
 * once against asyncio, and both must print the same trace.
 *
 * asyncio's context message ("Exception in callback ...") is worded differently
 * from ours, so the traces print only what must match: which callbacks ran, in
 * which order, and what the handler was given (loop, exception, handle).
 */
import { describe } from 'vitest';
import { itMatchesAsyncio } from '../../shared/python.ts';
import { type Handle, Loop } from '#step';

describe('handles against asyncio', () => {
  itMatchesAsyncio(
    'cancelled handles are skipped, also when an earlier callback of the same tick cancels one',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const note = (name: string): void => void log.push(`run ${name}`);
      const handles: Record<string, Handle> = {};
      handles.a = loop.callSoon(note, 'a');
      handles.b = loop.callSoon(note, 'b');
      handles.c = loop.callSoon(() => {
        log.push('run c, cancels e');
        handles.e!.cancel();
        handles.g = loop.callSoon(note, 'g');
        handles.h = loop.callSoon(note, 'h');
      });
      handles.d = loop.callSoon(() => {
        log.push('run d, cancels g (next tick) and a (already ran)');
        handles.g!.cancel();
        handles.a!.cancel();
      });
      handles.e = loop.callSoon(note, 'e');
      handles.f = loop.callSoon(() => {
        log.push('run f, stops');
        loop.stop();
      });
      handles.b.cancel();
      handles.b.cancel(); // twice is harmless
      await loop.runForever();
      log.push('after first run_forever');
      loop.callSoon(() => {
        log.push('run i, stops');
        loop.stop();
      });
      await loop.runForever();
      for (const name of 'abcdefgh') {
        log.push(`${name} cancelled=${handles[name]!.cancelled()}`);
      }
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
handles = {}

def note(name):
    log.append(f"run {name}")

def c():
    log.append("run c, cancels e")
    handles["e"].cancel()
    handles["g"] = loop.call_soon(note, "g")
    handles["h"] = loop.call_soon(note, "h")

def d():
    log.append("run d, cancels g (next tick) and a (already ran)")
    handles["g"].cancel()
    handles["a"].cancel()

def f():
    log.append("run f, stops")
    loop.stop()

def i():
    log.append("run i, stops")
    loop.stop()

handles["a"] = loop.call_soon(note, "a")
handles["b"] = loop.call_soon(note, "b")
handles["c"] = loop.call_soon(c)
handles["d"] = loop.call_soon(d)
handles["e"] = loop.call_soon(note, "e")
handles["f"] = loop.call_soon(f)
handles["b"].cancel()
handles["b"].cancel()
loop.run_forever()
log.append("after first run_forever")
loop.call_soon(i)
loop.run_forever()
for name in "abcdefgh":
    log.append(f"{name} cancelled={str(handles[name].cancelled()).lower()}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'an exception in a callback goes to the handler and the loop keeps running',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      const errors: Record<string, Error> = {};
      const handles: Handle[] = [];
      const fail = (name: string): void => {
        log.push(`run ${name}, throws`);
        errors[name] = new Error(`boom from ${name}`);
        if (name === 'b') loop.callSoon(() => log.push('run c2, scheduled before the throw'));
        throw errors[name];
      };
      loop.setExceptionHandler((seenLoop, context) => {
        const message = (context.exception as Error).message;
        const name = message.split(' ').pop()!;
        log.push(`handler: message=${message}`);
        log.push(`handler: same loop=${seenLoop === loop}`);
        log.push(`handler: same exception=${context.exception === errors[name]}`);
        log.push(`handler: handle is the failing one=${handles.indexOf(context.handle!)}`);
      });
      handles.push(loop.callSoon(() => log.push('run a')));
      handles.push(loop.callSoon(fail, 'b'));
      handles.push(loop.callSoon(() => log.push('run c')));
      handles.push(loop.callSoon(fail, 'd'));
      handles.push(
        loop.callSoon(() => {
          log.push('run e');
          loop.callSoon(() => {
            log.push('run f, next tick, stops');
            loop.stop();
          });
        }),
      );
      await loop.runForever();
      log.push(`returned, running=${loop.isRunning()}`);
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
errors = {}
handles = []

def fail(name):
    log.append(f"run {name}, throws")
    errors[name] = ValueError(f"boom from {name}")
    if name == "b":
        loop.call_soon(lambda: log.append("run c2, scheduled before the throw"))
    raise errors[name]

def handler(seen_loop, context):
    exc = context["exception"]
    name = str(exc).split(" ")[-1]
    log.append(f"handler: message={exc}")
    log.append(f"handler: same loop={str(seen_loop is loop).lower()}")
    log.append(f"handler: same exception={str(exc is errors[name]).lower()}")
    log.append(f"handler: handle is the failing one={handles.index(context['handle'])}")

def e():
    log.append("run e")
    def f():
        log.append("run f, next tick, stops")
        loop.stop()
    loop.call_soon(f)

loop.set_exception_handler(handler)
handles.append(loop.call_soon(lambda: log.append("run a")))
handles.append(loop.call_soon(fail, "b"))
handles.append(loop.call_soon(lambda: log.append("run c")))
handles.append(loop.call_soon(fail, "d"))
handles.append(loop.call_soon(e))
loop.run_forever()
log.append(f"returned, running={str(loop.is_running()).lower()}")
loop.close()
print("\\n".join(log))
`,
  );

  itMatchesAsyncio(
    'a tick runs a snapshot of the ready queue; stop() lets it finish',
    async () => {
      const log: string[] = [];
      const loop = new Loop();
      let tick = 1;
      const marker = (): void => {
        // Scheduled once per tick, so its runs count the ticks.
        log.push(`-- end of tick ${tick++}`);
        if (tick <= 4) loop.callSoon(marker);
      };
      const chain = (name: string, depth: number): void => {
        log.push(`run ${name}${depth}`);
        if (depth < 3) loop.callSoon(chain, name, depth + 1);
      };
      loop.callSoon(chain, 'x', 1);
      loop.callSoon(chain, 'y', 2);
      loop.callSoon(marker);
      loop.callSoon(() => {
        log.push('run z: schedules the stopper for the next tick');
        loop.callSoon(() => {
          log.push('run stopper');
          loop.stop();
          loop.callSoon(() => log.push('run after-stop (next run)'));
        });
      });
      await loop.runForever();
      log.push('returned');
      loop.stop();
      await loop.runForever();
      log.push('returned after one more tick');
      return log;
    },
    `
import asyncio

log = []
loop = asyncio.new_event_loop()
tick = 1

def marker():
    global tick
    log.append(f"-- end of tick {tick}")
    tick += 1
    if tick <= 4:
        loop.call_soon(marker)

def chain(name, depth):
    log.append(f"run {name}{depth}")
    if depth < 3:
        loop.call_soon(chain, name, depth + 1)

def z():
    log.append("run z: schedules the stopper for the next tick")
    def stopper():
        log.append("run stopper")
        loop.stop()
        loop.call_soon(lambda: log.append("run after-stop (next run)"))
    loop.call_soon(stopper)

loop.call_soon(chain, "x", 1)
loop.call_soon(chain, "y", 2)
loop.call_soon(marker)
loop.call_soon(z)
loop.run_forever()
log.append("returned")
loop.stop()
loop.run_forever()
log.append("returned after one more tick")
loop.close()
print("\\n".join(log))
`,
  );
});
