/**
 * Tasks: a Task is a Future driven by a coroutine that yields the futures it waits for.
 * @module
 */
export { Loop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
export { Task, ensureFuture, type Coro } from './task.ts';
export { Future, type DoneCallback } from './future.ts';
export { InvalidStateError } from './errors.ts';
