/**
 * The sock* coroutines of step 14, on real TCP sockets on 127.0.0.1: each one
 * used with `yield*` from a generator and with `await` from an async function.
 */
import { describe, expect, it } from 'vitest';
import {
  CancelledError, ConnectionError, Loop, TcpListener, TcpSocket, TimeoutError, ensureFuture,
  getRunningLoop, run, sleep, sockAccept, sockConnect, sockListen, sockRecv, sockSendall, waitFor,
  type Coro,
} from '#step';
import {
  closedPort, errorOf, expectIdle, expectNoTcpLeakAfterAll, openTcpHandles, tcpHandlesSettleTo,
  unansweredPort,
} from '../../shared/socket-test-helpers.ts';

/** Bound every wait, so that a hang fails clearly instead of timing out the test. */
const BOUND = 20;

/**
 * Run `main` on a fresh loop, which it gets. Afterwards the loop must watch no socket
 * and be idle at once: no timer (ours are all 20 s or more) nor promise left behind.
 */
async function onLoop<T>(main: (loop: Loop) => Coro<T> | Promise<T>): Promise<T> {
  const loop = new Loop();
  const result = await loop.runUntilComplete((function* starting(): Coro<T> {
    return yield* ensureFuture(main(loop));
  })());
  await expectIdle(loop, 10);
  return result;
}

/** A listener and a connected pair of sockets: [listener, client, server side]. */
type Pair = [TcpListener, TcpSocket, TcpSocket];

/** Listen on a free port, connect to it and accept: a Pair. */
function* connectedPair(): Coro<Pair> {
  const listener = yield* sockListen('127.0.0.1', 0);
  const accepting = getRunningLoop().createTask(sockAccept(listener));
  const client = yield* sockConnect('127.0.0.1', listener.port);
  const server = yield* accepting;
  return [listener, client, server];
}

/** onLoop, with a connected pair made first and all three closed after `main`. */
function onPair(main: (pair: Pair, loop: Loop) => Coro<void> | Promise<void>): Promise<void> {
  return onLoop(function* paired(loop): Coro<void> {
    const pair = yield* connectedPair();
    try {
      yield* ensureFuture(main(pair, loop));
    } finally {
      closeAll(...pair);
    }
  });
}

function closeAll(...sockets: (TcpSocket | TcpListener)[]): void {
  for (const sock of sockets) sock.close();
}

expectNoTcpLeakAfterAll();

describe('sockListen, sockConnect, sockAccept', () => {
  it('connect and accept give two ends of one connection (yield*)', async () => {
    const seen = await onLoop(function* main(): Coro<string[]> {
      const listener = yield* sockListen('127.0.0.1', 0);
      expect(listener.port).toBeGreaterThan(0);
      const accepting = getRunningLoop().createTask(sockAccept(listener));
      const client = yield* sockConnect('127.0.0.1', listener.port);
      const server = yield* accepting;
      expect(client).toBeInstanceOf(TcpSocket);
      expect(server).toBeInstanceOf(TcpSocket);
      expect(client.peer()).toBe(`127.0.0.1:${listener.port}`);
      yield* sockSendall(client, 'ping');
      const ping = (yield* sockRecv(server, 100)).toString();
      yield* sockSendall(server, 'pong');
      const pong = (yield* sockRecv(client, 100)).toString();
      closeAll(client, server, listener);
      return [ping, pong];
    });
    expect(seen).toEqual(['ping', 'pong']);
  });

  it('connect and accept give two ends of one connection (await)', async () => {
    const seen = await onLoop(async () => {
      const listener = await sockListen('127.0.0.1', 0);
      const accepting = getRunningLoop().createTask(sockAccept(listener));
      const client = await sockConnect('127.0.0.1', listener.port);
      const server = await accepting;
      expect(server).toBeInstanceOf(TcpSocket);
      await sockSendall(client, 'ping');
      const ping = (await sockRecv(server, 100)).toString();
      await sockSendall(server, 'pong');
      const pong = (await sockRecv(client, 100)).toString();
      closeAll(client, server, listener);
      return [ping, pong];
    });
    expect(seen).toEqual(['ping', 'pong']);
  });

  it('sockAccept takes connections already waiting without waiting itself, oldest first', async () => {
    await onLoop(async (loop) => {
      const listener = await sockListen('127.0.0.1', 0);
      const clients: TcpSocket[] = [];
      for (let i = 0; i < 3; i++) {
        const client = await sockConnect('127.0.0.1', listener.port);
        await sockSendall(client, `client ${i}`);
        clients.push(client);
      }
      while (!listener.readable()) await sleep(0.001);
      await sleep(0.05); // let the other two reach the backlog too
      const servers: TcpSocket[] = [];
      for (let i = 0; i < 3; i++) {
        const before = loop.watchedSockets();
        servers.push(await sockAccept(listener));
        expect(loop.watchedSockets()).toBe(before); // it never had to register
      }
      const greetings = [];
      for (const server of servers) greetings.push((await sockRecv(server, 100)).toString());
      expect(greetings).toEqual(['client 0', 'client 1', 'client 2']);
      closeAll(...clients, ...servers, listener);
    });
  });

  it('connecting to a closed port fails with a ConnectionError naming the address (yield*)', async () => {
    const port = await closedPort();
    await onLoop(function* main(): Coro<void> {
      const before = getRunningLoop().watchedSockets();
      try {
        yield* sockConnect('127.0.0.1', port);
        expect.unreachable('sockConnect to a closed port succeeded');
      } catch (error) {
        expect(error).toBeInstanceOf(ConnectionError);
        expect((error as Error).name).toBe('ConnectionError');
        expect((error as Error).message).toBe(
          `sockConnect: cannot connect to 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
        );
        expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
      }
      expect(getRunningLoop().watchedSockets()).toBe(before);
    });
  });

  it('connecting to a closed port fails with a ConnectionError naming the address (await)', async () => {
    await onLoop(async () => {
      const port = await closedPort();
      await expect(sockConnect('127.0.0.1', port)).rejects.toThrow(ConnectionError);
      await expect(sockConnect('127.0.0.1', port)).rejects.toThrow(
        `sockConnect: cannot connect to 127.0.0.1:${port}`,
      );
    });
  });

  it('cancelling a task blocked in sockAccept removes its reader; the listener still works', async () => {
    await onLoop(async (loop) => {
      const listener = await sockListen('127.0.0.1', 0);
      const before = loop.watchedSockets();
      const waiting = loop.createTask(sockAccept(listener));
      await sleep(0.001);
      expect(loop.watchedSockets()).toBe(before + 1);
      waiting.cancel();
      await expect(waiting).rejects.toThrow(CancelledError);
      expect(loop.watchedSockets()).toBe(before);

      const accepting = loop.createTask(sockAccept(listener));
      const client = await sockConnect('127.0.0.1', listener.port);
      const server = await waitFor(accepting, BOUND);
      await sockSendall(client, 'still works');
      expect((await sockRecv(server, 100)).toString()).toBe('still works');
      closeAll(client, server, listener);
    });
  });

  // BUG (reported, not fixed here): the second sockAccept's addReader replaces the first
  // one's reader on the same listener (one reader per socket, as in asyncio), so the first
  // task is never woken and waits forever. Turn `it.fails` into `it` once each waiter is served.
  it.fails('two tasks waiting in sockAccept on one listener each get one connection', async () => {
    await onLoop(async (loop) => {
      const listener = await sockListen('127.0.0.1', 0);
      const first = loop.createTask(sockAccept(listener));
      const second = loop.createTask(sockAccept(listener));
      await sleep(0.001);
      const clients = [];
      for (let i = 0; i < 2; i++) clients.push(await sockConnect('127.0.0.1', listener.port));
      try {
        const servers = await waitFor(Promise.all([first, second]), 2);
        expect(servers[0]).not.toBe(servers[1]);
      } finally {
        first.cancel();
        second.cancel();
        await sleep(0);
        for (const task of [first, second]) {
          if (!task.cancelled() && task.exception() === undefined) task.result().close();
        }
        closeAll(...clients, listener);
      }
    });
  });
});

describe('sockRecv', () => {
  it('returns up to n bytes of what has arrived, in order (yield*)', async () => {
    await onPair(function* main([, client, server]): Coro<void> {
      yield* sockSendall(client, 'abc');
      // What is there, without waiting for 100 bytes.
      expect((yield* sockRecv(server, 100)).toString()).toBe('abc');
      yield* sockSendall(client, 'defghijklm');
      const parts: string[] = [];
      for (let got = 0; got < 10; ) {
        const part = yield* sockRecv(server, 4);
        expect(part.length).toBeGreaterThan(0);
        expect(part.length).toBeLessThanOrEqual(4);
        parts.push(part.toString());
        got += part.length;
      }
      expect(parts.join('')).toBe('defghijklm');
    });
  });

  it('returns up to n bytes of what has arrived, in order (await)', async () => {
    await onPair(async ([, client, server]) => {
      await sockSendall(client, 'defghijklm');
      const parts: Buffer[] = [];
      for (let got = 0; got < 10; ) {
        const part = await sockRecv(server, 3);
        expect(Buffer.isBuffer(part)).toBe(true);
        expect(part.length).toBeLessThanOrEqual(3);
        parts.push(part);
        got += part.length;
      }
      expect(Buffer.concat(parts).toString()).toBe('defghijklm');
    });
  });

  it('returns an empty Buffer at the end of the stream, each time it is asked (yield*)', async () => {
    await onPair(function* main([, client, server]): Coro<void> {
      yield* sockSendall(client, 'last');
      client.shutdownWrite();
      expect((yield* sockRecv(server, 100)).toString()).toBe('last');
      const eof = yield* sockRecv(server, 100);
      expect(Buffer.isBuffer(eof)).toBe(true);
      expect(eof.length).toBe(0);
      expect((yield* sockRecv(server, 100)).length).toBe(0);
    });
  });

  it('returns an empty Buffer at the end of the stream, each time it is asked (await)', async () => {
    await onPair(async ([, client, server], loop) => {
      const reading = loop.createTask(sockRecv(server, 100)); // nothing there yet
      await sleep(0.001);
      client.close();
      const eof = await waitFor(reading, BOUND);
      expect(Buffer.isBuffer(eof)).toBe(true);
      expect(eof.length).toBe(0);
      expect((await sockRecv(server, 100)).length).toBe(0);
    });
  });

  it('refuses an n that is not a positive integer with a RangeError, when called', async () => {
    await onPair(async ([, , server], loop) => {
      const before = loop.watchedSockets();
      for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => sockRecv(server, n)).toThrow(
          new RangeError(`sockRecv: n must be a positive integer, got ${n}`),
        );
      }
      expect(loop.watchedSockets()).toBe(before); // nothing was registered
    });
  });

  it('cancelling a task blocked in sockRecv removes its reader; the socket works (yield*)', async () => {
    await onPair(function* main([, client, server], loop): Coro<void> {
      const before = loop.watchedSockets();
      const reading = loop.createTask((function* reader(): Coro<Buffer> {
        return yield* sockRecv(server, 100);
      })());
      yield* sleep(0.001);
      expect(loop.watchedSockets()).toBe(before + 1);
      reading.cancel();
      try {
        yield* reading;
        expect.unreachable('the cancelled read returned');
      } catch (error) {
        expect(error).toBeInstanceOf(CancelledError);
      }
      expect(loop.watchedSockets()).toBe(before);
      yield* sockSendall(client, 'after the cancel');
      expect((yield* sockRecv(server, 100)).toString()).toBe('after the cancel');
    });
  });

  it('cancelling a task blocked in sockRecv removes its reader; the socket works (await)', async () => {
    await onPair(async ([, client, server], loop) => {
      const before = loop.watchedSockets();
      const reading = loop.createTask(sockRecv(server, 100));
      await sleep(0.001);
      expect(loop.watchedSockets()).toBe(before + 1);
      reading.cancel();
      await expect(reading).rejects.toThrow(CancelledError);
      expect(loop.watchedSockets()).toBe(before);
      await sockSendall(client, 'after the cancel');
      expect((await sockRecv(server, 100)).toString()).toBe('after the cancel');
    });
  });

  // waitForIo unregisters one tick after its future is done, unless its handle was
  // cancelled: the loop cancels a reader it replaces, as asyncio's _add_reader does.
  it('a sockRecv cancelled and replaced in the same tick does not remove the new reader', async () => {
    await onPair(async ([, client, server], loop) => {
      const first = loop.createTask(sockRecv(server, 100));
      await sleep(0.001);
      const second = loop.createTask((function* takeOver(): Coro<Buffer> {
        first.cancel();
        return yield* sockRecv(server, 100); // registers now, before the first one unwinds
      })());
      try {
        await sleep(0.001);
        expect(loop.watchedSockets()).toBe(1);
        await sockSendall(client, 'for the second reader');
        expect((await waitFor(second, 1)).toString()).toBe('for the second reader');
      } finally {
        second.cancel();
        await sleep(0);
      }
    });
  });
});

describe('sockSendall', () => {
  it('sends strings, Buffers and Uint8Arrays, and nothing at all (yield*)', async () => {
    await onPair(function* main([, client, server]): Coro<void> {
      yield* sockSendall(client, '');
      yield* sockSendall(client, 'one ');
      yield* sockSendall(client, Buffer.from('two '));
      yield* sockSendall(client, new Uint8Array([116, 104, 114, 101, 101])); // "three"
      client.shutdownWrite();
      const parts: Buffer[] = [];
      for (let part = yield* sockRecv(server, 100); part.length > 0; ) {
        parts.push(part);
        part = yield* sockRecv(server, 100);
      }
      expect(Buffer.concat(parts).toString()).toBe('one two three');
    });
  });

  it('sends 8 MiB to a slow reader: it completes, every byte arrives in order (await)', async () => {
    const data = Buffer.alloc(8 * 1024 * 1024);
    // A counter: misplaced bytes show.
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE(i / 4, i);
    await onPair(async ([, client, server]) => {
      async function slowReader(): Promise<Buffer> {
        const parts: Buffer[] = [];
        await sleep(0.05); // late to start
        for (let got = 0; got < data.length + 4; ) {
          const part = await sockRecv(server, 16 * 1024); // and takes small bites
          if (part.length === 0) break;
          parts.push(part);
          got += part.length;
          if (parts.length % 64 === 0) await sleep(0.001);
        }
        return Buffer.concat(parts);
      }
      const reading = ensureFuture(slowReader());
      await sockSendall(client, data);
      await sockSendall(client, 'done'); // waits for the 8 MiB ahead of it to leave
      const received = await waitFor(reading, BOUND);
      expect(received.length).toBe(data.length + 4);
      expect(received.subarray(0, data.length).equals(data)).toBe(true);
      expect(received.subarray(data.length).toString()).toBe('done');
    });
  });

  it('waits while the send buffer is full, watching the socket for writing (yield*)', async () => {
    // More than the kernel buffers hold for a reader that reads nothing.
    const big = Buffer.alloc(32 * 1024 * 1024, 1);
    await onPair(function* main([, client, server], loop): Coro<void> {
      const before = loop.watchedSockets();
      yield* sockSendall(client, big); // taken at once: our sockets take all or nothing
      const sending = loop.createTask(sockSendall(client, 'tail'));
      yield* sleep(0.05);
      expect(sending.done()).toBe(false);
      expect(loop.watchedSockets()).toBe(before + 1);
      let got = 0;
      while (got < big.length + 4) got += (yield* sockRecv(server, 1024 * 1024)).length;
      yield* waitFor(sending, BOUND);
      expect(loop.watchedSockets()).toBe(before);
    });
  });

  it('a socket can wait for reading and writing at once; ending one wait keeps the other', async () => {
    const big = Buffer.alloc(32 * 1024 * 1024, 2);
    await onPair(async ([, client, server], loop) => {
      const before = loop.watchedSockets();
      const reading = loop.createTask(sockRecv(server, 100));
      await sockSendall(server, big);
      const sending = loop.createTask(sockSendall(server, 'tail'));
      await sleep(0.05);
      expect(reading.done() || sending.done()).toBe(false);
      expect(loop.watchedSockets()).toBe(before + 1); // one socket, registered for both events
      let got = 0;
      while (got < big.length + 4) got += (await sockRecv(client, 1024 * 1024)).length;
      await waitFor(sending, BOUND);
      expect(reading.done()).toBe(false);
      expect(loop.watchedSockets()).toBe(before + 1); // still waiting to read
      await sockSendall(client, 'x');
      expect((await waitFor(reading, BOUND)).toString()).toBe('x');
      expect(loop.watchedSockets()).toBe(before);
    });
  });

  it('a sendall waiting for room fails with the error of a connection the peer reset', async () => {
    const big = Buffer.alloc(32 * 1024 * 1024, 3);
    await onPair(async ([, client, server], loop) => {
      const before = loop.watchedSockets();
      await sockSendall(server, big);
      const sending = loop.createTask(sockSendall(server, 'tail'));
      await sleep(0.01);
      await sockRecv(client, 1024); // leave unread data behind: closing now resets the connection
      client.close();
      const error = await errorOf(waitFor(sending, BOUND));
      expect((error as NodeJS.ErrnoException).code).toMatch(/^(ECONNRESET|EPIPE)$/);
      expect(loop.watchedSockets()).toBe(before);
    });
  });
});

describe('faults: no hang, no leak', () => {
  // A socket that never connected never emits the 'finish' that destroySoon() waits for.
  it('a connect that times out or is cancelled is torn down at once', async () => {
    const unanswered = await unansweredPort();
    try {
      const before = openTcpHandles();
      await run(async () => {
        const loop = getRunningLoop();
        await expect(waitFor(sockConnect('127.0.0.1', unanswered.port), 0.1)).rejects.toThrow(TimeoutError);
        const connecting = loop.createTask(sockConnect('127.0.0.1', unanswered.port));
        await sleep(0.1);
        connecting.cancel();
        await expect(connecting).rejects.toThrow(CancelledError);
        expect(loop.watchedSockets()).toBe(0);
      });
      expect(await tcpHandlesSettleTo(before)).toBe(before); // before: the SYN retries kept both
    } finally {
      unanswered.stop();
    }
  });

  it('on a closed socket or listener, sockRecv, sockSendall and sockAccept fail at once', async () => {
    await onPair(async ([listener, client, server]) => {
      await sockSendall(client, 'unread');
      closeAll(server, listener);
      const recvError = new Error('recv: the socket is closed');
      await expect(waitFor(sockRecv(server, 10), 2)).rejects.toThrow(recvError);
      await expect(waitFor(sockSendall(server, 'lost'), 2)).rejects.toThrow('send: the socket is closed');
      await expect(waitFor(sockAccept(listener), 2)).rejects.toThrow('accept: the listener is closed');
      client.close();
    });
  });

  it('closing a socket fails the sockRecv and sockAccept waiting on it, and unwatches it', async () => {
    await onPair(async ([listener, client, server], loop) => {
      const before = loop.watchedSockets();
      const reading = loop.createTask(sockRecv(server, 10));
      const accepting = loop.createTask(sockAccept(listener));
      await sleep(0.01);
      expect(loop.watchedSockets()).toBe(before + 2);
      closeAll(server, listener);
      await expect(waitFor(reading, 2)).rejects.toThrow('recv: the socket is closed');
      await expect(waitFor(accepting, 2)).rejects.toThrow('accept: the listener is closed');
      expect(loop.watchedSockets()).toBe(before);
      client.close();
    });
  });

  // Before, the call bound the port, then threw: a listener nobody could close.
  it('sockListen() with no loop running binds nothing; awaiting it says why', async () => {
    const before = openTcpHandles();
    const listening = sockListen('127.0.0.1', 0);
    await expect(listening).rejects.toThrow(/^getRunningLoop: no running event loop/);
    expect(openTcpHandles()).toBe(before);
  });
});
