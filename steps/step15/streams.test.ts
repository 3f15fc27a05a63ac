/**
 * Streams on real TCP sockets on 127.0.0.1: what StreamReader's reads return,
 * the errors a reader, a writer, openConnection and startServer give, and a
 * server that keeps serving. Every wait is bounded; everything is closed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ConnectionError,
  IncompleteReadError,
  LimitOverrunError,
  Loop,
  ensureFuture,
  gather,
  openConnection,
  sleep,
  sockConnect,
  sockRecv,
  sockSendall,
  startServer,
  waitFor,
  type Coro,
  type ErrorContext,
  type Server,
  type StreamReader,
  type StreamWriter,
} from './index.ts';

/** Run `main` (called once the loop runs) on `loop` until it is done. */
function runOn<T>(loop: Loop, main: () => Promise<T>): Promise<T> {
  return loop.runUntilComplete((function* starting(): Coro<T> {
    return yield* ensureFuture(main());
  })());
}

/** Node's open TCP handles (sockets and servers), to compare before and after. */
function openTcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

/** Node closes a destroyed socket's handle on a later turn of its own loop: poll for a while. */
async function tcpHandlesSettleTo(expected: number): Promise<number> {
  for (let i = 0; i < 200 && openTcpHandles() !== expected; i++) await new Promise((r) => setTimeout(r, 10));
  return openTcpHandles();
}

/** The loop watches no socket and has nothing pending: runForever() says it is idle at once. */
async function expectIdle(loop: Loop): Promise<void> {
  expect(loop.watchedSockets()).toBe(0);
  await expect(loop.runForever()).rejects.toThrow(/Event loop is idle/);
  loop.close();
}

/** Bound every wait, so that a hang fails clearly instead of timing out the whole file. */
const BOUND = 10;

/** The error an awaitable ends with (or null if it succeeds). */
async function errorOf(aw: PromiseLike<unknown>): Promise<unknown> {
  return aw.then(
    () => null,
    (error: unknown) => error,
  );
}

/** A server whose handler sends `chunks` (pausing `gap` seconds between them), then waits for the client to close unless `close` is set. */
function sender(chunks: (string | Buffer)[], options: { gap?: number; close?: boolean } = {}) {
  return function* send(reader: StreamReader, writer: StreamWriter): Coro<void> {
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0 && options.gap) yield* sleep(options.gap);
      writer.write(chunk);
      yield* writer.drain();
    }
    if (!options.close) yield* reader.read(); // until the client closes
  };
}

/** Start a server on a free port, run `body` with it, close the server. */
async function withServer<T>(handler: (reader: StreamReader, writer: StreamWriter) => Coro<void> | Promise<void>, body: (server: Server) => PromiseLike<T>): Promise<T> {
  const server = await startServer(handler, '127.0.0.1', 0);
  try {
    return await body(server);
  } finally {
    server.close();
  }
}

describe('step 15: streams', () => {
  let tcpBefore = 0;
  beforeAll(() => {
    tcpBefore = openTcpHandles();
  });
  afterAll(async () => {
    expect(await tcpHandlesSettleTo(tcpBefore)).toBe(tcpBefore);
  });

  it('read(n) returns at most n bytes, what is there, and an empty buffer at the end of the stream', async () => {
    const loop = new Loop();
    await runOn(loop, () =>
      withServer(sender(['hello world'], { close: true }), async (server) => {
        const [reader, writer] = await openConnection('127.0.0.1', server.port);
        expect((await waitFor(reader.readExactly(0), BOUND)).length).toBe(0);
        expect((await waitFor(reader.read(5), BOUND)).toString()).toBe('hello');
        expect(reader.atEof()).toBe(false);
        expect((await waitFor(reader.read(100), BOUND)).toString()).toBe(' world'); // fewer than asked: what is there
        expect((await waitFor(reader.read(100), BOUND)).length).toBe(0); // the server closed: EOF
        expect(reader.atEof()).toBe(true);
        expect((await reader.read(100)).length).toBe(0); // and stays at EOF
        expect((await reader.read(0)).length).toBe(0);
        writer.close();
      }),
    );
    await expectIdle(loop);
  });

  it('read(n) does not wait for n bytes: it returns the first chunk that arrives', async () => {
    const loop = new Loop();
    await runOn(loop, () =>
      withServer(sender(['first', 'second'], { gap: 0.3 }), async (server) => {
        const [reader, writer] = await openConnection('127.0.0.1', server.port);
        const start = loop.time();
        expect((await waitFor(reader.read(1000), BOUND)).toString()).toBe('first');
        expect(loop.time() - start).toBeLessThan(0.25); // not held back until 'second' arrives
        expect((await waitFor(reader.read(1000), BOUND)).toString()).toBe('second');
        writer.close();
      }),
    );
    await expectIdle(loop);
  });

  it('a StreamReader registers its socket once for all its reads; sockRecv registers once per read that waits', async () => {
    const ROUNDS = 50;
    function* answerEachLine(reader: StreamReader, writer: StreamWriter): Coro<void> {
      for (let line = yield* reader.readline(); line.length > 0; line = yield* reader.readline()) writer.write(`re: ${line}`);
    }
    async function count(client: (port: number) => Promise<void>): Promise<number> {
      const loop = new Loop();
      const addReader = vi.spyOn(loop, 'addReader');
      await runOn(loop, () => withServer(answerEachLine, (server) => waitFor(client(server.port), BOUND)));
      await expectIdle(loop);
      return addReader.mock.calls.length;
    }
    const withStreams = await count(async (port) => {
      const [reader, writer] = await openConnection('127.0.0.1', port);
      for (let i = 0; i < ROUNDS; i++) {
        writer.write(`${i}\n`);
        expect((await reader.readline()).toString()).toBe(`re: ${i}\n`);
      }
      writer.close();
    });
    const withSockRecv = await count(async (port) => {
      const sock = await sockConnect('127.0.0.1', port);
      for (let i = 0; i < ROUNDS; i++) {
        await sockSendall(sock, `${i}\n`);
        expect((await sockRecv(sock, 100)).toString()).toBe(`re: ${i}\n`); // short lines: each comes whole
      }
      sock.close();
    });
    // The listener, the server's connection and the client's: three, however many rounds.
    expect(withStreams).toBe(3);
    // The listener and the server's connection, then one per round trip of the client.
    expect(withSockRecv).toBe(2 + ROUNDS);
  });

  it('read() with no size reads everything until the end of the stream, across chunks', async () => {
    const chunks = Array.from({ length: 5 }, (_, i) => Buffer.alloc(50_000, 65 + i)); // 250 kB: more than the reader's buffer limits
    const loop = new Loop();
    await runOn(loop, () =>
      withServer(sender(chunks, { gap: 0.02, close: true }), async (server) => {
        const [reader, writer] = await openConnection('127.0.0.1', server.port);
        const all = await waitFor(reader.read(), BOUND);
        expect(all.equals(Buffer.concat(chunks))).toBe(true);
        expect(reader.atEof()).toBe(true);
        writer.close();
      }),
    );
    await expectIdle(loop);
  });

  it('readline() returns each line with its "\\n", the last line without one at the end of the stream, then empty', async () => {
    const loop = new Loop();
    await runOn(loop, () =>
      // The lines arrive cut in odd places: a line may take several chunks, a chunk may hold several lines.
      withServer(sender(['one\ntw', 'o\n', '\nth', 'ree'], { gap: 0.02, close: true }), async (server) => {
        const [reader, writer] = await openConnection('127.0.0.1', server.port);
        const lines: string[] = [];
        for (let i = 0; i < 6; i++) lines.push((await waitFor(reader.readline(), BOUND)).toString());
        expect(lines).toEqual(['one\n', 'two\n', '\n', 'three', '', '']);
        writer.close();
      }),
    );
    await expectIdle(loop);
  });

  it('readline() throws LimitOverrunError for a line longer than the reader limit (64 KiB)', async () => {
    const loop = new Loop();
    await runOn(loop, () =>
      // The server keeps the connection open: with no end of stream, only the limit ends the wait.
      withServer(sender([Buffer.alloc(200 * 1024, 'x')]), async (server) => {
        const [reader, writer] = await openConnection('127.0.0.1', server.port);
        const error = await errorOf(waitFor(reader.readline(), BOUND));
        expect(error).toBeInstanceOf(LimitOverrunError);
        expect((error as Error).name).toBe('LimitOverrunError');
        expect((error as Error).message).toBe('readline: no end of line within 65536 bytes');
        writer.close();
      }),
    );
    await expectIdle(loop);
  });

  // Like asyncio's readuntil, the limit is checked before the end of the stream.
  it('readline() throws LimitOverrunError for a too long line even when the stream already ended', async () => {
    const loop = new Loop();
    await runOn(loop, () =>
      // 100 KiB: over the limit, under the 2 x 64 KiB at which the reader pauses, so the end of the stream is seen.
      withServer(sender([Buffer.alloc(100 * 1024, 'x')], { close: true }), async (server) => {
        const [reader, writer] = await openConnection('127.0.0.1', server.port);
        try {
          await sleep(0.3); // everything, and the end of the stream, has arrived
          expect(await errorOf(waitFor(reader.readline(), BOUND))).toBeInstanceOf(LimitOverrunError);
        } finally {
          writer.close();
        }
      }),
    );
  });

  it('readExactly(n) returns exactly n bytes; past the end of the stream it throws IncompleteReadError with what came', async () => {
    const loop = new Loop();
    await runOn(loop, () =>
      withServer(sender(['ab', 'cdef'], { gap: 0.02, close: true }), async (server) => {
        const [reader, writer] = await openConnection('127.0.0.1', server.port);
        expect((await waitFor(reader.readExactly(3), BOUND)).toString()).toBe('abc'); // waits for the second chunk
        const error = await errorOf(waitFor(reader.readExactly(10), BOUND));
        expect(error).toBeInstanceOf(IncompleteReadError);
        const incomplete = error as IncompleteReadError;
        expect(incomplete.name).toBe('IncompleteReadError');
        expect(incomplete.partial.toString()).toBe('def');
        expect(incomplete.expected).toBe(10);
        expect(incomplete.message).toBe('3 bytes read on a total of 10 expected bytes');
        expect(reader.atEof()).toBe(true); // the partial data was taken out of the buffer
        const atEnd = (await errorOf(reader.readExactly(1))) as IncompleteReadError;
        expect(atEnd.partial.length).toBe(0);
        expect(() => reader.readExactly(-1)).toThrow(new RangeError('readExactly: n must be an integer >= 0, got -1'));
        writer.close();
      }),
    );
    await expectIdle(loop);
  });

  it('write() on a closed writer throws a clear error; close() stops the reader too, and waitClosed() returns', async () => {
    const loop = new Loop();
    await runOn(loop, () =>
      withServer(sender([]), async (server) => {
        const [reader, writer] = await openConnection('127.0.0.1', server.port);
        writer.write('bye');
        expect(writer.isClosing()).toBe(false);
        writer.close();
        writer.close(); // twice is harmless
        expect(writer.isClosing()).toBe(true);
        expect(() => writer.write('more')).toThrow(new Error('StreamWriter.write: the writer is closed'));
        await waitFor(writer.waitClosed(), BOUND);
        expect((await reader.read()).length).toBe(0); // our own reader is at its end
        expect(reader.atEof()).toBe(true);
      }),
    );
    await expectIdle(loop);
  });

  it('openConnection to a port nobody listens on rejects with a ConnectionError naming the address', async () => {
    const loop = new Loop();
    await runOn(loop, async () => {
      const probe = await startServer(sender([]), '127.0.0.1', 0);
      const port = probe.port;
      probe.close();
      const error = await errorOf(waitFor(openConnection('127.0.0.1', port), BOUND));
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toContain(`cannot connect to 127.0.0.1:${port}`);
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
    });
    await expectIdle(loop);
  });

  it('startServer on port 0 listens on a free port; close() stops accepting while open connections go on', async () => {
    const loop = new Loop();
    await runOn(loop, async () => {
      async function echoLines(reader: StreamReader, writer: StreamWriter): Promise<void> {
        for (let line = await reader.readline(); line.length > 0; line = await reader.readline()) {
          writer.write(line);
          await writer.drain();
        }
      }
      const server = await startServer(echoLines, '127.0.0.1', 0);
      const port = server.port;
      expect(port).toBeGreaterThan(0);
      const [reader, writer] = await openConnection('127.0.0.1', port);
      writer.write('before close\n');
      expect((await waitFor(reader.readline(), BOUND)).toString()).toBe('before close\n');
      expect(server.activeConnections()).toBe(1);

      server.close();
      const refused = await errorOf(waitFor(openConnection('127.0.0.1', port), BOUND));
      expect(refused).toBeInstanceOf(ConnectionError);
      writer.write('after close\n'); // the connection accepted before close() is still served
      expect((await waitFor(reader.readline(), BOUND)).toString()).toBe('after close\n');
      expect(server.activeConnections()).toBe(1);

      writer.close();
      for (let i = 0; server.activeConnections() > 0; i++) {
        if (i > BOUND * 100) throw new Error('the handler did not end after the client closed');
        await sleep(0.01);
      }
    });
    await expectIdle(loop);
  });

  it('a handler that throws is reported to the exception handler once, its connection is closed, and the server goes on', async () => {
    const loop = new Loop();
    const reports: ErrorContext[] = [];
    loop.setExceptionHandler((_loop, context) => reports.push(context));
    await runOn(loop, () =>
      withServer(
        function* picky(reader: StreamReader, writer: StreamWriter): Coro<void> {
          const line = (yield* reader.readline()).toString();
          if (line.startsWith('boom')) throw new Error(`the handler cannot take ${JSON.stringify(line)}`);
          writer.write(`ok ${line}`);
        },
        async (server) => {
          const [badReader, badWriter] = await openConnection('127.0.0.1', server.port);
          badWriter.write('boom\n');
          expect((await waitFor(badReader.read(), BOUND)).length).toBe(0); // closed without an answer
          badWriter.close();

          const answers = await gather(
            ...[1, 2, 3].map(async (i) => {
              const [reader, writer] = await openConnection('127.0.0.1', server.port);
              writer.write(`client ${i}\n`);
              const answer = (await waitFor(reader.read(), BOUND)).toString();
              writer.close();
              return answer;
            }),
          );
          expect(answers).toEqual(['ok client 1\n', 'ok client 2\n', 'ok client 3\n']);
        },
      ),
    );
    expect(reports.map((r) => r.message)).toEqual(['Unhandled error in a client handler of startServer']);
    expect((reports[0]?.exception as Error).message).toBe('the handler cannot take "boom\\n"');
    await expectIdle(loop);
  });

  it('the same calls work with yield* from a generator and with await from an async function', async () => {
    async function upper(reader: StreamReader, writer: StreamWriter): Promise<void> {
      const line = await reader.readline();
      writer.write(line.toString().toUpperCase());
      await writer.drain();
    }
    function* viaYield(port: number): Coro<string> {
      const [reader, writer] = yield* openConnection('127.0.0.1', port);
      writer.write('from a generator\n');
      yield* writer.drain();
      const line = (yield* reader.readline()).toString();
      const rest = (yield* reader.read()).length;
      writer.close();
      yield* writer.waitClosed();
      return `${line.trim()} ${rest}`;
    }
    async function viaAwait(port: number): Promise<string> {
      const [reader, writer] = await openConnection('127.0.0.1', port);
      writer.write('from an async function\n');
      await writer.drain();
      const line = (await reader.readline()).toString();
      const rest = (await reader.read()).length;
      writer.close();
      await writer.waitClosed();
      return `${line.trim()} ${rest}`;
    }
    const loop = new Loop();
    const results = await loop.runUntilComplete((function* main(): Coro<[string, string]> {
      const server = yield* startServer(upper, '127.0.0.1', 0);
      try {
        return yield* waitFor(gather(viaYield(server.port), viaAwait(server.port)), BOUND);
      } finally {
        server.close();
      }
    })());
    expect(results).toEqual(['FROM A GENERATOR 0', 'FROM AN ASYNC FUNCTION 0']);
    await expectIdle(loop);
  });

  it('an HTTP exchange in miniature: request line and headers by readline, the body by readExactly(Content-Length)', async () => {
    const pages: Record<string, string> = { '/a': 'page A\n', '/b': 'the longer page B\n' };
    function* serveHttp(reader: StreamReader, writer: StreamWriter): Coro<void> {
      const [method, path = ''] = (yield* reader.readline()).toString().split(' ');
      const headers: string[] = [];
      for (let line = (yield* reader.readline()).toString(); line !== '\r\n'; line = (yield* reader.readline()).toString()) headers.push(line.trim());
      const body = Buffer.from(pages[path] ?? 'not found\n');
      const status = path in pages ? '200 OK' : '404 Not Found';
      writer.write(`HTTP/1.1 ${status}\r\nContent-Length: ${body.length}\r\nX-Seen: ${method} ${headers.length}\r\n\r\n`);
      writer.write(body);
      yield* writer.drain();
    }
    async function fetch(port: number, path: string): Promise<{ status: string; headers: string[]; body: string }> {
      const [reader, writer] = await openConnection('127.0.0.1', port);
      writer.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      await writer.drain();
      const status = (await reader.readline()).toString().trim();
      const headers: string[] = [];
      let length = -1;
      for (let line = (await reader.readline()).toString(); line !== '\r\n'; line = (await reader.readline()).toString()) {
        headers.push(line.trim());
        const [name, value] = line.split(':');
        if (name?.toLowerCase() === 'content-length') length = Number(value);
      }
      const body = (await reader.readExactly(length)).toString();
      expect((await reader.read()).length).toBe(0); // then the server closes
      writer.close();
      return { status, headers, body };
    }
    const loop = new Loop();
    const results = await runOn(loop, () => withServer(serveHttp, (server) => waitFor(gather(fetch(server.port, '/a'), fetch(server.port, '/b'), fetch(server.port, '/nope')), BOUND)));
    expect(results).toEqual([
      { status: 'HTTP/1.1 200 OK', headers: ['Content-Length: 7', 'X-Seen: GET 2'], body: 'page A\n' },
      { status: 'HTTP/1.1 200 OK', headers: ['Content-Length: 18', 'X-Seen: GET 2'], body: 'the longer page B\n' },
      { status: 'HTTP/1.1 404 Not Found', headers: ['Content-Length: 10', 'X-Seen: GET 2'], body: 'not found\n' },
    ]);
    await expectIdle(loop);
  });

  it('server.port still answers after close()', async () => {
    const loop = new Loop();
    async function main(): Promise<[number, number]> {
      const server = await startServer(async () => undefined, '127.0.0.1', 0);
      const port = server.port;
      server.close();
      return [port, server.port];
    }
    const [before, after] = await loop.runUntilComplete(main());
    expect(before).toBeGreaterThan(0);
    expect(after).toBe(before);
  });
});
