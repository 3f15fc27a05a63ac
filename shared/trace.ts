/**
 * Tick narration: with LOOP_TRACE=1 in the environment, a loop prints each tick,
 * the timers that became due and the I/O events select returned. Kept here so that
 * narration never makes a step's diff noisy.
 */
export const TRACE_ENABLED = process.env.LOOP_TRACE === '1';

/** A readable name for a callback: a Handle's toString, or a function's name. */
export function describe(item: unknown): string {
  if (typeof item === 'function') return `${item.name || 'anonymous'}()`;
  if (typeof item !== 'object' || item === null || item.toString !== Object.prototype.toString) return String(item);
  if ('fn' in item && typeof item.fn === 'function') {
    return describe(item.fn);
  }
  return String(item);
}

function print(line: string): void {
  process.stdout.write(`[trace] ${line}\n`);
}

/** Tick `n` begins and will run `items`, in this order. */
export function traceTick(n: number, items: readonly unknown[]): void {
  if (!TRACE_ENABLED) return;
  print(`tick ${n}: ${items.length} ready${items.length ? ': ' + items.map(describe).join(', ') : ''}`);
}

/** These timers are due and move to the ready queue. */
export function traceTimers(due: readonly unknown[]): void {
  if (TRACE_ENABLED && due.length) print(`  due: ${due.map(describe).join(', ')}`);
}

/** The loop sleeps (or selects) for `timeout` seconds; null means until something happens. */
export function traceWait(timeout: number | null): void {
  if (TRACE_ENABLED) print(`  wait ${timeout === null ? 'forever' : `${timeout.toFixed(3)} s`}`);
}

/** Select returned these I/O events. */
export function traceEvents(events: readonly unknown[]): void {
  if (TRACE_ENABLED && events.length) print(`  io: ${events.map(describe).join(', ')}`);
}
