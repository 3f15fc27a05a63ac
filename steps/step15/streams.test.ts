/**
 * Streams on real TCP sockets on 127.0.0.1: what StreamReader's reads return,
 * the errors a reader, a writer, openConnection and startServer give, a server
 * that keeps serving, and the same under faults: wrong arguments fail at the
 * call, a handler that cannot start still ends its connection, reads stay
 * linear, nothing is left behind. Every wait is bounded; everything is closed.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  ConnectionError, IncompleteReadError, LimitOverrunError, Loop, gather,
  openConnection, run, sleep, sockConnect, sockRecv, sockSendall, startServer, waitFor,
  type ClientHandler, type Coro, type StreamReader, type StreamWriter,
} from '#step';
import {
  closedPort, collectReports, errorOf, expectIdle, expectNoTcpLeakAfterAll, openTcpHandles,
  pollUntil, runOn, serving, tcpHandlesSettleTo,
} from '../../shared/socket-test-helpers.ts';

/** Bound every wait, so that a hang fails clearly instead of timing out the whole file. */
const BOUND = 10;

/**
 * A server's handler that sends `chunks` (pausing `gap` seconds between them),
 * then waits for the client to close unless `close` is set.
 */
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

/**
 * On `loop`, start a server with `handler` on a free port, run `client` with its
 * port, close the server; then the loop must be idle.
 */
async function withServer<T>(
  handler: ClientHandler,
  client: (port: number) => PromiseLike<T>,
  loop = new Loop(),
): Promise<T> {
  const start = () => startServer(handler, '127.0.0.1', 0);
  const result = await runOn(loop, () => serving(start, (server) => client(server.port)));
  await expectIdle(loop);
  return result;
}

/** withServer, with a client connected by openConnection; its writer is closed after `client`. */
function withConnection<T>(
  handler: ClientHandler,
  client: (reader: StreamReader, writer: StreamWriter) => Promise<T>,
  loop?: Loop,
): Promise<T> {
  const connected = async (port: number): Promise<T> => {
    const [reader, writer] = await openConnection('127.0.0.1', port);
    try {
      return await client(reader, writer);
    } finally {
      writer.close();
    }
  };
  return withServer(handler, connected, loop);
}

describe('streams', () => {
  expectNoTcpLeakAfterAll();

  it('read(n) returns at most n bytes, what is there, and empty at the end of the stream', async () => {
    await withConnection(sender(['hello world'], { close: true }), async (reader) => {
      expect((await waitFor(reader.readExactly(0), BOUND)).length).toBe(0);
      expect((await waitFor(reader.read(5), BOUND)).toString()).toBe('hello');
      expect(reader.atEof()).toBe(false);
      // Fewer than asked: what is there.
      expect((await waitFor(reader.read(100), BOUND)).toString()).toBe(' world');
      expect((await waitFor(reader.read(100), BOUND)).length).toBe(0); // the server closed: EOF
      expect(reader.atEof()).toBe(true);
      expect((await reader.read(100)).length).toBe(0); // and stays at EOF
      expect((await reader.read(0)).length).toBe(0);
    });
  });

  it('read(n) does not wait for n bytes: it returns the first chunk that arrives', async () => {
    const loop = new Loop();
    const client = async (reader: StreamReader): Promise<void> => {
      const start = loop.time();
      expect((await waitFor(reader.read(1000), BOUND)).toString()).toBe('first');
      expect(loop.time() - start).toBeLessThan(0.25); // not held back until 'second' arrives
      expect((await waitFor(reader.read(1000), BOUND)).toString()).toBe('second');
    };
    await withConnection(sender(['first', 'second'], { gap: 0.3 }), client, loop);
  });

  // sockRecv registers once per read that waits.
  it('a StreamReader registers its socket once for all its reads, unlike sockRecv', async () => {
    const ROUNDS = 50;
    function* answerEachLine(reader: StreamReader, writer: StreamWriter): Coro<void> {
      for (let line = yield* reader.readline(); line.length > 0; line = yield* reader.readline()) {
        writer.write(`re: ${line}`);
      }
    }
    async function count(client: (port: number) => Promise<void>): Promise<number> {
      const loop = new Loop();
      const addReader = vi.spyOn(loop, 'addReader');
      await withServer(answerEachLine, (port) => waitFor(client(port), BOUND), loop);
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
        // Short lines: each comes whole.
        expect((await sockRecv(sock, 100)).toString()).toBe(`re: ${i}\n`);
      }
      sock.close();
    });
    // The listener, the server's connection and the client's: three, however many rounds.
    expect(withStreams).toBe(3);
    // The listener and the server's connection, then one per round trip of the client.
    expect(withSockRecv).toBe(2 + ROUNDS);
  });

  it('read() with no size reads everything until the end of the stream, across chunks', async () => {
    // 250 kB: more than the reader's buffer limits.
    const chunks = Array.from({ length: 5 }, (_, i) => Buffer.alloc(50_000, 65 + i));
    await withConnection(sender(chunks, { gap: 0.02, close: true }), async (reader) => {
      const all = await waitFor(reader.read(), BOUND);
      expect(all.equals(Buffer.concat(chunks))).toBe(true);
      expect(reader.atEof()).toBe(true);
    });
  });

  // The last line comes without one at the end of the stream, then empty lines.
  it('readline() returns each line with its "\\n", the last one without, then empty', async () => {
    // The lines arrive cut in odd places: a line may take several chunks, a chunk several lines.
    const cut = sender(['one\ntw', 'o\n', '\nth', 'ree'], { gap: 0.02, close: true });
    await withConnection(cut, async (reader) => {
      const lines: string[] = [];
      for (let i = 0; i < 6; i++) lines.push((await waitFor(reader.readline(), BOUND)).toString());
      expect(lines).toEqual(['one\n', 'two\n', '\n', 'three', '', '']);
    });
  });

  it('readline() throws LimitOverrunError for a line longer than the reader limit (64 KiB)', async () => {
    // The server keeps the connection open: with no end of stream, only the limit ends the wait.
    await withConnection(sender([Buffer.alloc(200 * 1024, 'x')]), async (reader) => {
      const error = await errorOf(waitFor(reader.readline(), BOUND));
      expect(error).toBeInstanceOf(LimitOverrunError);
      expect((error as Error).name).toBe('LimitOverrunError');
      expect((error as Error).message).toBe('readline: no end of line within 65536 bytes');
    });
  });

  // Like asyncio's readuntil, the limit is checked before the end of the stream.
  it('readline() throws LimitOverrunError for a too long line even after the stream ended', async () => {
    // 100 KiB: over the limit, under the 2 x 64 KiB at which the reader pauses, so the end of
    // the stream is seen.
    const client = async (reader: StreamReader): Promise<void> => {
      await sleep(0.3); // everything, and the end of the stream, has arrived
      const error = await errorOf(waitFor(reader.readline(), BOUND));
      expect(error).toBeInstanceOf(LimitOverrunError);
      expect((await reader.readline()).length).toBe(0); // the line was dropped: the end
    };
    await withConnection(sender([Buffer.alloc(100 * 1024, 'x')], { close: true }), client);
  });

  // Before, the "\n" was found first and the 100 KiB line came back whole. asyncio drops it too.
  it('readline() throws LimitOverrunError for a long line even with its end of line; the next line reads', async () => {
    const long = `${'x'.repeat(100 * 1024)}\n`;
    const atLimit = `${'y'.repeat(64 * 1024)}\n`; // the limit counts the line without its "\n"
    await withConnection(sender([`${long}next\n${atLimit}`], { close: true }), async (reader) => {
      const error = await errorOf(waitFor(reader.readline(), BOUND));
      expect(error).toBeInstanceOf(LimitOverrunError);
      expect((error as Error).message).toBe('readline: no end of line within 65536 bytes');
      expect((await waitFor(reader.readline(), BOUND)).toString()).toBe('next\n');
      expect((await waitFor(reader.readline(), BOUND)).toString()).toBe(atLimit);
    });
  });

  // Past the end of the stream, it throws IncompleteReadError with what came.
  it('readExactly(n) returns exactly n bytes, or throws IncompleteReadError', async () => {
    await withConnection(sender(['ab', 'cdef'], { gap: 0.02, close: true }), async (reader) => {
      // It waits for the second chunk.
      expect((await waitFor(reader.readExactly(3), BOUND)).toString()).toBe('abc');
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
      expect(() => reader.readExactly(-1)).toThrow(
        new RangeError('readExactly: n must be an integer >= 0, got -1'),
      );
    });
  });

  // close() stops the reader too, and waitClosed() returns.
  it('write() on a closed writer throws a clear error; close() ends the reader too', async () => {
    await withConnection(sender([]), async (reader, writer) => {
      writer.write('bye');
      expect(writer.isClosing()).toBe(false);
      writer.close();
      writer.close(); // twice is harmless
      expect(writer.isClosing()).toBe(true);
      expect(() => writer.write('more')).toThrow(
        new Error('StreamWriter.write: the writer is closed'),
      );
      await waitFor(writer.waitClosed(), BOUND);
      expect((await reader.read()).length).toBe(0); // our own reader is at its end
      expect(reader.atEof()).toBe(true);
    });
  });

  it('openConnection to a port nobody listens on rejects with a ConnectionError', async () => {
    const loop = new Loop();
    await runOn(loop, async () => {
      const port = await closedPort();
      const error = await errorOf(waitFor(openConnection('127.0.0.1', port), BOUND));
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toContain(`cannot connect to 127.0.0.1:${port}`);
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
    });
    await expectIdle(loop);
  });

  // close() stops accepting, while the open connections go on.
  it('startServer on port 0 listens on a free port; close() stops accepting', async () => {
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
      const ended = (): boolean => server.activeConnections() === 0;
      const failure = (): string => 'the handler did not end after the client closed';
      await pollUntil(ended, () => sleep(0.01), BOUND * 100, failure);
    });
    await expectIdle(loop);
  });

  // Its connection is closed, and the server goes on.
  it('a handler that throws is reported to the exception handler once', async () => {
    const loop = new Loop();
    const reports = collectReports(loop);
    function* picky(reader: StreamReader, writer: StreamWriter): Coro<void> {
      const line = (yield* reader.readline()).toString();
      if (line.startsWith('boom')) throw new Error(`the handler cannot take ${JSON.stringify(line)}`);
      writer.write(`ok ${line}`);
    }
    async function ask(port: number, line: string): Promise<string> {
      const [reader, writer] = await openConnection('127.0.0.1', port);
      writer.write(line);
      const answer = (await waitFor(reader.read(), BOUND)).toString();
      writer.close();
      return answer;
    }
    const client = async (port: number): Promise<void> => {
      expect(await ask(port, 'boom\n')).toBe(''); // closed without an answer
      const answers = await gather(...[1, 2, 3].map((i) => ask(port, `client ${i}\n`)));
      expect(answers).toEqual(['ok client 1\n', 'ok client 2\n', 'ok client 3\n']);
    };
    await withServer(picky, client, loop);
    const messages = reports.map((r) => r.message);
    expect(messages).toEqual(['Unhandled error in a client handler of startServer']);
    expect((reports[0]?.exception as Error).message).toBe('the handler cannot take "boom\\n"');
  });

  it('the same calls work with yield* from a generator and await from an async function', async () => {
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

  // The request line and headers by readline, the body by readExactly(Content-Length).
  it('an HTTP exchange in miniature', async () => {
    const pages: Record<string, string> = { '/a': 'page A\n', '/b': 'the longer page B\n' };
    function* serveHttp(reader: StreamReader, writer: StreamWriter): Coro<void> {
      const [method, path = ''] = (yield* reader.readline()).toString().split(' ');
      const headers: string[] = [];
      const readline = function* (): Coro<string> {
        return (yield* reader.readline()).toString();
      };
      for (let line = yield* readline(); line !== '\r\n'; line = yield* readline()) {
        headers.push(line.trim());
      }
      const body = Buffer.from(pages[path] ?? 'not found\n');
      const status = path in pages ? '200 OK' : '404 Not Found';
      const head = [`HTTP/1.1 ${status}`, `Content-Length: ${body.length}`];
      writer.write(`${[...head, `X-Seen: ${method} ${headers.length}`].join('\r\n')}\r\n\r\n`);
      writer.write(body);
      yield* writer.drain();
    }
    type Response = { status: string; headers: string[]; body: string };
    async function fetch(port: number, path: string): Promise<Response> {
      const [reader, writer] = await openConnection('127.0.0.1', port);
      writer.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      await writer.drain();
      const status = (await reader.readline()).toString().trim();
      const headers: string[] = [];
      let length = -1;
      const readline = async (): Promise<string> => (await reader.readline()).toString();
      for (let line = await readline(); line !== '\r\n'; line = await readline()) {
        headers.push(line.trim());
        const [name, value] = line.split(':');
        if (name?.toLowerCase() === 'content-length') length = Number(value);
      }
      const body = (await reader.readExactly(length)).toString();
      expect((await reader.read()).length).toBe(0); // then the server closes
      writer.close();
      return { status, headers, body };
    }
    const results = await withServer(serveHttp, (port) =>
      waitFor(gather(fetch(port, '/a'), fetch(port, '/b'), fetch(port, '/nope')), BOUND),
    );
    const response = (status: string, length: number, body: string): Response => ({
      status: `HTTP/1.1 ${status}`,
      headers: [`Content-Length: ${length}`, 'X-Seen: GET 2'],
      body,
    });
    expect(results).toEqual([
      response('200 OK', 7, 'page A\n'),
      response('200 OK', 18, 'the longer page B\n'),
      response('404 Not Found', 10, 'not found\n'),
    ]);
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

/** A handler that sends `data`, then closes. */
function sending(data: Buffer | string) {
  return function* send(_reader: StreamReader, writer: StreamWriter): Coro<void> {
    writer.write(data);
    yield* writer.drain();
  };
}

describe('streams under faults', () => {
  expectNoTcpLeakAfterAll();

  // A read of 0 bytes while data waits would look like the end of the stream.
  it('read(n) refuses an n that is not an integer at the call, and the data stays', async () => {
    await withServer(sending('data'), async (port) => {
      const [reader, writer] = await openConnection('127.0.0.1', port);
      const read = reader.read.bind(reader) as (n: unknown) => unknown;
      expect(() => read(null)).toThrow(new TypeError('read: n must be a number of bytes, got object null'));
      expect(() => read('abc')).toThrow(new TypeError('read: n must be a number of bytes, got string abc'));
      for (const n of [Number.NaN, 1.5, Number.POSITIVE_INFINITY]) {
        expect(() => read(n)).toThrow(new RangeError(`read: n must be an integer, got ${n}`));
      }
      expect((await waitFor(reader.read(), BOUND)).toString()).toBe('data');
      writer.close();
    });
  });

  // Each chunk used to be appended by copying the whole buffer: 40 MiB took 4.6 s.
  it('readExactly(n) is linear: 64 MiB arrive in about the time a read() loop takes', async () => {
    const size = 64 * 1024 * 1024;
    const body = Buffer.alloc(size, 7);
    const timed = async (read: (reader: StreamReader) => Promise<number>): Promise<number> =>
      withServer(sending(body), async (port) => {
        const [reader, writer] = await openConnection('127.0.0.1', port);
        const start = performance.now();
        expect(await waitFor(read(reader), 30)).toBe(size);
        const seconds = (performance.now() - start) / 1000;
        writer.close();
        return seconds;
      });
    const loop = await timed(async (reader) => {
      let got = 0;
      for (let chunk = await reader.read(65536); chunk.length > 0; chunk = await reader.read(65536)) {
        got += chunk.length;
      }
      return got;
    });
    const exactly = await timed(async (reader) => (await reader.readExactly(size)).length);
    expect(exactly).toBeLessThan(3 * loop + 1);
  }, 60_000);

  it('startServer refuses a handler that is not a function at the call; nothing is bound', async () => {
    const loop = new Loop();
    const before = openTcpHandles();
    await runOn(loop, async () => {
      const start = startServer as (onClient: unknown, host: string, port: number) => unknown;
      expect(() => start('serve', '127.0.0.1', 0)).toThrow(
        new TypeError('startServer: the client handler must be a function, got string serve'),
      );
    });
    expect(openTcpHandles()).toBe(before);
    loop.close();
  });

  // Before, the connection stayed open, and the client waited forever.
  it('a handler that throws at once, or returns no coroutine, still ends its connection', async () => {
    const loop = new Loop();
    const reports = collectReports(loop);
    const starts = ['throws', 'plain']; // the clients connect one after the other
    function handler(): undefined {
      if (starts.shift() === 'throws') throw new Error('cannot start');
      return undefined; // a plain function: no coroutine, no task
    }
    await withServer(handler as unknown as ClientHandler, async (port) => {
      for (let i = 0; i < 2; i++) {
        const [reader, writer] = await openConnection('127.0.0.1', port);
        expect((await waitFor(reader.read(), BOUND)).length).toBe(0); // closed at once
        writer.close();
      }
    }, loop);
    expect(reports.map((r) => r.message)).toEqual([
      'Unhandled error in a client handler of startServer',
      'Unhandled error in a client handler of startServer',
    ]);
    expect(reports.map((r) => String(r.exception))).toEqual([
      'Error: cannot start',
      'TypeError: startServer: a client handler must return a coroutine or a Promise, got undefined undefined',
    ]);
  });

  // asyncio's run() closes its loop; closing ours closes the sockets it still watches.
  it('run() leaves no socket open: a connection and a server the program forgot are closed', async () => {
    const before = openTcpHandles();
    const port = await run(async () => {
      const server = await startServer(async (reader: StreamReader) => {
        await reader.readline(); // waits for a line that never comes
      }, '127.0.0.1', 0);
      const [, writer] = await openConnection('127.0.0.1', server.port);
      writer.write('no end of line');
      return server.port;
    });
    expect(port).toBeGreaterThan(0);
    expect(await tcpHandlesSettleTo(before)).toBe(before);
  });
});
