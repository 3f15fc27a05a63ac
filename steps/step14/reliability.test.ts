/**
 * The echo server of step 14, built with sock* coroutines, under load and
 * abuse: many concurrent clients whose bytes must all come back in order,
 * clients that reset, half-close or never send, and no leaks afterwards.
 * Real TCP on 127.0.0.1.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CancelledError, Loop, ensureFuture, gather, getRunningLoop, sleep, sockAccept, sockConnect,
  sockListen, sockRecv, sockSendall, waitFor, type Coro, type Task, type TcpListener,
  type TcpSocket,
} from '#step';
import {
  expectIdle, expectNoTcpLeakAfterAll, pollUntil, randomBytes, randomSlices, runOn,
  sendHalfThenReset, serving,
} from '../../shared/socket-test-helpers.ts';

/** Bound every wait, so that a hang fails clearly instead of timing out the whole file. */
const BOUND = 20;

/**
 * The echo server under test: one task accepts, one task per connection
 * echoes until the client's end of stream. A connection that fails is closed
 * and counted; it never takes the server down.
 */
class EchoServer {
  readonly failures: unknown[] = [];
  readonly conns = new Set<Task<void>>();
  served = 0;
  finished = 0;
  private acceptor: Task<void> | null = null;
  private closed = false;

  private constructor(readonly listener: TcpListener, private readonly readDelay: number) {}

  /** `readDelay`: a busy server, that first reads from a new connection that many seconds later. */
  static async start(readDelay = 0): Promise<EchoServer> {
    const server = new EchoServer(await sockListen('127.0.0.1', 0), readDelay);
    server.acceptor = getRunningLoop().createTask(server.accepting());
    return server;
  }

  get port(): number {
    return this.listener.port;
  }

  private *accepting(): Coro<void> {
    const loop = getRunningLoop();
    for (;;) {
      const conn = yield* sockAccept(this.listener);
      this.served++;
      const task = loop.createTask(this.echo(conn));
      this.conns.add(task);
      task.addDoneCallback(() => this.conns.delete(task));
    }
  }

  private *echo(conn: TcpSocket): Coro<void> {
    try {
      if (this.readDelay > 0) yield* sleep(this.readDelay);
      for (;;) {
        const data = yield* sockRecv(conn, 64 * 1024);
        if (data.length === 0) break;
        yield* sockSendall(conn, data);
      }
      this.finished++;
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      this.failures.push(error);
    } finally {
      conn.close();
    }
  }

  /** Stop accepting, cancel the connections still open, wait for them, stop listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const tasks = [...this.conns];
    if (this.acceptor !== null) tasks.push(this.acceptor);
    for (const task of tasks) task.cancel();
    await gather(...tasks, { returnExceptions: true });
    this.listener.close();
  }
}

/** Read exactly `n` bytes, or fewer if the peer ends the stream first. */
async function recvExactly(sock: TcpSocket, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const data = await sockRecv(sock, n - got);
    if (data.length === 0) break;
    parts.push(data);
    got += data.length;
  }
  return Buffer.concat(parts);
}

/** Read until the end of the stream. */
async function recvAll(sock: TcpSocket): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const data = await sockRecv(sock, 64 * 1024);
    if (data.length === 0) return Buffer.concat(parts);
    parts.push(data);
  }
}

describe('the echo server under load', () => {
  expectNoTcpLeakAfterAll();

  const CLIENTS = 200;
  const MESSAGES = 100;
  const MAX_SIZE = 64 * 1024;

  // Messages of 1 B to 64 KiB.
  it(`${CLIENTS} concurrent clients x ${MESSAGES} messages: every byte comes back, in order`, async () => {
    // Message bytes are slices of one random pool at random offsets: cheap to make, and a
    // reordered, lost or repeated chunk changes the received bytes' hash.
    const pool = randomBytes(2 * MAX_SIZE, 14);
    const loop = new Loop();
    const results = await runOn(loop, async () => {
      const server = await EchoServer.start();
      type Hashes = { sent: string; received: string; bytes: number };
      async function client(id: number): Promise<Hashes> {
        const sent = createHash('sha256');
        const received = createHash('sha256');
        let bytes = 0;
        const sock = await sockConnect('127.0.0.1', server.port);
        try {
          for (const message of randomSlices(pool, 1000 + id, MESSAGES, MAX_SIZE)) {
            sent.update(message);
            await sockSendall(sock, message);
            const reply = await recvExactly(sock, message.length);
            received.update(reply);
            bytes += message.length;
            if (reply.length !== message.length) break; // the stream ended early: hashes differ
          }
          sock.shutdownWrite();
          expect((await sockRecv(sock, 1)).length).toBe(0); // the server saw our end and closed
        } finally {
          sock.close();
        }
        return { sent: sent.digest('hex'), received: received.digest('hex'), bytes };
      }
      try {
        const clients = Array.from({ length: CLIENTS }, (_, id) => client(id));
        return await waitFor(gather(...clients), 120);
      } finally {
        expect(server.served).toBe(CLIENTS);
        await server.close();
        expect(server.failures).toEqual([]);
        expect(server.finished).toBe(CLIENTS);
      }
    });
    for (const { sent, received } of results) expect(received).toBe(sent);
    const total = results.reduce((sum, r) => sum + r.bytes, 0);
    expect(total).toBeGreaterThan(600 * 2 ** 20); // about 619 MiB each way
    await expectIdle(loop, 10);
  }, 180_000);

  // A client that resets, one that closes without reading its echo, one that half-closes
  // and one that never sends: the others are served, and each is closed.
  it('clients that misbehave: the others are served, and each is closed', async () => {
    const loop = new Loop();
    const message = randomBytes(256 * 1024, 7);
    await runOn(loop, () => serving(() => EchoServer.start(), async (server) => {
      // Well-behaved clients, running the whole time the others misbehave.
      async function good(id: number): Promise<boolean> {
        const sock = await sockConnect('127.0.0.1', server.port);
        try {
          for (let i = 0; i < 20; i++) {
            const line = Buffer.from(`client ${id} message ${i}\n`.repeat(1 + (i % 7) * 300));
            await sockSendall(sock, line);
            if (!(await recvExactly(sock, line.length)).equals(line)) return false;
            await sleep(0);
          }
          return true;
        } finally {
          sock.close();
        }
      }
      const goods = ensureFuture(gather(...Array.from({ length: 20 }, (_, id) => good(id))));

      // 1. A raw Node client sends half a message, then resets the connection (RST, not FIN).
      await sendHalfThenReset(server.port, message, () => sleep(0.01));

      // 2. Our own socket sends a large buffer and closes at once, without reading its echo.
      const quitter = await sockConnect('127.0.0.1', server.port);
      await sockSendall(quitter, message);
      quitter.close();

      // 3. A client reads its echo, then says it is done sending (a half-close): the
      // server sees the end of the stream and closes its side, and the client reads that.
      const halfCloser = await sockConnect('127.0.0.1', server.port);
      await sockSendall(halfCloser, message);
      const echoed = await waitFor(recvExactly(halfCloser, message.length), BOUND);
      halfCloser.shutdownWrite();
      const rest = await waitFor(recvAll(halfCloser), BOUND);
      halfCloser.close();
      expect(echoed.equals(message)).toBe(true);
      expect(rest.length).toBe(0);

      // 4. A client connects and never sends.
      const silent = await sockConnect('127.0.0.1', server.port);
      const silentRead = ensureFuture(sockRecv(silent, 1));

      expect(await waitFor(goods, BOUND)).toEqual(Array(20).fill(true));
      // Every connection but the silent one ends, and the server is still accepting.
      const settled = (): boolean => server.conns.size <= 1 && server.served >= 24;
      const failure = (): string => `server still has ${server.conns.size} connections`;
      await pollUntil(settled, () => sleep(0.01), BOUND * 100, failure);
      expect(silentRead.done()).toBe(false);
      expect(server.failures.length).toBeGreaterThanOrEqual(1); // the reset, at least
      for (const failure of server.failures) {
        expect((failure as NodeJS.ErrnoException).code).toMatch(/^(ECONNRESET|EPIPE)$/);
      }
      expect(server.finished + server.failures.length).toBe(23);

      // Still serving: a new client gets its echo.
      expect(await waitFor(good(99), BOUND)).toBe(true);

      // Closing the server closes the silent client's connection: it reads the end of the stream.
      await server.close();
      expect((await waitFor(silentRead, BOUND)).length).toBe(0);
      silent.close();
    }));
    await expectIdle(loop, 10);
  }, 60_000);

  // The client's end of stream may arrive before the server has echoed what came before
  // it: the server's side must stay open for writing (Node's allowHalfOpen) until it closes.
  it('a client that half-closes at once still gets all of its echo from a busy server', async () => {
    const loop = new Loop();
    await runOn(loop, () => serving(() => EchoServer.start(0.05), async (server) => {
      const sock = await sockConnect('127.0.0.1', server.port);
      try {
        await sockSendall(sock, 'the last words before a half-close');
        sock.shutdownWrite(); // the FIN arrives while the server still sleeps
        const echo = (await waitFor(recvAll(sock), BOUND)).toString();
        expect(echo).toBe('the last words before a half-close');
        expect(server.failures).toEqual([]);
      } finally {
        sock.close();
      }
    }));
  });
});
