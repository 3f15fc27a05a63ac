/**
 * CPython 3.11's own asyncio tests, ported to step 05: futures and
 * run_until_complete. CPython's `run_briefly(loop)` is one tick here:
 * `stop()` then `run_forever()`, on both sides.
 */
import { describe } from 'vitest';
import {
  ValueError, attempt, itDiffersFromAsyncio, itPortsAsyncio, msg, runBriefly, settle,
} from '../shared/cpython.ts';
import { InvalidStateError, Loop } from '#step';

describe('CPython test_asyncio on step 05', () => {
  itPortsAsyncio(
    'test_futures.py::test_initial_state',
    'a new future is not done',
    () => [`done=${new Loop().createFuture().done()}`],
    'log.append(f"done={tf(loop.create_future().done())}")',
  );

  itPortsAsyncio(
    'test_futures.py::test_result',
    'result() before set_result is an InvalidStateError; after, the value; set twice is refused',
    (log) => {
      const f = new Loop().createFuture<number | null>();
      log.push(`result: ${attempt(() => f.result())}`);
      f.setResult(42);
      log.push(`done=${f.done()} result=${f.result()} exception=${f.exception() ?? 'none'}`);
      log.push(`set_result again: ${attempt(() => f.setResult(null))}`);
      log.push(`set_exception: ${attempt(() => f.setException(new Error()))}`);
    },
    `
    f = loop.create_future()
    log.append(f"result: {attempt(f.result)}")
    f.set_result(42)
    log.append(f"done={tf(f.done())} result={f.result()} exception={f.exception() or 'none'}")
    log.append(f"set_result again: {attempt(lambda: f.set_result(None))}")
    log.append(f"set_exception: {attempt(lambda: f.set_exception(Exception()))}")
    `,
  );

  itPortsAsyncio(
    'test_futures.py::test_result',
    'InvalidStateError is the class both raise, and it says the result is not set',
    () => {
      try {
        new Loop().createFuture().result();
        return ['no error'];
      } catch (e) {
        return [`${e instanceof InvalidStateError}: ${msg(e)}`];
      }
    },
    `
    try:
        loop.create_future().result()
        log.append("no error")
    except asyncio.InvalidStateError as e:
        log.append(f"true: {msg(e)}")
    `,
  );

  itPortsAsyncio(
    'test_futures.py::test_exception',
    'exception() before is an InvalidStateError; after set_exception, result() throws it',
    (log) => {
      const f = new Loop().createFuture();
      log.push(`exception: ${attempt(() => f.exception())}`);
      const exc = new ValueError('bad');
      f.setException(exc);
      log.push(`done=${f.done()} result: ${attempt(() => f.result())}`);
      log.push(`exception() is it: ${f.exception() === exc}`);
      log.push(`set_result: ${attempt(() => f.setResult(null))}`);
    },
    `
    f = loop.create_future()
    log.append(f"exception: {attempt(f.exception)}")
    exc = ValueError("bad")
    f.set_exception(exc)
    log.append(f"done={tf(f.done())} result: {attempt(f.result)}")
    log.append(f"exception() is it: {tf(f.exception() is exc)}")
    log.append(f"set_result: {attempt(lambda: f.set_result(None))}")
    `,
  );

  itDiffersFromAsyncio(
    'test_futures.py::test_exception_class',
    'set_exception(SomeClass) keeps the class itself; asyncio makes an instance',
    {
      lesson: 'step05#how-asyncio-does-it',
      reason: "asyncio's set_exception instantiates an exception class; ours keeps any value",
    },
    () => {
      const f = new Loop().createFuture();
      f.setException(ValueError);
      return [`an instance: ${f.exception() instanceof ValueError}`];
    },
    `
    f = loop.create_future()
    f.set_exception(ValueError)
    log.append(f"an instance: {tf(isinstance(f.exception(), ValueError))}")
    `,
    ['an instance: false'],
  );

  const removals = [
    ['test_callbacks_remove_first_callback', 'the first (twice)', [0, 0]],
    ['test_callbacks_remove_first_and_second_callback', 'the first two', [0, 1, 0]],
    ['test_callbacks_remove_third_callback', 'the third (twice)', [2, 2]],
  ] as const;
  for (const [test, which, removed] of removals) {
    itPortsAsyncio(
      `test_futures.py::${test}`,
      `removing ${which} of three callbacks: the others run a tick after set_result, in order`,
      async (log) => {
        const loop = new Loop();
        const f = loop.createFuture<string>();
        const bag: number[] = [];
        const cbs = [42, 17, 100].map((thing) => (): void => void bag.push(thing));
        for (const cb of cbs) f.addDoneCallback(cb);
        for (const i of removed) f.removeDoneCallback(cbs[i]!);
        f.setResult('foo');
        log.push(`bag before the tick [${bag}]`);
        await runBriefly(loop);
        log.push(`bag [${bag}], result ${f.result()}`);
      },
      `
      bag = []
      f = loop.create_future()
      cbs = [(lambda thing: lambda f: bag.append(thing))(thing) for thing in (42, 17, 100)]
      for cb in cbs:
          f.add_done_callback(cb)
      for i in ${JSON.stringify(removed)}:
          f.remove_done_callback(cbs[i])
      f.set_result("foo")
      log.append(f"bag before the tick [{','.join(map(str, bag))}]")
      run_briefly()
      log.append(f"bag [{','.join(map(str, bag))}], result {f.result()}")
      `,
    );
  }

  itPortsAsyncio(
    'test_futures.py::test_callbacks_invoked_on_set_result',
    'set_result calls the callbacks on the next tick, in the order added, with the future',
    async (log) => {
      const loop = new Loop();
      const f = loop.createFuture<string>();
      f.addDoneCallback((g) => log.push(`42, got the future: ${g === f}`));
      f.addDoneCallback(() => log.push('17'));
      f.setResult('foo');
      log.push('set_result returned');
      await runBriefly(loop);
      log.push(`result ${f.result()}`);
    },
    `
    f = loop.create_future()
    f.add_done_callback(lambda g: log.append(f"42, got the future: {tf(g is f)}"))
    f.add_done_callback(lambda g: log.append("17"))
    f.set_result("foo")
    log.append("set_result returned")
    run_briefly()
    log.append(f"result {f.result()}")
    `,
  );

  itPortsAsyncio(
    'test_futures.py::test_callbacks_invoked_on_set_exception',
    'set_exception calls the callbacks too; a callback added once done is scheduled at once',
    async (log) => {
      const loop = new Loop();
      const f = loop.createFuture();
      f.addDoneCallback(() => log.push('100'));
      const exc = new ValueError();
      f.setException(exc);
      f.addDoneCallback(() => log.push('added when done'));
      log.push('not yet');
      await runBriefly(loop);
      log.push(`exception is exc: ${f.exception() === exc}`);
    },
    `
    f = loop.create_future()
    f.add_done_callback(lambda g: log.append("100"))
    exc = ValueError()
    f.set_exception(exc)
    f.add_done_callback(lambda g: log.append("added when done"))
    log.append("not yet")
    run_briefly()
    log.append(f"exception is exc: {tf(f.exception() is exc)}")
    `,
  );

  itPortsAsyncio(
    'test_futures.py::test_remove_done_callback',
    'remove_done_callback removes every registration and returns how many',
    async (log) => {
      const loop = new Loop();
      const f = loop.createFuture<string>();
      const [cb1, cb2, cb3] = [1, 2, 3].map((n) => (): void => void log.push(`cb${n}`));
      f.addDoneCallback(cb1!);
      f.addDoneCallback(cb2!);
      log.push(`removed cb2: ${f.removeDoneCallback(cb2!)}, cb3: ${f.removeDoneCallback(cb3!)}`);
      f.addDoneCallback(cb2!);
      for (let i = 0; i < 5; i++) f.addDoneCallback(cb1!);
      log.push(`removed cb1: ${f.removeDoneCallback(cb1!)}`);
      f.setResult('foo');
      await runBriefly(loop);
    },
    `
    f = loop.create_future()
    cb1, cb2, cb3 = [(lambda n: lambda g: log.append(f"cb{n}"))(n) for n in (1, 2, 3)]
    f.add_done_callback(cb1)
    f.add_done_callback(cb2)
    log.append(f"removed cb2: {f.remove_done_callback(cb2)}, cb3: {f.remove_done_callback(cb3)}")
    f.add_done_callback(cb2)
    for i in range(5):
        f.add_done_callback(cb1)
    log.append(f"removed cb1: {f.remove_done_callback(cb1)}")
    f.set_result("foo")
    run_briefly()
    `,
  );

  itPortsAsyncio(
    'test_futures.py::test_schedule_callbacks_list_mutation_1',
    'a callback removing the others once they are scheduled does not unschedule them',
    async (log) => {
      const loop = new Loop();
      const f = loop.createFuture<number>();
      const str = (): void => void log.push('str');
      f.addDoneCallback((g) => log.push(`mut removed ${g.removeDoneCallback(str)}`));
      f.addDoneCallback(str);
      f.addDoneCallback(str);
      f.setResult(1);
      await runBriefly(loop);
    },
    `
    f = loop.create_future()
    def s(g):
        log.append("str")
    f.add_done_callback(lambda g: log.append(f"mut removed {g.remove_done_callback(s)}"))
    f.add_done_callback(s)
    f.add_done_callback(s)
    f.set_result(1)
    run_briefly()
    `,
  );

  itPortsAsyncio(
    'test_events.py::test_run_until_complete',
    'run_until_complete returns the result once a timer sets it, not before the delay',
    async (log) => {
      const loop = new Loop();
      const f = loop.createFuture<string>();
      const t0 = loop.time();
      loop.callLater(0.1, () => f.setResult('done'));
      log.push(await settle(() => loop.runUntilComplete(f)));
      log.push(`took at least 0.09 s: ${loop.time() - t0 >= 0.09}`);
    },
    `
    f = loop.create_future()
    t0 = loop.time()
    loop.call_later(0.1, f.set_result, "done")
    log.append(settle(lambda: loop.run_until_complete(f)))
    log.append(f"took at least 0.09 s: {tf(loop.time() - t0 >= 0.09)}")
    `,
  );

  itPortsAsyncio(
    'test_base_events.py::test_run_until_complete_type_error',
    "run_until_complete('blah') is a TypeError",
    async (log) => {
      log.push((await settle(() => new Loop().runUntilComplete('blah' as never))).split(':')[0]!);
    },
    'log.append(settle(lambda: loop.run_until_complete("blah")).split(":")[0])',
  );

  itDiffersFromAsyncio(
    'test_base_events.py::test_run_until_complete_loop',
    'run_until_complete of a future of another loop is refused at once, with an Error, not a ValueError',
    {
      lesson: 'step05#how-asyncio-does-it',
      reason: 'asyncio refuses with a ValueError; JavaScript has none, so ours is a plain Error',
    },
    async (log) => {
      const [loop, other] = [new Loop(), new Loop()];
      const f = loop.createFuture();
      other.callLater(0.2, () => {
        log.push('hung');
        other.stop();
      });
      const outcome = await settle(() => other.runUntilComplete(f));
      if (!outcome.includes('stopped before Future completed')) log.push(outcome.split(':')[0]!);
    },
    `
    other = asyncio.new_event_loop()
    f = loop.create_future()
    other.call_later(0.2, other.stop)
    log.append(settle(lambda: other.run_until_complete(f)).split(":")[0])
    `,
    ['raised Error'],
  );

  itPortsAsyncio(
    'test_events.py::test_run_until_complete_stopped',
    'stop() before the future is done: run_until_complete throws, the future stays pending',
    async (log) => {
      const loop = new Loop();
      const f = loop.createFuture();
      loop.callSoon(() => loop.stop());
      log.push(await settle(() => loop.runUntilComplete(f)), `future done=${f.done()}`);
    },
    `
    f = loop.create_future()
    loop.call_soon(loop.stop)
    log.extend([settle(lambda: loop.run_until_complete(f)), f"future done={tf(f.done())}"])
    `,
  );
});
