/**
 * TCP sockets as an operating system shows them to asyncio: calls that never
 * block (they do their work at once, or answer "would block"), and a state a
 * selector can poll: is there something to read, is there room to write?
 *
 * Node gives us streams and events instead, and libuv does the real polling.
 * These classes translate: they listen to Node's events ('data', 'end',
 * 'drain', 'connect', 'connection', 'error'), keep what arrived, and tell
 * whoever watches them that their state changed.
 *
 * asyncio counterpart: the `socket` module in non-blocking mode.
 */
import net from 'node:net';

/** Something a Selector can watch: it knows whether it can be read or written without waiting. */
export interface Pollable {
  readable(): boolean;
  writable(): boolean;
  /**
   * Call `onChange` whenever readable() or writable() may have changed: a selector
   * asks only the sockets that said so. null stops watching.
   */
  watch(onChange: (() => void) | null): void;
  /** A loop that closes closes the sockets it still watches. */
  close(): void;
}

/** How much received data we keep before we stop reading from Node: our receive buffer. */
const RECEIVE_BUFFER = 64 * 1024;

/** A connected TCP socket. */
export class TcpSocket implements Pollable {
  private readonly received: Buffer[] = [];
  private receivedBytes = 0;
  private eof = false;
  private failure: Error | null = null;
  private closed = false;
  private onChange: (() => void) | null = null;

  constructor(
    private readonly stream: net.Socket,
    private connected: boolean,
  ) {
    stream.setNoDelay(true);
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('end', () => this.changed(() => (this.eof = true)));
    stream.on('drain', () => this.changed());
    stream.on('connect', () => this.changed(() => (this.connected = true)));
    stream.on('error', (error) => this.changed(() => (this.failure = error)));
  }

  /** Start connecting, without waiting: the socket turns writable once connected. asyncio: `connect_ex` → EINPROGRESS. */
  static connect(host: string, port: number): TcpSocket {
    return new TcpSocket(net.connect({ host, port, allowHalfOpen: true }), false);
  }

  /** Data, the end of the stream, or an error is waiting to be picked up by recv(). */
  readable(): boolean {
    return this.receivedBytes > 0 || this.eof || this.failure !== null || this.closed;
  }

  /** send() would accept data now (or would report an error). */
  writable(): boolean {
    return (this.connected && !this.stream.writableNeedDrain) || this.failure !== null || this.closed;
  }

  watch(onChange: (() => void) | null): void {
    this.onChange = onChange;
  }

  /**
   * Take up to `n` received bytes: an empty buffer means the peer closed its side,
   * null means nothing is there yet ("would block"). Throws the socket's error.
   */
  recv(n: number): Buffer | null {
    if (this.closed) throw new Error('recv: the socket is closed');
    if (this.receivedBytes === 0) {
      if (this.failure) throw this.failure;
      return this.eof ? Buffer.alloc(0) : null;
    }
    const data = this.take(n);
    if (this.receivedBytes < RECEIVE_BUFFER) this.stream.resume();
    return data;
  }

  /**
   * Hand `data` to the connection if there is room: returns how many bytes were
   * taken, 0 when the send buffer is full ("would block"). Throws the socket's error.
   */
  send(data: Uint8Array): number {
    if (this.closed) throw new Error('send: the socket is closed');
    if (this.failure) throw this.failure;
    if (!this.connected) throw new Error('send: the socket is not connected');
    if (this.stream.writableNeedDrain) return 0;
    this.stream.write(data);
    return data.length;
  }

  /** The error a connect() ended with, or null once connected. asyncio: `getsockopt(SO_ERROR)`. */
  connectError(): Error | null {
    return this.failure;
  }

  /** Say we will send no more (a half-close); the peer reads the end of the stream. asyncio: `shutdown(SHUT_WR)`. */
  shutdownWrite(): void {
    this.stream.end();
  }

  /**
   * Close: what was sent still goes out, then the connection ends; a connect still
   * under way is dropped at once. A call that waits on the socket fails. asyncio: `close`.
   */
  close(): void {
    if (this.closed) return;
    if (this.connected) this.stream.destroySoon();
    else this.stream.destroy(); // destroySoon would wait for a connect that may never come
    this.changed(() => (this.closed = true));
  }

  /** The peer's address, as "host:port". */
  peer(): string {
    return `${this.stream.remoteAddress}:${this.stream.remotePort}`;
  }

  private receive(chunk: Buffer): void {
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    if (this.receivedBytes >= RECEIVE_BUFFER) this.stream.pause(); // full: stop reading, the peer waits
    this.changed();
  }

  /** Remove and return the first n bytes (or fewer) of the receive buffer. */
  private take(n: number): Buffer {
    const parts: Buffer[] = [];
    let wanted = Math.min(n, this.receivedBytes);
    while (wanted > 0) {
      const head = this.received[0] as Buffer;
      const part = head.length <= wanted ? (this.received.shift() as Buffer) : head.subarray(0, wanted);
      if (part !== head) this.received[0] = head.subarray(wanted);
      parts.push(part);
      wanted -= part.length;
      this.receivedBytes -= part.length;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  private changed(update?: () => void): void {
    update?.();
    this.onChange?.();
  }
}

/** A listening TCP socket: connections wait in its backlog until accept() takes them. */
export class TcpListener implements Pollable {
  private readonly backlog: TcpSocket[] = [];
  private failure: Error | null = null;
  private closed = false;
  private onChange: (() => void) | null = null;

  private constructor(private readonly server: net.Server) {
    server.on('connection', (stream: net.Socket) => {
      this.backlog.push(new TcpSocket(stream, true)); // it listens for errors from the start
      this.onChange?.();
    });
    server.on('error', (error) => {
      this.failure = error;
      this.onChange?.();
    });
  }

  /**
   * Bind and listen on host:port; port 0 picks a free port (see `port`). Node
   * binds asynchronously, so this gives a promise. asyncio: `bind` + `listen`.
   */
  static listen(host: string, port: number): Promise<TcpListener> {
    const server = net.createServer({ allowHalfOpen: true }); // a peer's end closes only its side
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(new TcpListener(server));
      });
    });
  }

  /** The port we listen on. */
  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** A connection is waiting to be accepted (or an error to be reported). */
  readable(): boolean {
    return this.backlog.length > 0 || this.failure !== null || this.closed;
  }

  writable(): boolean {
    return false;
  }

  watch(onChange: (() => void) | null): void {
    this.onChange = onChange;
  }

  /** Take the oldest waiting connection, or null ("would block"). asyncio: `accept`. */
  accept(): TcpSocket | null {
    if (this.closed) throw new Error('accept: the listener is closed');
    if (this.failure) throw this.failure;
    return this.backlog.shift() ?? null;
  }

  /** Stop listening; connections not yet accepted are closed. A call that waits on it fails. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.close();
    for (const sock of this.backlog.splice(0)) sock.close();
    this.onChange?.();
  }
}
