import { describe, expect, it } from 'vitest';
import {
  EPILOGUE, PORTED, PRELUDE, attempt, caught, checkLesson, dedent, fmt, headingSlug,
  itDiffersFromAsyncio, itPortsAsyncio, msg, name, pythonProgram, refused, runBriefly, settle,
  settleNow, show, theirTrace,
} from './cpython.ts';
import { pythonAvailable } from './python.ts';

describe('the CPython port harness', () => {
  it('dedents each part of a Python half and wraps them in the prelude and the epilogue', () => {
    expect(dedent('\n    a = 1\n    if a:\n        b = 2\n')).toBe('a = 1\nif a:\n    b = 2');
    const program = pythonProgram(['def f():\n    pass', '    log.append("x")']);
    expect(program.startsWith(PRELUDE)).toBe(true);
    expect(program.endsWith(EPILOGUE)).toBe(true);
    expect(program).toContain('\ndef f():\n    pass\nlog.append("x")\n');
  });

  it('names, trims and shows errors as the prelude does', () => {
    expect(name(new TypeError('x'))).toBe('TypeError');
    expect(name('boom')).toBe('string');
    expect(msg(new Error('Event loop is closed.'))).toBe('Event loop is closed');
    expect(show(new RangeError('bad.'))).toBe('RangeError: bad');
    expect([fmt(undefined), fmt(null), fmt(true), fmt(3)]).toEqual(['none', 'none', 'true', '3']);
    expect(attempt(() => 1)).toBe('ok');
    expect(attempt(() => JSON.parse('{'))).toBe('SyntaxError');
  });

  it('settles calls, promises and coroutines into "result" or "raised" lines', async () => {
    expect(await settle(() => 42)).toBe('result 42');
    expect(await settle(() => Promise.reject(new TypeError('no')))).toBe('raised TypeError: no');
    expect(settleNow(() => undefined)).toBe('result none');
    function* failing(): Generator<number, number, unknown> {
      yield 1;
      throw new RangeError('late');
    }
    const outer = caught(failing());
    expect(outer.next().value).toBe(1);
    expect(outer.next()).toEqual({ done: true, value: 'raised RangeError: late' });
  });

  it('reports what a call throws, or what its Promise rejects with', async () => {
    const seen: unknown[] = [];
    refused(() => {
      throw new Error('sync');
    }, (e) => seen.push(msg(e)));
    refused(() => Promise.reject(new Error('async')), (e) => seen.push(msg(e)));
    refused(() => 'fine', (e) => seen.push(e));
    await Promise.resolve();
    expect(seen).toEqual(['sync', 'async']);
  });

  it('runs ticks with stop() then runForever()', async () => {
    const calls: string[] = [];
    await runBriefly({ stop: () => calls.push('stop'), runForever: () => calls.push('run') }, 2);
    expect(calls).toEqual(['stop', 'run', 'stop', 'run']);
  });

  it('finds lesson headings by their slug, and refuses unknown ones', () => {
    expect(headingSlug('How asyncio does it')).toBe('how-asyncio-does-it');
    expect(() => checkLesson('step03#how-asyncio-does-it')).not.toThrow();
    expect(() => checkLesson('step03#no-such-heading')).toThrow(/no heading/);
    expect(() => checkLesson('step99#how-asyncio-does-it')).toThrow(/no lesson/);
  });

  it.skipIf(!pythonAvailable())('runs a Python half with the prelude helpers', () => {
    const theirs = `
      log.append(tf(True))
      log.append(show(asyncio.CancelledError()))
      log.append(settle(lambda: loop.run_until_complete(asyncio.sleep(0, 7))))
      log.append(settle(lambda: asyncio.Lock().release()))
      log.append(js([1, True, None]))
    `;
    const lock = 'raised Error: Lock is not acquired';
    const expected = ['true', 'CancelledError: cancelled', 'result 7', lock, '1,true,none'];
    expect(theirTrace(theirs)).toEqual(expected);
  });

  it.skipIf(!pythonAvailable())('refuses a Python half that prints nothing', () => {
    expect(() => theirTrace('def f():\n    pass')).toThrow(/printed nothing/);
  });

  itPortsAsyncio('test_harness.py::test_same', 'a returned trace', () => ['a', 'b'], 'log += "ab"');

  itPortsAsyncio('test_harness.py::test_log', 'a trace put in the log', (log) => {
    log.push('x');
  }, 'log.append("x")');

  itDiffersFromAsyncio(
    'test_harness.py::test_differs',
    'a pinned deviation passes while asyncio still differs',
    { lesson: 'step03#how-asyncio-does-it', reason: 'the harness test says so' },
    () => ['ours'],
    'log.append("theirs")',
    ['ours'],
  );

  it('registers every case with its source and kind', () => {
    expect(PORTED.map((c) => [c.source, c.kind])).toEqual([
      ['test_harness.py::test_same', 'same'],
      ['test_harness.py::test_log', 'same'],
      ['test_harness.py::test_differs', 'differs'],
    ]);
  });
});
