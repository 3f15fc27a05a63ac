/**
 * When things go wrong: errors travel up the yield* chain, a failed task keeps its error, and an error nobody retrieved is reported.
 * @module
 */
export { Loop, getRunningLoop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
export { Task, ensureFuture, type Coro } from './task.ts';
export { Future, type DoneCallback } from './future.ts';
export { sleep } from './coroutines.ts';
export { InvalidStateError } from './errors.ts';
