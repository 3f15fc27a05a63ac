/**
 * Block the whole thread for `seconds`, without burning CPU.
 *
 * Steps 03-12 have no I/O to wait for, so while the next timer is due later the
 * loop simply sleeps, as `time.sleep()` would in Python. Atomics.wait on a
 * private buffer that nobody ever notifies is Node's way to sleep a thread.
 * While the tick recorder runs, the loop sleeps on its virtual clock instead.
 */
import { advanceClock, RECORDING } from './recorder.ts';

const cell = new Int32Array(new SharedArrayBuffer(4));

export function blockingSleep(seconds: number): void {
  if (RECORDING) advanceClock(Math.max(0, seconds));
  else if (seconds > 0) Atomics.wait(cell, 0, 0, seconds * 1000);
}
