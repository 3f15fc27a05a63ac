/**
 * Coroutines for TCP sockets, built from nothing but addReader/addWriter and
 * futures: try the non-blocking call; if it would block, register a callback
 * that retries when the selector says the socket is ready, and wait on a
 * future that the callback completes. When the future is done, unregister.
 *
 * asyncio counterparts: `loop.sock_connect`, `sock_accept`, `sock_recv` and
 * `sock_sendall` in `asyncio/selector_events.py`.
 */
import { awaitable, fromPromise, type AwaitableCoro } from './bridge.ts';
import { ConnectionError } from './errors.ts';
import type { Future } from './future.ts';
import { getRunningLoop } from './loop.ts';
import { TcpListener, TcpSocket } from './socket.ts';
import type { Coro } from './task.ts';

/** Listen on host:port (port 0 picks a free one). Node binds asynchronously, so this is a coroutine too. */
export function sockListen(host: string, port: number): AwaitableCoro<TcpListener> {
  return awaitable(listening(host, port));
}

/** Bind only once a loop runs us: a listener bound with no loop to watch it would never close. */
function* listening(host: string, port: number): Coro<TcpListener> {
  const loop = getRunningLoop();
  return yield* fromPromise(TcpListener.listen(host, port), loop);
}

/** Connect to host:port and return the connected socket. asyncio: `sock_connect`. */
export function sockConnect(host: string, port: number): AwaitableCoro<TcpSocket> {
  return awaitable(connecting(host, port));
}

function* connecting(host: string, port: number): Coro<TcpSocket> {
  const loop = getRunningLoop();
  const sock = TcpSocket.connect(host, port);
  const future = loop.createFuture<TcpSocket>();
  const handle = loop.addWriter(sock, connected, future, sock, `${host}:${port}`);
  future.addDoneCallback(() => {
    if (!handle.cancelled()) loop.removeWriter(sock);
  });
  try {
    return yield* future;
  } catch (error) {
    sock.close();
    throw error;
  }
}

/** Writable means connected, or failed: ask which. asyncio: `_sock_connect_cb`. */
function connected(future: Future<TcpSocket>, sock: TcpSocket, address: string): void {
  if (future.done()) return;
  const error = sock.connectError();
  if (error === null) future.setResult(sock);
  else future.setException(new ConnectionError(`sockConnect: cannot connect to ${address}: ${error.message}`, { cause: error }));
}

/** Wait for a connection and return its socket. asyncio: `sock_accept`. */
export function sockAccept(listener: TcpListener): AwaitableCoro<TcpSocket> {
  return awaitable(waitForIo(listener, 'reader', () => listener.accept()));
}

/** Receive up to `n` bytes; an empty buffer means the peer closed its side. asyncio: `sock_recv`. */
export function sockRecv(sock: TcpSocket, n: number): AwaitableCoro<Buffer> {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`sockRecv: n must be a positive integer, got ${n}`);
  return awaitable(waitForIo(sock, 'reader', () => sock.recv(n)));
}

/** Send all of `data`, waiting while the send buffer is full. asyncio: `sock_sendall`. */
export function sockSendall(sock: TcpSocket, data: Uint8Array | string): AwaitableCoro<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return awaitable(waitForIo(sock, 'writer', () => (bytes.length === 0 || sock.send(bytes) > 0 ? undefined : null)));
}

/**
 * The pattern of every sock* coroutine: `attempt()` returns a value, or null for
 * "would block". Try it now; if it would block, retry it each time the socket
 * is ready, until it gives a value (or throws).
 */
function* waitForIo<T>(sock: TcpListener | TcpSocket, side: 'reader' | 'writer', attempt: () => T | null): Coro<T> {
  const now = attempt();
  if (now !== null) return now;
  const loop = getRunningLoop();
  const future = loop.createFuture<T>();
  const retry = (): void => {
    if (future.done()) return;
    try {
      const value = attempt();
      if (value !== null) future.setResult(value);
    } catch (error) {
      future.setException(error);
    }
  };
  const handle = side === 'reader' ? loop.addReader(sock, retry) : loop.addWriter(sock, retry);
  // Done (or cancelled): stop watching the socket. asyncio: `_sock_read_done`.
  future.addDoneCallback(() => {
    if (handle.cancelled()) return;
    if (side === 'reader') loop.removeReader(sock);
    else loop.removeWriter(sock);
  });
  return yield* future;
}
