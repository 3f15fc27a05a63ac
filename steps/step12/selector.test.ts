import { describe, expect, it } from 'vitest';
import { Selector } from '#step';

/** Seconds since `start`, a performance.now() reading. */
function since(start: number): number {
  return (performance.now() - start) / 1000;
}

/** How many of Node's timers are set: a wait that ended must not leave its own behind. */
function timersSet(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

describe('Selector: where the loop waits', () => {
  it('select(0) goes round Node\'s loop once: what Node had queued runs first', async () => {
    const selector = new Selector();
    const seen: string[] = [];
    setImmediate(() => seen.push('immediate'));
    void Promise.resolve().then(() => seen.push('microtask'));
    const start = performance.now();
    await selector.select(0);
    seen.push('select returned');
    expect(seen).toEqual(['microtask', 'immediate', 'select returned']);
    expect(since(start)).toBeLessThan(0.2);
  });

  it('select(timeout) waits about timeout seconds', async () => {
    const selector = new Selector();
    const start = performance.now();
    await selector.select(0.1);
    const waited = since(start);
    expect(waited).toBeGreaterThanOrEqual(0.095); // Node's timers may fire up to 1 ms early
    expect(waited).toBeLessThan(1);
  });

  it('wakeUp() ends a select(null) early', async () => {
    const selector = new Selector();
    setTimeout(selector.wakeUp, 50);
    const start = performance.now();
    await selector.select(null);
    expect(since(start)).toBeGreaterThanOrEqual(0.04);
    expect(since(start)).toBeLessThan(1);
  });

  it('a promise that settles while select() waits can end the wait, as the loop\'s trackPromise does', async () => {
    const selector = new Selector();
    const settled = new Promise<string>((resolve) => setTimeout(resolve, 30, 'settled'));
    const seen: string[] = [];
    void settled.then((value) => {
      seen.push(value);
      selector.wakeUp();
    });
    const start = performance.now();
    await selector.select(5);
    expect(seen).toEqual(['settled']);
    expect(since(start)).toBeLessThan(1);
  });

  it('wakeUp() ends a select(timeout) and clears its timer', async () => {
    const selector = new Selector();
    const before = timersSet();
    const waiting = selector.select(60);
    expect(timersSet()).toBe(before + 1);
    selector.wakeUp();
    await waiting;
    expect(timersSet()).toBe(before); // a timer left set would keep Node's process alive for 60 s
  });

  // Unlike asyncio's self-pipe, which keeps the byte until the next select.
  it('wakeUp() while nobody waits does nothing, and is not remembered', async () => {
    const selector = new Selector();
    selector.wakeUp();
    selector.wakeUp();
    const start = performance.now();
    await selector.select(0.05);
    expect(since(start)).toBeGreaterThanOrEqual(0.045);
    setTimeout(selector.wakeUp, 30);
    await selector.select(null); // and it still wakes a select that waits
    expect(since(start)).toBeGreaterThanOrEqual(0.07);
  });
});
