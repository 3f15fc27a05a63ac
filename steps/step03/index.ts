/**
 * Time and timers: `callLater` and `callAt` schedule callbacks in time, and the loop sleeps until the next one is due.
 * @module
 */
export { Loop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
