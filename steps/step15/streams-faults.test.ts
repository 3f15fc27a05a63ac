/**
 * Streams under faults, on real TCP sockets on 127.0.0.1: wrong arguments fail
 * at the call, a handler that cannot start still ends its connection, reads stay
 * linear, and nothing is left behind. Every wait is bounded; everything is closed.
 */
import { describe, expect, it } from 'vitest';
import {
  Loop, openConnection, run, startServer, waitFor,
  type ClientHandler, type Coro, type StreamReader, type StreamWriter,
} from '#step';
import {
  collectReports, expectIdle, expectNoTcpLeakAfterAll, openTcpHandles, runOn, serving,
  tcpHandlesSettleTo,
} from '../../shared/socket-test-helpers.ts';

/** Bound every wait, so that a hang fails clearly instead of timing out the whole file. */
const BOUND = 10;

/**
 * On `loop`, start a server with `handler` on a free port, run `client` with its
 * port, close the server; then the loop must watch nothing and be idle.
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
