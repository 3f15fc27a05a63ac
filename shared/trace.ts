/**
 * Tick narration: with LOOP_TRACE=1 in the environment, a loop prints each tick,
 * the timers that became due and the I/O events select returned. With
 * LOOP_RECORD=<file>, the same hooks feed the tick recorder (shared/recorder.ts)
 * behind the site's tick viewer. Kept here so that neither ever makes a step's
 * diff noisy; with both off, each hook is one test of a constant.
 */
import { describe, recorder } from './recorder.ts';

export { describe };

export const TRACE_ENABLED = process.env.LOOP_TRACE === '1';

function print(line: string): void {
  process.stdout.write(`[trace] ${line}\n`);
}

/** Tick `n` of `loop` begins and will run `items`, in this order. */
export function traceTick(n: number, items: readonly unknown[], loop?: object): void {
  recorder?.tick(n, items, loop);
  if (!TRACE_ENABLED) return;
  print(`tick ${n}: ${items.length} ready${items.length ? ': ' + items.map(describe).join(', ') : ''}`);
}

/** These timers are due and move to the ready queue. */
export function traceTimers(due: readonly unknown[]): void {
  recorder?.timersDue(due);
  if (TRACE_ENABLED && due.length) print(`  due: ${due.map(describe).join(', ')}`);
}

/** The loop sleeps (or selects) for `timeout` seconds; null means until something happens. */
export function traceWait(timeout: number | null): void {
  recorder?.waitFor(timeout);
  if (TRACE_ENABLED) print(`  wait ${timeout === null ? 'forever' : `${timeout.toFixed(3)} s`}`);
}

/** Select returned these I/O events. */
export function traceEvents(events: readonly unknown[]): void {
  recorder?.events(events);
  if (TRACE_ENABLED && events.length) print(`  io: ${events.map(describe).join(', ')}`);
}

/** A task was made: the recorder follows it until the end of the run. */
export function traceTask(task: object): void {
  recorder?.task(task);
}
