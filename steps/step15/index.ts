/**
 * Real async I/O: streams read lines and exact byte counts, writers drain, and `openConnection`/`startServer` make clients and servers.
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
export { StreamReader, StreamWriter, Server, openConnection, startServer, type ClientHandler } from './streams.ts';
export {
  CancelledError,
  ConnectionError,
  IncompleteReadError,
  InvalidStateError,
  LimitOverrunError,
  TimeoutError,
} from './errors.ts';
