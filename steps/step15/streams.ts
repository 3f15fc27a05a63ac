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
import { getRunningLoop, isGenerator, isThenable, type Loop } from './loop.ts';
import { sockConnect, sockListen } from './sockets.ts';
import type { TcpListener, TcpSocket } from './socket.ts';
import { ensureFuture, type Coro } from './task.ts';

/**
 * The reader's limit, 64 KiB as in asyncio: it stops reading from the socket above
 * twice this many buffered bytes and reads again at this many or fewer, and a
 * line may not be longer.
 */
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
  /** What arrived and nobody read yet, as it came: appending never copies. */
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes at the start of the buffer known to hold no "\n": readline() searches each byte once. */
  private searched = 0;
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
    if (typeof n !== 'number') {
      throw new TypeError(`read: n must be a number of bytes, got ${typeof n} ${String(n)}`);
    }
    if (!Number.isInteger(n)) throw new RangeError(`read: n must be an integer, got ${n}`);
    return awaitable(this.readingUpTo(n));
  }

  /**
   * Read one line, up to and including "\n" (less at the end of the stream). A line
   * longer than the limit throws LimitOverrunError and is dropped. asyncio: `readline`.
   */
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
    return this.eof && this.buffered === 0;
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
      const blocks = [this.take(this.buffered)];
      while (!this.eof) {
        yield* this.waitForData();
        blocks.push(this.take(this.buffered));
      }
      return Buffer.concat(blocks);
    }
    if (this.buffered === 0 && !this.eof) yield* this.waitForData();
    return this.take(Math.min(n, this.buffered));
  }

  private *readingLine(): Coro<Buffer> {
    for (;;) {
      const end = this.indexOfNewline();
      // The limit counts the line without its "\n", as asyncio's does.
      if (end > READ_LIMIT || (end < 0 && this.buffered > READ_LIMIT)) {
        this.take(end < 0 ? this.buffered : end + 1); // drop the line, as asyncio does
        throw new LimitOverrunError(`readline: no end of line within ${READ_LIMIT} bytes`);
      }
      if (end >= 0) return this.take(end + 1);
      if (this.eof) return this.take(this.buffered);
      yield* this.waitForData();
    }
  }

  private *readingExactly(n: number): Coro<Buffer> {
    while (this.buffered < n) {
      if (this.eof) throw new IncompleteReadError(this.take(this.buffered), n);
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
    const parts: Buffer[] = [];
    for (let wanted = n; wanted > 0; ) {
      const head = this.chunks[0] as Buffer;
      const part = head.length <= wanted ? (this.chunks.shift() as Buffer) : head.subarray(0, wanted);
      if (part !== head) this.chunks[0] = head.subarray(wanted);
      parts.push(part);
      wanted -= part.length;
    }
    this.buffered -= n;
    this.searched = Math.max(0, this.searched - n);
    if (this.buffered <= READ_LIMIT) this.resumeReading();
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, n);
  }

  /** Where the first "\n" of the buffer is, or -1. Only the chunks not yet searched are. */
  private indexOfNewline(): number {
    let i = this.chunks.length;
    let start = this.buffered; // where chunk i begins: walk back to the first one not searched
    while (i > 0 && start > this.searched) start -= (this.chunks[--i] as Buffer).length;
    for (; i < this.chunks.length; start += (this.chunks[i++] as Buffer).length) {
      const at = (this.chunks[i] as Buffer).indexOf(10, Math.max(0, this.searched - start));
      if (at >= 0) return start + at;
    }
    this.searched = this.buffered;
    return -1;
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
    else this.chunks.push(data);
    this.buffered += data.length;
    if (this.buffered > 2 * READ_LIMIT) this.pauseReading(); // nobody reads: let the peer wait
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

/** What a handler returned, if the server can run it as a task. */
function started(value: unknown): Coro<void> | PromiseLike<void> {
  if (isGenerator(value) || isThenable(value)) return value as Coro<void> | PromiseLike<void>;
  const got = `${typeof value} ${String(value)}`;
  throw new TypeError(`startServer: a client handler must return a coroutine or a Promise, got ${got}`);
}

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
      let handler: Future<void>;
      try {
        handler = ensureFuture(started(this.onClient(reader, writer)), this.loop);
      } catch (error) {
        // It threw, or gave no coroutine: no task will end, so the connection ends here.
        writer.close();
        this.report(error);
        continue;
      }
      this.handlers.add(handler);
      handler.addDoneCallback(() => this.handlerDone(handler, writer));
    }
  };

  /** A handler ended: close its connection, and report its error, if any, without stopping the server. */
  private handlerDone(handler: Future<void>, writer: StreamWriter): void {
    this.handlers.delete(handler);
    writer.close();
    if (handler.cancelled() || handler.exception() === undefined) return;
    this.report(handler.exception());
  }

  /** A handler's error goes to the exception handler; the server goes on. */
  private report(exception: unknown): void {
    this.loop.callExceptionHandler({ message: 'Unhandled error in a client handler of startServer', exception });
  }
}

/** Listen on host:port (0: a free port) and run `onClient` for each connection. asyncio: `start_server`. */
export function startServer(onClient: ClientHandler, host: string, port: number): AwaitableCoro<Server> {
  if (typeof onClient !== 'function') {
    const got = `${typeof onClient} ${String(onClient)}`;
    throw new TypeError(`startServer: the client handler must be a function, got ${got}`);
  }
  return awaitable(starting(onClient, host, port));
}

function* starting(onClient: ClientHandler, host: string, port: number): Coro<Server> {
  const listener = yield* sockListen(host, port);
  return new Server(listener, getRunningLoop(), onClient);
}
