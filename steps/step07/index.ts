/**
 * Chaining with yield*: a Future is iterable, so coroutines call coroutines and futures with `yield*` and get typed results.
 * @module
 */
export { Loop, getRunningLoop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
export { Task, ensureFuture, type Coro } from './task.ts';
export { Future, type DoneCallback } from './future.ts';
export { sleep } from './coroutines.ts';
export { InvalidStateError } from './errors.ts';
