/**
 * An echo server written with streams, under load and abuse: many concurrent
 * clients whose bytes must all come back in order, clients that reset,
 * half-close or never send, a reader far slower than the writer, and no leaks
 * afterwards. Real TCP on 127.0.0.1.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  Loop, TimeoutError, ensureFuture, gather, openConnection, sleep, startServer, waitFor,
  type Coro, type ErrorContext, type Server, type StreamReader, type StreamWriter,
} from '#step';
import {
  collectReports, errorOf, expectIdle, expectNoTcpLeakAfterAll, pollUntil, randomBytes,
  randomSlices, runOn, sendHalfThenReset, serving, tcpHandlesSettleTo,
} from '../../shared/socket-test-helpers.ts';

/** No leaks: the loop is idle at once, and closed (see expectIdle); no TCP handle is left. */
async function expectNoLeaks(loop: Loop, tcpBefore: number): Promise<void> {
  await expectIdle(loop, 5);
  expect(await tcpHandlesSettleTo(tcpBefore, 3)).toBe(tcpBefore);
}

/** Bound every wait, so that a hang fails clearly instead of timing out the whole file. */
const BOUND = 20;

/** Wait (bounded) until `condition()` holds. */
function until(condition: () => boolean, what: string): Promise<void> {
  return pollUntil(condition, () => sleep(0.01), BOUND * 100, () => `still waiting for ${what}`);
}

/** The Node socket under a StreamWriter (a private field): to see how much Node itself buffers. */
function nodeSocketOf(writer: StreamWriter): net.Socket {
  return (writer as unknown as { sock: { stream: net.Socket } }).sock.stream;
}

/** The bytes a StreamReader holds and nobody read yet (a private field). */
function readerBuffered(reader: StreamReader): number {
  return (reader as unknown as { buffered: number }).buffered;
}

/**
 * The echo server under test, written with streams: each connection echoes
 * what it reads until the end of the stream. With `idle` set, a connection
 * silent that long is closed. A handler that fails is reported by startServer
 * to the loop's exception handler (collected in `reports`).
 */
class EchoServer {
  served = 0;
  finished = 0;
  timedOut = 0;

  private constructor(readonly server: Server, readonly reports: ErrorContext[]) {}

  static async start(loop: Loop, options: { idle?: number; readDelay?: number } = {}) {
    const reports = collectReports(loop);
    let self: EchoServer | null = null;
    const echo = function* echo(reader: StreamReader, writer: StreamWriter): Coro<void> {
      const stats = self as EchoServer;
      stats.served++;
      if (options.readDelay) yield* sleep(options.readDelay);
      for (;;) {
        let data: Buffer;
        try {
          const read = reader.read(64 * 1024);
          data = options.idle === undefined ? yield* read : yield* waitFor(read, options.idle);
        } catch (error) {
          if (!(error instanceof TimeoutError)) throw error;
          stats.timedOut++;
          return; // silent too long: the server closes the connection
        }
        if (data.length === 0) break;
        writer.write(data);
        yield* writer.drain();
      }
      stats.finished++;
    };
    self = new EchoServer(await startServer(echo, '127.0.0.1', 0), reports);
    return self;
  }

  get port(): number {
    return this.server.port;
  }

  close(): void {
    this.server.close();
  }
}

/** The messages of the reports' errors, for a readable failure. */
function reported(server: EchoServer): string[] {
  return server.reports.map((r) => `${r.message}: ${String(r.exception)}`);
}

describe('an echo server written with streams, under load', () => {
  const tcpBefore = expectNoTcpLeakAfterAll(3);

  const CLIENTS = 200;
  const MESSAGES = 100;
  const MAX_SIZE = 64 * 1024;

  // Messages of 1 B to 64 KiB.
  it(`${CLIENTS} concurrent clients x ${MESSAGES} messages: every byte comes back, in order`, async () => {
    // Message bytes are slices of one random pool at random offsets: cheap to make, and a
    // reordered, lost or repeated chunk changes the hash of what came back.
    const pool = randomBytes(2 * MAX_SIZE, 15);
    const loop = new Loop();
    const started = performance.now();
    const results = await runOn(loop, async () => {
      const echo = await EchoServer.start(loop);
      function* client(id: number): Coro<{ sent: string; received: string; bytes: number }> {
        const sent = createHash('sha256');
        const received = createHash('sha256');
        let bytes = 0;
        const [reader, writer] = yield* openConnection('127.0.0.1', echo.port);
        try {
          for (const message of randomSlices(pool, 1000 + id, MESSAGES, MAX_SIZE)) {
            sent.update(message);
            writer.write(message);
            yield* writer.drain();
            received.update(yield* reader.readExactly(message.length));
            bytes += message.length;
          }
        } finally {
          writer.close();
        }
        return { sent: sent.digest('hex'), received: received.digest('hex'), bytes };
      }
      try {
        const clients = Array.from({ length: CLIENTS }, (_, id) => client(id));
        return await waitFor(gather(...clients), 120);
      } finally {
        // Each handler sees its client's end of stream, ends, and the server closes its side.
        await until(() => echo.server.activeConnections() === 0, 'the handlers to end');
        echo.server.close();
        expect(reported(echo)).toEqual([]);
        expect(echo.served).toBe(CLIENTS);
        expect(echo.finished).toBe(CLIENTS);
      }
    });
    for (const { sent, received } of results) expect(received).toBe(sent);
    const total = results.reduce((sum, r) => sum + r.bytes, 0);
    const took = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`echoed ${(total / 2 ** 20).toFixed(0)} MiB in ${CLIENTS * MESSAGES} messages in ${took} s`);
    await expectNoLeaks(loop, tcpBefore());
  }, 180_000);

  // A client that resets mid-message, one that half-closes and one that never sends.
  it('clients that misbehave: the others are served, and each is closed', async () => {
    const message = randomBytes(256 * 1024, 7);
    const loop = new Loop();
    await runOn(loop, () => serving(() => EchoServer.start(loop, { idle: 1.5 }), async (echo) => {
      // Well-behaved clients, running the whole time the others misbehave.
      async function good(id: number): Promise<boolean> {
        const [reader, writer] = await openConnection('127.0.0.1', echo.port);
        try {
          for (let i = 0; i < 20; i++) {
            const lines = Buffer.from(`client ${id} message ${i}\n`.repeat(1 + (i % 7) * 300));
            writer.write(lines);
            await writer.drain();
            for (let at = 0; at < lines.length; ) {
              const line = await reader.readline();
              if (!line.equals(lines.subarray(at, at + line.length))) return false;
              at += line.length;
            }
            await sleep(0);
          }
          return true;
        } finally {
          writer.close();
        }
      }
      const goods = ensureFuture(gather(...Array.from({ length: 20 }, (_, id) => good(id))));

      // 1. A raw Node client sends half a message, then resets the connection (RST, not FIN).
      await sendHalfThenReset(echo.port, message, () => sleep(0.01));

      // 2. A client reads its echo, then says it is done sending (a half-close): the server reads
      // the end of the stream, its handler ends, the server closes, and the client reads that.
      const halfCloser = net.connect({ host: '127.0.0.1', port: echo.port, allowHalfOpen: true });
      const halfClosed = new Promise<Buffer>((resolve, reject) => {
        const parts: Buffer[] = [];
        let got = 0;
        halfCloser.on('data', (chunk: Buffer) => {
          parts.push(chunk);
          got += chunk.length;
          if (got === message.length) halfCloser.end(); // the whole echo is back: half-close
        });
        halfCloser.on('end', () => resolve(Buffer.concat(parts)));
        halfCloser.on('error', reject);
      });
      halfCloser.write(message);

      // 3. A client connects and never sends: the server's idle timeout closes it.
      const [silentReader, silentWriter] = await openConnection('127.0.0.1', echo.port);
      const silentSince = loop.time();
      const silentRead = ensureFuture(silentReader.read());

      expect(await waitFor(goods, BOUND)).toEqual(Array(20).fill(true));
      expect((await waitFor(halfClosed, BOUND)).equals(message)).toBe(true);
      halfCloser.destroy();

      // Every connection but the silent one ends; the reset is reported, nothing else is.
      const goodOnesFinished = (): boolean => echo.served === 23 && echo.finished === 21;
      await until(goodOnesFinished, 'the good clients and the half-closer to finish');
      await until(() => echo.reports.length === 1, 'the reset to be reported');
      expect(echo.reports[0]?.message).toBe('Unhandled error in a client handler of startServer');
      const reset = echo.reports[0]?.exception as NodeJS.ErrnoException;
      expect(reset.code).toMatch(/^(ECONNRESET|EPIPE)$/);

      // The silent client: the server gives up after 1.5 s of silence and closes it, not before.
      expect((await waitFor(silentRead, BOUND)).length).toBe(0);
      expect(loop.time() - silentSince).toBeGreaterThan(1.4);
      expect(echo.timedOut).toBe(1);
      silentWriter.close();

      // Still serving: a new client gets its echo.
      expect(await waitFor(good(99), BOUND)).toBe(true);
      await until(() => echo.server.activeConnections() === 0, 'every handler to end');
      expect(echo.reports.length).toBe(1);
    }));
    await expectNoLeaks(loop, tcpBefore());
  }, 60_000);

  it('a client that half-closes at once still gets the rest of its echo, then the end', async () => {
    const loop = new Loop();
    const start = () => EchoServer.start(loop, { readDelay: 0.05 });
    await runOn(loop, () => serving(start, async (echo) => {
      const client = net.connect({ host: '127.0.0.1', port: echo.port, allowHalfOpen: true });
      try {
        const received = new Promise<string>((resolve, reject) => {
          let text = '';
          client.on('data', (chunk: Buffer) => (text += chunk.toString()));
          client.on('end', () => resolve(text));
          client.on('error', reject);
        });
        // The FIN arrives while the handler sleeps.
        client.end('the last words before a half-close');
        expect(await waitFor(received, BOUND)).toBe('the last words before a half-close');
        expect(reported(echo)).toEqual([]);
      } finally {
        client.destroy();
      }
    }));
  });

  const TOTAL = 50 * 2 ** 20;
  const CHUNK = 64 * 1024;

  it('backpressure: 50 MiB by write(); drain() to a slow reader buffers a bounded amount', async () => {
    const chunk = randomBytes(CHUNK, 50);
    const expected = createHash('sha256');
    for (let sent = 0; sent < TOTAL; sent += CHUNK) expected.update(chunk);
    const loop = new Loop();
    let peakWriter = 0; // writer.bufferSize(): what the StreamWriter holds
    let peakNode = 0; // what Node's socket holds on top (writableLength)
    let drainsThatWaited = 0;
    const started = performance.now();
    const received = await runOn(loop, async () => {
      function* flood(_reader: StreamReader, writer: StreamWriter): Coro<void> {
        const node = nodeSocketOf(writer);
        for (let sent = 0; sent < TOTAL; sent += CHUNK) {
          writer.write(chunk);
          peakWriter = Math.max(peakWriter, writer.bufferSize());
          peakNode = Math.max(peakNode, node.writableLength);
          const before = loop.time();
          yield* writer.drain();
          if (loop.time() - before > 0.001) drainsThatWaited++;
        }
      }
      return serving(() => startServer(flood, '127.0.0.1', 0), async (server) => {
        // A raw Node client that reads slowly: nothing for 300 ms (every buffer on the way
        // fills up), then about 16 MiB/s, pausing after each chunk for as long as it "took".
        const client = net.connect({ host: '127.0.0.1', port: server.port });
        client.pause();
        const done = new Promise<{ bytes: number; hash: string }>((resolve, reject) => {
          const hash = createHash('sha256');
          let bytes = 0;
          client.on('data', (data: Buffer) => {
            hash.update(data);
            bytes += data.length;
            client.pause();
            setTimeout(() => client.resume(), data.length / (16 * 2 ** 20) * 1000);
          });
          client.on('end', () => {
            client.destroy();
            resolve({ bytes, hash: hash.digest('hex') });
          });
          client.on('error', reject);
        });
        setTimeout(() => client.resume(), 300);
        return await waitFor(done, 60);
      });
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `50 MiB to a slow reader in ${seconds.toFixed(1)} s: ` +
        `peak writer.bufferSize() ${(peakWriter / 1024).toFixed(0)} KiB, ` +
        `peak Node writableLength ${(peakNode / 1024).toFixed(0)} KiB, ${drainsThatWaited} drains waited`,
    );
    expect(received.bytes).toBe(TOTAL);
    expect(received.hash).toBe(expected.digest('hex'));
    expect(drainsThatWaited).toBeGreaterThan(0); // the reader really was slower
    // drain() waits above 64 KiB: at most one chunk more.
    expect(peakWriter).toBeLessThanOrEqual(64 * 1024 + CHUNK);
    expect(peakWriter + peakNode).toBeLessThan(2 ** 20);
    await expectNoLeaks(loop, tcpBefore());
  }, 90_000);

  /**
   * On `loop`, run `main` with a Node server whose connections never read until
   * resumed, the peer of a writer that floods: its port, and its connections so far.
   * Then close them and the server; nothing may be left behind.
   */
  async function withLazyPeer<T>(
    main: (port: number, peers: net.Socket[]) => Promise<T>,
    loop = new Loop(),
  ): Promise<T> {
    const result = await runOn(loop, async () => {
      const peers: net.Socket[] = [];
      const listener = net.createServer((sock) => {
        sock.pause();
        sock.on('error', () => {});
        peers.push(sock);
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      try {
        return await main((listener.address() as net.AddressInfo).port, peers);
      } finally {
        for (const peer of peers) peer.destroy();
        await new Promise<void>((resolve) => listener.close(() => resolve()));
      }
    });
    await expectNoLeaks(loop, tcpBefore());
    return result;
  }

  it('without drain() the writer buffers all the peer does not read; with it, it does not', async () => {
    const chunk = Buffer.alloc(CHUNK, 1);
    const peaks = await withLazyPeer(async (port, peers) => {
      const peaks: number[] = [];
      for (const drain of [false, true]) {
        const [reader, writer] = await openConnection('127.0.0.1', port);
        let peak = 0;
        const writing = ensureFuture((function* write32MiB(): Coro<void> {
          for (let sent = 0; sent < 32 * 2 ** 20; sent += CHUNK) {
            writer.write(chunk);
            peak = Math.max(peak, writer.bufferSize());
            if (drain) yield* writer.drain();
          }
        })());
        await sleep(0.5); // with drain() the writer stops once the buffers on the way are full
        writing.cancel();
        await gather(writing, { returnExceptions: true });
        peaks.push(peak);
        // The peer reads (and drops) everything; close() sends what is pending, then closes.
        peers.at(-1)?.resume();
        writer.close();
        await waitFor(writer.waitClosed(), BOUND);
        expect(writer.bufferSize()).toBe(0);
        expect(reader.atEof()).toBe(true);
      }
      return peaks;
    });
    const [withoutDrain = 0, withDrain = 0] = peaks;
    console.log(
      `32 MiB to a peer that never reads: peak writer.bufferSize() ` +
        `${(withoutDrain / 2 ** 20).toFixed(1)} MiB without drain(), ${withDrain / 1024} KiB with it`,
    );
    expect(withoutDrain).toBeGreaterThan(16 * 2 ** 20); // all but what the kernel's buffers took
    expect(withDrain).toBeLessThanOrEqual(64 * 1024 + CHUNK);
  }, 60_000);

  it('one big write goes to Node whole while it has room: bufferSize() does not count it', async () => {
    await withLazyPeer(async (port, peers) => {
      const [, writer] = await openConnection('127.0.0.1', port);
      writer.write(Buffer.alloc(16 * 2 ** 20));
      expect(writer.bufferSize()).toBe(0);
      expect(nodeSocketOf(writer).writableLength).toBeGreaterThan(8 * 2 ** 20); // kernel: the rest
      await waitFor(writer.drain(), BOUND); // nothing pending here: drain() returns at once
      writer.write('x'); // Node's buffer is over its limit now: this one waits in ours
      expect(writer.bufferSize()).toBe(1);
      await until(() => peers.length === 1, 'the peer to accept');
      peers[0]?.resume();
      writer.close();
      await waitFor(writer.waitClosed(), BOUND);
    });
  });

  // The error reaches drain(), and nothing else is reported.
  it('a peer that resets while the writer has bytes pending: drain() throws', async () => {
    const loop = new Loop();
    const reports = collectReports(loop);
    await withLazyPeer(async (port, peers) => {
      const [, writer] = await openConnection('127.0.0.1', port);
      for (let i = 0; i < 256; i++) writer.write(Buffer.alloc(CHUNK)); // 16 MiB: mostly pending
      expect(writer.bufferSize()).toBeGreaterThan(8 * 2 ** 20);
      await until(() => peers.length === 1, 'the peer to accept');
      peers[0]?.destroy(); // unread data: the peer's kernel answers with a reset
      async function drainUntilItThrows(): Promise<never> {
        for (;;) {
          await writer.drain(); // returns while the buffer is low; throws after the reset
          await sleep(0.01);
        }
      }
      const error = await errorOf(waitFor(drainUntilItThrows(), BOUND));
      expect((error as NodeJS.ErrnoException).code).toMatch(/^(ECONNRESET|EPIPE)$/);
      expect(writer.bufferSize()).toBe(0);
      expect(() => writer.write('more')).toThrow(error as Error); // and write() throws it too
      writer.close();
      await waitFor(writer.waitClosed(), BOUND);
      expect(reports.map((r) => `${r.message}: ${String(r.exception)}`)).toEqual([]);
    }, loop);
  });

  // Its reader stops taking data at 2 x 64 KiB (plus one read), and the sender waits.
  it('a handler that does not read: its reader stops taking data', async () => {
    const loop = new Loop();
    await runOn(loop, async () => {
      let idleReader: StreamReader | null = null;
      let drained = 0;
      async function idle(reader: StreamReader): Promise<void> {
        idleReader = reader;
        await sleep(1);
        // Then it reads everything: reading resumes, and the sender finishes.
        for (let data = await reader.read(CHUNK); data.length > 0; data = await reader.read(CHUNK)) {
          drained += data.length;
        }
      }
      await serving(() => startServer(idle, '127.0.0.1', 0), async (server) => {
        const sender = net.connect({ host: '127.0.0.1', port: server.port });
        const big = Buffer.alloc(2 ** 20, 2);
        let handed = 0;
        const finished = new Promise<void>((resolve, reject) => {
          sender.on('error', reject);
          sender.once('connect', function pump(): void {
            while (handed < 32 * 2 ** 20) {
              handed += big.length;
              if (!sender.write(big)) {
                sender.once('drain', pump);
                return;
              }
            }
            sender.end(resolve);
          });
        });
        await sleep(0.8);
        const buffered = readerBuffered(idleReader as unknown as StreamReader);
        const handedThen = handed;
        console.log(
          `a reader nobody reads holds ${buffered / 1024} KiB; ` +
            `the sender could hand ${handedThen / 2 ** 20} of 32 MiB to Node`,
        );
        expect(buffered).toBeLessThanOrEqual(3 * 64 * 1024);
        expect(handedThen).toBeLessThan(32 * 2 ** 20); // the sender was made to wait
        await waitFor(finished, BOUND); // once the handler reads, everything goes through
        await until(() => server.activeConnections() === 0, 'the handler to end');
        expect(drained).toBe(32 * 2 ** 20);
        sender.destroy();
      });
    });
    await expectNoLeaks(loop, tcpBefore());
  }, 60_000);
});
