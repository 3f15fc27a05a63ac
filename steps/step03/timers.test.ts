import { describe, expect, it } from 'vitest';
import { Loop, TimerHandle } from '#step';

/** Run the loop until `seconds` have passed on its own clock. */
async function runFor(loop: Loop, seconds: number): Promise<void> {
  loop.callLater(seconds, () => loop.stop());
  await loop.runForever();
}

describe('time and timers', () => {
  it('time() is monotonic seconds', () => {
    const loop = new Loop();
    const a = loop.time();
    const b = loop.time();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(Math.abs(a - performance.now() / 1000)).toBeLessThan(1);
  });

  it('timers fire in deadline order, whatever the order they were scheduled in', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.callLater(0.03, () => log.push('30ms'));
    loop.callLater(0.01, () => log.push('10ms'));
    loop.callLater(0.02, () => log.push('20ms'));
    await runFor(loop, 0.05);
    expect(log).toEqual(['10ms', '20ms', '30ms']);
  });

  it('equal deadlines fire in the order they were scheduled', async () => {
    const loop = new Loop();
    const log: number[] = [];
    const when = loop.time() + 0.01;
    for (let i = 0; i < 50; i++) loop.callAt(when, () => log.push(i));
    await runFor(loop, 0.02);
    expect(log).toEqual([...Array(50).keys()]);
  });

  it('a timer never fires before its deadline', async () => {
    const loop = new Loop();
    const lateness: number[] = [];
    for (let i = 0; i < 20; i++) {
      const late = (): void => void lateness.push(loop.time() - timer.when());
      const timer = loop.callLater(Math.random() * 0.03, late);
    }
    await runFor(loop, 0.04);
    expect(lateness).toHaveLength(20);
    expect(lateness.every((late) => late >= 0)).toBe(true);
  });

  it('due timers join the ready queue after the handles already there, in the same tick', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.callLater(0, () => log.push('timer'));
    loop.callSoon(() => log.push('soon'));
    await loop.runOnce();
    expect(log).toEqual(['soon', 'timer']);
  });

  it('a cancelled timer never runs', async () => {
    const loop = new Loop();
    const log: string[] = [];
    const t = loop.callLater(0.01, () => log.push('cancelled one'));
    loop.callLater(0.02, () => log.push('kept'));
    loop.callLater(0.005, () => t.cancel());
    await runFor(loop, 0.03);
    expect(log).toEqual(['kept']);
    expect(t.cancelled()).toBe(true);
  });

  it('callAt takes a time on the loop clock; when() returns it', async () => {
    const loop = new Loop();
    const when = loop.time() + 0.01;
    const t = loop.callAt(when, () => loop.stop());
    expect(t).toBeInstanceOf(TimerHandle);
    expect(t.when()).toBe(when);
    await loop.runForever();
    expect(loop.time()).toBeGreaterThanOrEqual(when);
  });

  it('toString names the timer', () => {
    const loop = new Loop();
    function ring(n: number): void {
      void n;
    }
    expect(String(loop.callLater(1, ring, 3))).toBe('<TimerHandle ring(3)>');
  });

  it('the loop sleeps, not spins, while it waits for a timer', async () => {
    const loop = new Loop();
    const before = process.cpuUsage();
    const wallStart = performance.now();
    await runFor(loop, 0.3);
    const wall = performance.now() - wallStart;
    const cpu = process.cpuUsage(before);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    expect(wall).toBeGreaterThanOrEqual(300);
    expect(cpuMs).toBeLessThan(60);
  });

  it('an idle loop with no timer says it would wait forever', async () => {
    const loop = new Loop();
    await expect((async () => loop.runForever())()).rejects.toThrow(
      'Event loop is idle: nothing is ready and no timer is scheduled, so it would wait forever.',
    );
    expect(loop.isRunning()).toBe(false);
  });

  it('an idle loop whose only timer was cancelled says so too', async () => {
    const loop = new Loop();
    loop.callLater(10, () => loop.stop()).cancel();
    await expect((async () => loop.runOnce())()).rejects.toThrow(/would wait forever/);
    expect(loop.isRunning()).toBe(false);
  });

  it('rejects a delay that is not a number, NaN, infinite or negative', () => {
    const loop = new Loop();
    const f = (): void => {};
    const callLater = loop.callLater.bind(loop) as (d: unknown, fn: () => void) => TimerHandle;
    expect(() => callLater('1', f)).toThrow(
      new TypeError('callLater: delay must be a number of seconds, got string "1"'),
    );
    expect(() => loop.callLater(Number.NaN, f)).toThrow(
      new RangeError('callLater: delay must be a finite number of seconds, got NaN'),
    );
    expect(() => loop.callLater(Infinity, f)).toThrow(
      new RangeError('callLater: delay must be a finite number of seconds, got Infinity'),
    );
    expect(() => loop.callLater(-1, f)).toThrow(
      new RangeError('callLater: delay must be >= 0 seconds, got -1'),
    );
    expect(() => loop.callAt(Number.NaN, f)).toThrow(
      new RangeError('callAt: when must be a finite number of seconds, got NaN'),
    );
  });

  it('rejects a callback that is not a function', () => {
    const loop = new Loop();
    const callLater = loop.callLater.bind(loop) as (d: number, fn: unknown) => TimerHandle;
    expect(() => callLater(1, null)).toThrow(
      new TypeError('callAt: a callback must be a function, got object null'),
    );
  });

  it('an error in a timer goes to the exception handler', async () => {
    const loop = new Loop();
    const messages: string[] = [];
    loop.setExceptionHandler((_l, c) => {
      messages.push(`${c.message}: ${(c.exception as Error).message}`);
    });
    function late(): void {
      throw new Error('late boom');
    }
    loop.callLater(0.001, late);
    await runFor(loop, 0.01);
    expect(messages).toEqual(['Exception in callback <TimerHandle late()>: late boom']);
  });
});
