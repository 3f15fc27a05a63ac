/**
 * Streams: the comfortable way to do network I/O. A StreamReader keeps the
 * socket watched for reading and buffers what arrives, so coroutines can ask
 * for a line or an exact number of bytes. A StreamWriter takes writes at once,
 * buffers what the socket cannot take yet, and `drain()` makes the writer wait
 * while that buffer is too full: backpressure.
 *
 * asyncio counterparts: `StreamReader`, `StreamWriter`, `open_connection` and
 * `start_server` in `asyncio/streams.py`, over `_SelectorSocketTransport` in
 * `asyncio/selector_events.py`.
 */
import { awaitable, type AwaitableCoro } from './bridge.ts';
import { IncompleteReadError, LimitOverrunError } from './errors.ts';
import type { Future } from './future.ts';
import { getRunningLoop, type Loop } from './loop.ts';
import { sockConnect, sockListen } from './sockets.ts';
import type { TcpListener, TcpSocket } from './socket.ts';
import { ensureFuture, type Coro } from './task.ts';

/** The reader stops reading from the socket above this many buffered bytes; 64 KiB as in asyncio. */
const READ_LIMIT = 64 * 1024;
/** drain() waits while more than this is buffered for writing, until it falls to WRITE_LOW. */
const WRITE_HIGH = 64 * 1024;
const WRITE_LOW = 16 * 1024;

/** Wake every future in `waiters` (and empty the list). */
function wakeAll(waiters: Future<void>[]): void {
  for (const waiter of waiters.splice(0)) {
    if (!waiter.done()) waiter.setResult(undefined);
  }
}

export class StreamReader {
  private buffer: Buffer = Buffer.alloc(0);
  private eof = false;
  private failure: unknown = null;
  private readonly waiters: Future<void>[] = [];
  private reading = false;

  constructor(
    private readonly sock: TcpSocket,
    private readonly loop: Loop,
  ) {
    this.resumeReading();
  }

  /** Read up to `n` bytes (all until the end of the stream when n < 0); empty at EOF. asyncio: `read`. */
  read(n = -1): AwaitableCoro<Buffer> {
    return awaitable(this.readingUpTo(n));
  }

  /** Read one line, up to and including "\n" (less at the end of the stream). asyncio: `readline`. */
  readline(): AwaitableCoro<Buffer> {
    return awaitable(this.readingLine());
  }

  /** Read exactly `n` bytes, or throw IncompleteReadError holding what came. asyncio: `readexactly`. */
  readExactly(n: number): AwaitableCoro<Buffer> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`readExactly: n must be an integer >= 0, got ${n}`);
    return awaitable(this.readingExactly(n));
  }

  /** True once the stream ended and the buffer is empty. asyncio: `at_eof`. */
  atEof(): boolean {
    return this.eof && this.buffer.length === 0;
  }

  /** Stop watching the socket: the connection is closing. */
  stop(): void {
    this.pauseReading();
    this.eof = true;
    wakeAll(this.waiters);
  }

  private *readingUpTo(n: number): Coro<Buffer> {
    if (n === 0) return Buffer.alloc(0);
    if (n < 0) {
      // Take each block as it comes, so the buffer never grows with the whole stream.
      const blocks = [this.take(this.buffer.length)];
      while (!this.eof) {
        yield* this.waitForData();
        blocks.push(this.take(this.buffer.length));
      }
      return Buffer.concat(blocks);
    }
    if (this.buffer.length === 0 && !this.eof) yield* this.waitForData();
    return this.take(Math.min(n, this.buffer.length));
  }

  private *readingLine(): Coro<Buffer> {
    for (;;) {
      const end = this.buffer.indexOf(10); // "\n"
      if (end >= 0) return this.take(end + 1);
      if (this.buffer.length > READ_LIMIT) {
        throw new LimitOverrunError(`readline: no end of line within ${READ_LIMIT} bytes`);
      }
      if (this.eof) return this.take(this.buffer.length);
      yield* this.waitForData();
    }
  }

  private *readingExactly(n: number): Coro<Buffer> {
    while (this.buffer.length < n) {
      if (this.eof) throw new IncompleteReadError(this.take(this.buffer.length), n);
      yield* this.waitForData();
    }
    return this.take(n);
  }

  /** Wait until more data, the end of the stream, or an error arrives. asyncio: `_wait_for_data`. */
  private *waitForData(): Coro<void> {
    if (this.failure !== null) throw this.failure;
    const waiter = this.loop.createFuture<void>();
    this.waiters.push(waiter);
    this.resumeReading();
    yield* waiter;
    if (this.failure !== null) throw this.failure;
  }

  /** Remove and return the first n bytes; reading resumes once the buffer has room. */
  private take(n: number): Buffer {
    const data = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    if (this.buffer.length <= READ_LIMIT) this.resumeReading();
    return data;
  }

  /** The socket is readable: move what arrived into the buffer. asyncio: `_read_ready`. */
  private readonly onReadable = (): void => {
    let data: Buffer | null;
    try {
      data = this.sock.recv(READ_LIMIT);
    } catch (error) {
      this.failure = error;
      this.stop();
      return;
    }
    if (data === null) return;
    if (data.length === 0) this.stop();
    else this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    if (this.buffer.length > 2 * READ_LIMIT) this.pauseReading(); // nobody reads: let the peer wait
    wakeAll(this.waiters);
  };

  /** Keep the socket watched for as long as we read: registered once, not once per read. */
  private resumeReading(): void {
    if (this.reading || this.eof) return;
    this.reading = true;
    this.loop.addReader(this.sock, this.onReadable);
  }

  private pauseReading(): void {
    if (!this.reading) return;
    this.reading = false;
    this.loop.removeReader(this.sock);
  }
}

export class StreamWriter {
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  private closing = false;
  private failure: unknown = null;
  private readonly drainWaiters: Future<void>[] = [];
  private readonly closeWaiters: Future<void>[] = [];
  private closed = false;

  constructor(
    private readonly sock: TcpSocket,
    private readonly loop: Loop,
    private readonly reader: StreamReader,
  ) {}

  /** Queue `data` for sending; never waits. Call drain() to let the buffer empty. asyncio: `write`. */
  write(data: Uint8Array | string): void {
    if (this.closing) throw new Error('StreamWriter.write: the writer is closed');
    if (this.failure !== null) throw this.failure;
    const bytes = Buffer.from(data); // a copy: the caller may reuse its buffer
    if (bytes.length === 0) return;
    if (this.pendingBytes === 0 && this.trySend(bytes)) return;
    if (this.failure !== null) throw this.failure; // the send just failed
    if (this.pendingBytes === 0) this.loop.addWriter(this.sock, this.onWritable);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  /** Bytes written but not yet handed to the socket. asyncio: `transport.get_write_buffer_size`. */
  bufferSize(): number {
    return this.pendingBytes;
  }

  /** Wait while too much is buffered: the peer must catch up. asyncio: `drain`. */
  drain(): AwaitableCoro<void> {
    return awaitable(this.draining());
  }

  /** Close once everything written has been sent; stops the reader too. asyncio: `close`. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.reader.stop();
    if (this.pendingBytes === 0) this.finishClose();
  }

  /** asyncio: `is_closing`. */
  isClosing(): boolean {
    return this.closing;
  }

  /** Wait until close() has finished. asyncio: `wait_closed`. */
  waitClosed(): AwaitableCoro<void> {
    return awaitable(this.waitingClosed());
  }

  private *draining(): Coro<void> {
    if (this.failure !== null) throw this.failure;
    if (this.pendingBytes <= WRITE_HIGH) return;
    const waiter = this.loop.createFuture<void>();
    this.drainWaiters.push(waiter);
    yield* waiter;
    if (this.failure !== null) throw this.failure;
  }

  private *waitingClosed(): Coro<void> {
    if (this.closed) return;
    const waiter = this.loop.createFuture<void>();
    this.closeWaiters.push(waiter);
    yield* waiter;
  }

  /** Hand `bytes` to the socket; false when it cannot take them yet, or failed (see `failure`). */
  private trySend(bytes: Buffer): boolean {
    try {
      return this.sock.send(bytes) > 0;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  /** The socket has room: send what is pending. asyncio: `_write_ready`. */
  private readonly onWritable = (): void => {
    while (this.pending.length > 0 && this.trySend(this.pending[0] as Buffer)) {
      this.pendingBytes -= (this.pending.shift() as Buffer).length;
    }
    if (this.failure !== null) return;
    if (this.pendingBytes <= WRITE_LOW) wakeAll(this.drainWaiters);
    if (this.pendingBytes > 0) return;
    this.loop.removeWriter(this.sock);
    if (this.closing) this.finishClose();
  };

  /** The connection broke: drop what is pending; drain() and write() report the error. */
  private fail(error: unknown): void {
    this.failure = error;
    if (this.pendingBytes > 0) this.loop.removeWriter(this.sock);
    this.pending.length = 0;
    this.pendingBytes = 0;
    wakeAll(this.drainWaiters);
  }

  private finishClose(): void {
    this.sock.close();
    this.closed = true;
    wakeAll(this.closeWaiters);
  }
}

/** Connect to host:port and wrap the socket in a reader and a writer. asyncio: `open_connection`. */
export function openConnection(host: string, port: number): AwaitableCoro<[StreamReader, StreamWriter]> {
  return awaitable(connecting(host, port));
}

function* connecting(host: string, port: number): Coro<[StreamReader, StreamWriter]> {
  const sock = yield* sockConnect(host, port);
  return wrap(sock, getRunningLoop());
}

function wrap(sock: TcpSocket, loop: Loop): [StreamReader, StreamWriter] {
  const reader = new StreamReader(sock, loop);
  return [reader, new StreamWriter(sock, loop, reader)];
}

/** What the server calls for each connection: a coroutine or an async function. */
export type ClientHandler = (reader: StreamReader, writer: StreamWriter) => Coro<void> | PromiseLike<void>;

/** A listening server: it accepts connections and runs a handler task for each. asyncio: `Server`. */
export class Server {
  private readonly handlers = new Set<Future<void>>();
  /** The port the server listens on (useful with port 0). */
  readonly port: number;

  constructor(
    private readonly listener: TcpListener,
    private readonly loop: Loop,
    private readonly onClient: ClientHandler,
  ) {
    this.port = listener.port;
    loop.addReader(listener, this.onConnection);
  }

  /** Stop accepting; connections already accepted go on until their handlers end. asyncio: `close`. */
  close(): void {
    this.loop.removeReader(this.listener);
    this.listener.close();
  }

  /** Handler tasks still running. */
  activeConnections(): number {
    return this.handlers.size;
  }

  /** Accept every waiting connection and start its handler. asyncio: `_accept_connection`. */
  private readonly onConnection = (): void => {
    for (let sock = this.listener.accept(); sock !== null; sock = this.listener.accept()) {
      const [reader, writer] = wrap(sock, this.loop);
      const handler = ensureFuture(this.onClient(reader, writer), this.loop);
      this.handlers.add(handler);
      handler.addDoneCallback(() => this.handlerDone(handler, writer));
    }
  };

  /** A handler ended: close its connection, and report its error, if any, without stopping the server. */
  private handlerDone(handler: Future<void>, writer: StreamWriter): void {
    this.handlers.delete(handler);
    writer.close();
    if (handler.cancelled() || handler.exception() === undefined) return;
    this.loop.callExceptionHandler({ message: 'Unhandled error in a client handler of startServer', exception: handler.exception() });
  }
}

/** Listen on host:port (0: a free port) and run `onClient` for each connection. asyncio: `start_server`. */
export function startServer(onClient: ClientHandler, host: string, port: number): AwaitableCoro<Server> {
  return awaitable(starting(onClient, host, port));
}

function* starting(onClient: ClientHandler, host: string, port: number): Coro<Server> {
  const listener = yield* sockListen(host, port);
  return new Server(listener, getRunningLoop(), onClient);
}
