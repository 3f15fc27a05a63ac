/**
 * Futures: a Future holds a result that arrives later and calls its callbacks, through the loop, when it does.
 * @module
 */
export { Loop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
export { Task, type Coro } from './task.ts';
export { Future, type DoneCallback } from './future.ts';
export { InvalidStateError } from './errors.ts';
