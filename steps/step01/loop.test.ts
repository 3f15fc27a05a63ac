import { describe, expect, it } from 'vitest';
import { Loop } from '#step';

describe('a queue of callbacks', () => {
  it('runs callbacks in FIFO order with their arguments', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const note = (s: string, n: number): void => void log.push(`${s}${n}`);
    loop.callSoon(note, 'a', 1);
    loop.callSoon(note, 'b', 2);
    loop.callSoon(note, 'c', 3);
    await loop.runOnce();
    expect(log).toEqual(['a1', 'b2', 'c3']);
  });

  it('a tick runs only what was ready when it began', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.callSoon(() => {
      log.push('first');
      loop.callSoon(() => log.push('scheduled during tick 1'));
    });
    loop.callSoon(() => log.push('second'));
    await loop.runOnce();
    expect(log).toEqual(['first', 'second']);
    await loop.runOnce();
    expect(log).toEqual(['first', 'second', 'scheduled during tick 1']);
  });

  it('stop() lets the current tick finish, then runForever() returns', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.callSoon(() => {
      log.push('stopper');
      loop.stop();
      loop.callSoon(() => log.push('next tick'));
    });
    loop.callSoon(() => log.push('same tick'));
    await loop.runForever();
    expect(log).toEqual(['stopper', 'same tick']);
    expect(loop.isRunning()).toBe(false);
  });

  it('stop() before runForever() makes it run exactly one tick', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.callSoon(() => {
      log.push('tick 1');
      loop.callSoon(() => log.push('tick 2'));
    });
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(['tick 1']);
  });

  it('reports isRunning() while running', async () => {
    const loop = new Loop();
    const seen: boolean[] = [];
    loop.callSoon(() => {
      seen.push(loop.isRunning());
      loop.stop();
    });
    expect(loop.isRunning()).toBe(false);
    await loop.runForever();
    expect(seen).toEqual([true]);
  });

  it('refuses to run a loop that is already running', async () => {
    const loop = new Loop();
    let nested: Promise<unknown> | undefined;
    loop.callSoon(() => {
      // Before step 12 the nested call throws; from step 12 it rejects: both reject here.
      nested = (async () => loop.runForever())();
      loop.stop();
    });
    await loop.runForever();
    await expect(nested).rejects.toThrow(/^This event loop is already running\.$/);
  });
});
