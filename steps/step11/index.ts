/**
 * Queues, events and locks: coroutines coordinate through `Queue`, `Event` and `Lock`, all built from futures; `run(main)` runs a whole program.
 * @module
 */
export { Loop, getRunningLoop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
export { Task, ensureFuture, type Coro } from './task.ts';
export { Future, type DoneCallback } from './future.ts';
export { sleep } from './coroutines.ts';
export { gather, GatheringFuture, type Awaitable, type GatherOptions, type ResultOf, type Results, type Settled } from './gather.ts';
export { wait, waitFor, ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, type ReturnWhen, type WaitOptions, type WaitResult } from './wait.ts';
export { Event, Lock, LoopBound } from './locks.ts';
export { Queue, QueueEmpty, QueueFull } from './queues.ts';
export { run } from './runners.ts';
export { CancelledError, InvalidStateError, TimeoutError } from './errors.ts';
