import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Loop, sleep, type ErrorContext, type Task } from '#step';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collect garbage and give the FinalizationRegistry a few turns of Node's loop to report. */
async function collectGarbage(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** An async function may reject with anything, `undefined` included. */
async function rejectsWithUndefined(): Promise<number> {
  await sleep(0.001);
  throw undefined;
}

/** What `body` throws, or 'nothing thrown'. */
async function thrown(body: () => unknown): Promise<unknown> {
  try {
    await body();
  } catch (e) {
    return e;
  }
  return 'nothing thrown';
}

describe('a promise that rejects with undefined', () => {
  it('fails its task with undefined: runUntilComplete and result() throw it', async () => {
    const loop = new Loop();
    const task: Task<number> = loop.createTask(rejectsWithUndefined());
    expect(await thrown(() => loop.runUntilComplete(task))).toBe(undefined);
    expect(task.done()).toBe(true);
    expect(task.cancelled()).toBe(false);
    expect(await thrown(() => task.result())).toBe(undefined);
    expect(String(task)).toBe('<Task finished exception=undefined>');
  });

  it('is reported through the exception handler when nobody retrieved it', async () => {
    const loop = new Loop();
    const contexts: ErrorContext[] = [];
    loop.setExceptionHandler((_l, c) => void contexts.push(c));
    (function forget(): void {
      loop.createTask(rejectsWithUndefined());
    })();
    await loop.runUntilComplete(sleep(0.02));
    expect(contexts).toEqual([]);
    await collectGarbage();
    expect(contexts).toEqual([
      { message: 'Task exception was never retrieved: <Task finished exception=undefined>', exception: undefined },
    ]);
  });
});
