/**
 * The await bridge: futures and the API's coroutines can be awaited from native async functions, and tasks can run Promises; the run methods return Promises.
 * @module
 */
export { Loop, getRunningLoop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
export { Selector } from './selector.ts';
export { Task, ensureFuture, type Coro } from './task.ts';
export { Future, type DoneCallback } from './future.ts';
export { awaitable, fromPromise, type AwaitableCoro } from './bridge.ts';
export { sleep } from './coroutines.ts';
export { gather, GatheringFuture, type Awaitable, type GatherOptions, type ResultOf, type Results, type Settled } from './gather.ts';
export { wait, waitFor, ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, type ReturnWhen, type WaitOptions, type WaitResult } from './wait.ts';
export { Event, Lock, LoopBound } from './locks.ts';
export { Queue, QueueEmpty, QueueFull } from './queues.ts';
export { run } from './runners.ts';
export { CancelledError, InvalidStateError, TimeoutError } from './errors.ts';
