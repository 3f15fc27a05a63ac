/**
 * Waiting for many: `gather` collects results in argument order, `wait` returns when the first, the first failure, or all are done.
 * @module
 */
export { Loop, getRunningLoop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
export { Task, ensureFuture, type Coro } from './task.ts';
export { Future, type DoneCallback } from './future.ts';
export { sleep } from './coroutines.ts';
export { gather, type Awaitable, type GatherOptions, type ResultOf, type Results, type Settled } from './gather.ts';
export { wait, ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, type ReturnWhen, type WaitOptions, type WaitResult } from './wait.ts';
export { InvalidStateError } from './errors.ts';
