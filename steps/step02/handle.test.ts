import { afterEach, describe, expect, it, vi } from 'vitest';
import { Handle, Loop, type ErrorContext } from '#step';

afterEach(() => {
  vi.restoreAllMocks();
});

/** What callSoon throws for a callback that is not a function: `got` names the value. */
const notAFunction = (got: string): TypeError =>
  new TypeError(`callSoon: a callback must be a function, got ${got}`);

describe('handles', () => {
  it('callSoon returns a Handle; a cancelled handle is skipped', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.callSoon(() => log.push('a'));
    const b = loop.callSoon(() => log.push('b'));
    loop.callSoon(() => log.push('c'));
    expect(b).toBeInstanceOf(Handle);
    b.cancel();
    b.cancel();
    expect(b.cancelled()).toBe(true);
    await loop.runOnce();
    expect(log).toEqual(['a', 'c']);
  });

  it('a handle cancelled by an earlier callback of the same tick does not run', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.callSoon(() => later.cancel());
    const later = loop.callSoon(() => log.push('later'));
    await loop.runOnce();
    expect(log).toEqual([]);
  });

  it('toString reads like the call', () => {
    const loop = new Loop();
    function greet(name: string, n: number): void {
      void name;
      void n;
    }
    const h = loop.callSoon(greet, 'Ada', 3);
    expect(String(h)).toBe('<Handle greet("Ada", 3)>');
    h.cancel();
    expect(String(h)).toBe('<Handle greet("Ada", 3) cancelled>');
  });

  it('an error in a callback goes to the exception handler and the loop keeps running', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const contexts: ErrorContext[] = [];
    loop.setExceptionHandler((l, context) => {
      expect(l).toBe(loop);
      contexts.push(context);
    });
    const boom = new Error('boom');
    function explode(): void {
      throw boom;
    }
    const h = loop.callSoon(explode);
    loop.callSoon(() => log.push('after'));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(log).toEqual(['after']);
    expect(contexts).toHaveLength(1);
    const message = 'Exception in callback <Handle explode()>';
    expect(contexts[0]).toEqual({ message, exception: boom, handle: h });
  });

  it('the default handler prints the message and the stack to stderr', async () => {
    const loop = new Loop();
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    loop.callSoon(function explode() {
      throw new Error('boom');
    });
    await loop.runOnce();
    expect(write).toHaveBeenCalledTimes(1);
    const text = String(write.mock.calls[0]?.[0]);
    expect(text).toMatch(/^Exception in callback <Handle explode\(\)>\nError: boom\n\s+at explode/);
  });

  it('setExceptionHandler(null) restores the default handler', () => {
    const loop = new Loop();
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const seen: string[] = [];
    loop.setExceptionHandler((_l, c) => void seen.push(c.message));
    loop.setExceptionHandler(null);
    loop.callExceptionHandler({ message: 'plain' });
    expect(seen).toEqual([]);
    expect(write).toHaveBeenCalledWith('plain\n');
  });

  it('setExceptionHandler refuses what is neither a function nor null, at the call', () => {
    const loop = new Loop();
    const set = loop.setExceptionHandler.bind(loop) as (handler: unknown) => void;
    const refusal = 'setExceptionHandler: a handler must be a function or null, got';
    expect(() => set(42)).toThrow(new TypeError(`${refusal} number 42`));
    expect(() => set(undefined)).toThrow(new TypeError(`${refusal} undefined undefined`));
    expect(() => set({ handle: true })).toThrow(new TypeError(`${refusal} object {"handle":true}`));
  });

  it('a handler that throws is reported by the default handler, with the original error', () => {
    const loop = new Loop();
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    loop.setExceptionHandler(() => {
      throw new Error('handler broke');
    });
    loop.callExceptionHandler({ message: 'original', exception: new Error('first') });
    const text = write.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toContain('Unhandled error in exception handler\nError: handler broke');
    expect(text).toContain('original\nError: first');
  });

  it('callSoon rejects what is not a function, naming what it got', () => {
    const loop = new Loop();
    const callSoon = loop.callSoon.bind(loop) as (fn: unknown) => Handle;
    expect(() => callSoon('greet')).toThrow(notAFunction('string "greet"'));
    expect(() => callSoon(42)).toThrow(notAFunction('number 42'));
    expect(() => callSoon(undefined)).toThrow(notAFunction('undefined undefined'));
  });

  it('callSoon names a wrong value even when JSON cannot show it', () => {
    const loop = new Loop();
    const callSoon = loop.callSoon.bind(loop) as (fn: unknown) => Handle;
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(() => callSoon(10n)).toThrow(notAFunction('bigint 10'));
    expect(() => callSoon(circular)).toThrow(notAFunction('object [object Object]'));
  });

  it('callSoon rejects generator and async functions: the loop would drop what they return', () => {
    const loop = new Loop();
    function* worker(): Generator<undefined, void, unknown> {
      yield;
    }
    async function fetcher(): Promise<void> {}
    const why = 'not a plain function: the loop would drop the coroutine or promise it returns';
    expect(() => loop.callSoon(worker as unknown as () => void)).toThrow(
      new TypeError(`callSoon: worker is a generator function, ${why}`),
    );
    expect(() => loop.callSoon(fetcher)).toThrow(
      new TypeError(`callSoon: fetcher is an async function, ${why}`),
    );
  });
});
