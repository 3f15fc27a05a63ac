/**
 * Sockets: `sockConnect`, `sockAccept`, `sockRecv` and `sockSendall` are coroutines built from the selector and futures.
 * @module
 */
export { Loop, getRunningLoop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
export { Selector, EVENT_READ, EVENT_WRITE, type SelectorKey } from './selector.ts';
export { TcpListener, TcpSocket, type Pollable } from './socket.ts';
export { Task, ensureFuture, type Coro } from './task.ts';
export { Future, type DoneCallback } from './future.ts';
export { awaitable, fromPromise, type AwaitableCoro } from './bridge.ts';
export { sleep } from './coroutines.ts';
export { gather, GatheringFuture, type Awaitable, type GatherOptions, type ResultOf, type Results, type Settled } from './gather.ts';
export { wait, waitFor, ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, type ReturnWhen, type WaitOptions, type WaitResult } from './wait.ts';
export { Event, Lock, LoopBound } from './locks.ts';
export { Queue, QueueEmpty, QueueFull } from './queues.ts';
export { run } from './runners.ts';
export { sockAccept, sockConnect, sockListen, sockRecv, sockSendall } from './sockets.ts';
export { CancelledError, ConnectionError, InvalidStateError, TimeoutError } from './errors.ts';
