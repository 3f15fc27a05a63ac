import { afterEach, describe, expect, it } from 'vitest';
import { Loop, TcpListener, TcpSocket, type TimerHandle } from '#step';
import {
  closedPort, openTcpHandles, secondsSince, unansweredPort,
} from '../../shared/socket-test-helpers.ts';

/** Everything a test opens, closed after it whatever happens. */
const opened: { close(): void }[] = [];

afterEach(() => {
  for (const thing of opened.splice(0).reverse()) thing.close();
});

function track<T extends { close(): void }>(thing: T): T {
  opened.push(thing);
  return thing;
}

async function listen(): Promise<TcpListener> {
  return track(await TcpListener.listen('127.0.0.1', 0));
}

function connect(listener: TcpListener): TcpSocket {
  return track(TcpSocket.connect('127.0.0.1', listener.port));
}

/** Wait outside any loop of ours, in Node's own loop, until `condition` holds. */
async function until(condition: () => boolean, what: string, seconds = 5): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A connected pair: our client socket and the server's side of the same connection. */
async function connectedPair(listener?: TcpListener): Promise<[TcpSocket, TcpSocket]> {
  const l = listener ?? (await listen());
  const client = connect(l);
  await until(() => l.readable() && client.writable(), 'the connection is made');
  const server = l.accept();
  if (server === null) throw new Error('accept() gave null after the listener was readable');
  return [client, track(server)];
}

/** A connected pair, and a fresh loop to watch it. */
async function pairAndLoop(listener?: TcpListener): Promise<[TcpSocket, TcpSocket, Loop]> {
  return [...(await connectedPair(listener)), new Loop()];
}

/**
 * Run the loop until something calls stop(). A guard in Node's own loop stops it
 * after `seconds` (callSoon wakes a select that waits forever), so no test hangs.
 */
async function runUntilStopped(loop: Loop, seconds = 5): Promise<void> {
  let guardFired = false;
  const guard = setTimeout(() => {
    guardFired = true;
    loop.stop();
    loop.callSoon(() => undefined);
  }, seconds * 1000);
  try {
    await loop.runForever();
  } finally {
    clearTimeout(guard);
  }
  expect(guardFired, 'the loop should have stopped by itself').toBe(false);
}

/** Bytes 0, 1, 2, ... 250, 0, 1, ...: a pattern whose every offset is checkable. */
function pattern(length: number): Buffer {
  const data = Buffer.alloc(length);
  for (let i = 0; i < length; i++) data[i] = i % 251;
  return data;
}

describe('TcpListener', () => {
  it('port 0 picks a free port; accept() returns null when nobody waits', async () => {
    const listener = await listen();
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.readable()).toBe(false);
    expect(listener.writable()).toBe(false);
    expect(listener.accept()).toBeNull();
  });

  it('a connecting client makes it readable, and accept() takes the connection', async () => {
    const listener = await listen();
    const client = connect(listener);
    await until(() => listener.readable(), 'a connection waits');
    const server = track(listener.accept() as TcpSocket);
    expect(server).toBeInstanceOf(TcpSocket);
    expect(server.peer()).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(listener.readable()).toBe(false);
    expect(listener.accept()).toBeNull();
    await until(() => client.writable(), 'the client is connected');
  });

  it('listening on a port that is taken rejects', async () => {
    const listener = await listen();
    await expect(TcpListener.listen('127.0.0.1', listener.port)).rejects.toThrow(/EADDRINUSE/);
  });

  it('after close(), accept() throws, and the listener turns readable', async () => {
    const listener = await listen();
    let changes = 0;
    listener.watch(() => changes++);
    listener.close();
    expect(changes).toBe(1);
    expect(listener.readable()).toBe(true);
    expect(() => listener.accept()).toThrow(new Error('accept: the listener is closed'));
  });
});

describe('TcpSocket', () => {
  it('is not writable until connected; then send() hands bytes over, recv() takes them', async () => {
    const listener = await listen();
    const client = connect(listener);
    expect(client.writable()).toBe(false);
    expect(client.readable()).toBe(false);
    expect(() => client.send(Buffer.from('too soon'))).toThrow('send: the socket is not connected');
    const [, server] = await connectedPair(listener);
    expect(client.send(Buffer.from('hello'))).toBe(5);
    await until(() => server.readable(), 'the data arrives');
    expect(server.recv(1024)?.toString()).toBe('hello');
  });

  it('recv() returns null when nothing is there ("would block")', async () => {
    const [client, server] = await connectedPair();
    expect(server.readable()).toBe(false);
    expect(server.recv(100)).toBeNull();
    expect(client.recv(100)).toBeNull();
  });

  it('recv(n) takes at most n bytes, in order, and keeps the rest', async () => {
    const [client, server] = await connectedPair();
    client.send(Buffer.from('abc'));
    client.send(Buffer.from('defgh'));
    await until(() => server.readable(), 'the first bytes arrive');
    const received: string[] = [];
    await until(() => {
      const chunk = server.recv(2);
      if (chunk !== null) received.push(chunk.toString());
      return received.join('').length === 8;
    }, 'all 8 bytes arrive');
    expect(received.every((part) => part.length <= 2)).toBe(true);
    expect(received.join('')).toBe('abcdefgh');
    expect(server.readable()).toBe(false);
  });

  // After the data, an empty Buffer means the end of the stream; it stays there.
  it('after the peer half-closes, recv() gives the data, then an empty Buffer, again', async () => {
    const [client, server] = await connectedPair();
    client.send(Buffer.from('last words'));
    client.shutdownWrite();
    const received: Buffer[] = [];
    await until(() => {
      const chunk = server.recv(1024);
      if (chunk !== null) received.push(chunk);
      return chunk?.length === 0;
    }, 'the end of the stream');
    expect(Buffer.concat(received).toString()).toBe('last words');
    expect(server.readable()).toBe(true); // level-triggered: the end stays readable
    expect(server.recv(1024)).toEqual(Buffer.alloc(0));
  });

  // The failed socket turns readable and writable, so that a selector reports it.
  it('connecting to a closed port sets connectError(), and the socket turns ready', async () => {
    const port = await closedPort();
    const sock = track(TcpSocket.connect('127.0.0.1', port));
    expect(sock.connectError()).toBeNull();
    await until(() => sock.writable(), 'the connect fails');
    expect(sock.connectError()?.message).toMatch(/ECONNREFUSED/);
    expect(sock.readable()).toBe(true);
    expect(() => sock.send(Buffer.from('x'))).toThrow(/ECONNREFUSED/);
    expect(() => sock.recv(10)).toThrow(/ECONNREFUSED/);
  });

  // destroySoon() would wait for the connect to finish, for minutes of SYN retries.
  it('close() drops a connect still under way at once: no handle is left', async () => {
    const unanswered = await unansweredPort();
    try {
      const before = openTcpHandles();
      const sock = TcpSocket.connect('127.0.0.1', unanswered.port);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sock.writable()).toBe(false); // still connecting
      expect(openTcpHandles()).toBeGreaterThan(before);
      sock.close();
      await until(() => openTcpHandles() === before, 'the connecting socket is gone', 2);
    } finally {
      unanswered.stop();
    }
  });

  // A closed socket is ready, so that a call waiting on it wakes and fails at once.
  it('after close(), recv() and send() throw, and the socket turns ready', async () => {
    const [client, server] = await connectedPair();
    client.send(Buffer.from('unread'));
    await until(() => server.readable(), 'the data arrives');
    let changes = 0;
    server.watch(() => changes++);
    server.close();
    expect(changes).toBe(1); // whoever watches hears of it
    expect(server.readable()).toBe(true);
    expect(server.writable()).toBe(true);
    expect(() => server.recv(10)).toThrow(new Error('recv: the socket is closed'));
    expect(() => server.send(Buffer.from('x'))).toThrow(new Error('send: the socket is closed'));
    server.close(); // a second close is harmless
    expect(changes).toBe(1);
  });

  // When the peer does not read, send() returns 0 and the socket stays unwritable.
  it('backpressure: every byte arrives once the peer reads', async () => {
    const [client, server, loop] = await pairAndLoop();
    const chunk = pattern(64 * 1024);
    let sent = 0;
    const partial: number[] = [];
    let quiet: TimerHandle | null = null;
    loop.addWriter(client, () => {
      const n = client.send(chunk);
      if (n !== chunk.length) partial.push(n);
      sent += n;
      quiet?.cancel();
      quiet = loop.callLater(0.3, () => loop.stop()); // stop once the writer has not run for 0.3 s
    });
    await runUntilStopped(loop, 20);
    // Called only when writable, and then all or nothing: Node buffers what the kernel did not take.
    expect(partial).toEqual([]);
    expect(client.writable()).toBe(false);
    expect(client.send(chunk)).toBe(0); // would block
    expect(sent).toBeGreaterThan(chunk.length);
    expect(sent).toBeLessThan(256 * 1024 * 1024); // bounded by the kernel's buffers, not our patience

    // The peer's receive buffer: it stops reading from Node at 64 KiB, so the kernel fills up.
    const buffered = server.recv(Number.MAX_SAFE_INTEGER);
    expect(buffered?.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(buffered?.length).toBeLessThan(2 * 64 * 1024);

    loop.removeWriter(client);
    const parts: Buffer[] = buffered === null ? [] : [buffered];
    let received = buffered?.length ?? 0;
    loop.addReader(server, () => {
      const data = server.recv(1 << 20);
      if (data === null) return;
      parts.push(data);
      received += data.length;
      if (received === sent) loop.stop();
    });
    await runUntilStopped(loop, 20);
    expect(loop.removeReader(server)).toBe(true);
    const all = Buffer.concat(parts);
    expect(all.length).toBe(sent);
    for (let offset = 0; offset < sent; offset += chunk.length) {
      expect(all.subarray(offset, offset + chunk.length).equals(chunk)).toBe(true);
    }
    await until(() => client.writable(), 'the client drained');
  });
});

describe('addReader and addWriter', () => {
  it('echo round trip on real sockets: every byte comes back, in order', async () => {
    const listener = await listen();
    const loop = new Loop();
    const message = pattern(300_000);
    const echoed: Buffer[] = [];
    let echoedBytes = 0;

    // Server: accept, then echo; what send() refuses waits for the socket to be writable.
    loop.addReader(listener, () => {
      const conn = listener.accept();
      if (conn === null) return;
      track(conn);
      const pending: Buffer[] = [];
      const flush = (): void => {
        while (pending.length > 0 && conn.send(pending[0] as Buffer) > 0) pending.shift();
        if (pending.length === 0) loop.removeWriter(conn);
      };
      loop.addReader(conn, () => {
        const data = conn.recv(16 * 1024);
        if (data === null) return;
        if (data.length === 0) {
          loop.removeReader(conn);
          return;
        }
        pending.push(data);
        if (pending.length === 1) flush();
        if (pending.length > 0) loop.addWriter(conn, flush);
      });
    });

    // Client: write the message in 8 KiB slices whenever writable, read back the echo.
    const client = connect(listener);
    let offset = 0;
    loop.addWriter(client, () => {
      while (offset < message.length) {
        const n = client.send(message.subarray(offset, offset + 8 * 1024));
        if (n === 0) return;
        offset += n;
      }
      loop.removeWriter(client);
    });
    loop.addReader(client, () => {
      const data = client.recv(64 * 1024);
      if (data === null || data.length === 0) return;
      echoed.push(data);
      echoedBytes += data.length;
      if (echoedBytes >= message.length) loop.stop();
    });

    await runUntilStopped(loop, 20);
    expect(Buffer.concat(echoed).equals(message)).toBe(true);
    expect(loop.removeReader(client)).toBe(true);
    expect(loop.removeReader(listener)).toBe(true);
  });

  // Level-triggered: a reader runs on every tick while the socket stays readable.
  it('a reader gets its arguments, and runs on every tick while the socket is readable', async () => {
    const [client, server, loop] = await pairAndLoop();
    const calls: string[] = [];
    const reader = (label: string, n: number): void => {
      calls.push(`${label}${n}`);
      if (calls.length === 3) {
        expect(server.recv(100)?.toString()).toBe('ping');
        loop.callLater(0.1, () => loop.stop()); // no more calls: nothing left to read
      }
    };
    loop.addReader(server, reader, 'reader', 7);
    client.send(Buffer.from('ping'));
    await runUntilStopped(loop);
    expect(calls).toEqual(['reader7', 'reader7', 'reader7']);
    expect(loop.removeReader(server)).toBe(true);
  });

  it('a writer runs when the socket is connected', async () => {
    const listener = await listen();
    const loop = new Loop();
    const client = connect(listener);
    const log: string[] = [];
    loop.addWriter(client, () => {
      log.push(`connected: ${client.connectError() === null}`);
      loop.removeWriter(client);
      loop.stop();
    });
    await runUntilStopped(loop);
    expect(log).toEqual(['connected: true']);
  });

  it('removeReader and removeWriter return true if a callback was removed, else false', async () => {
    const [client, , loop] = await pairAndLoop();
    expect(loop.removeReader(client)).toBe(false);
    expect(loop.removeWriter(client)).toBe(false);
    loop.addReader(client, () => undefined);
    expect(loop.removeWriter(client)).toBe(false);
    expect(loop.watchedSockets()).toBe(1);
    expect(loop.removeReader(client)).toBe(true);
    expect(loop.removeReader(client)).toBe(false);
    loop.addWriter(client, () => undefined);
    expect(loop.removeReader(client)).toBe(false);
    expect(loop.removeWriter(client)).toBe(true);
    expect(loop.removeWriter(client)).toBe(false);
    expect(loop.watchedSockets()).toBe(0);
  });

  it('watchedSockets() counts sockets, not callbacks', async () => {
    const [client, server, loop] = await pairAndLoop();
    expect(loop.watchedSockets()).toBe(0);
    loop.addReader(client, () => undefined);
    loop.addWriter(client, () => undefined);
    expect(loop.watchedSockets()).toBe(1);
    loop.addReader(server, () => undefined);
    loop.addReader(server, () => undefined); // replaces the first reader
    expect(loop.watchedSockets()).toBe(2);
    loop.removeReader(client);
    expect(loop.watchedSockets()).toBe(2);
    loop.removeWriter(client);
    loop.removeReader(server);
    expect(loop.watchedSockets()).toBe(0);
  });

  it('a reader and a writer on the same socket: removing one keeps the other', async () => {
    const [client, server, loop] = await pairAndLoop();
    const log: string[] = [];
    loop.addWriter(server, () => log.push('writer'));
    loop.addReader(server, () => {
      log.push(`reader got ${server.recv(100)?.toString()}`);
      loop.stop();
    });
    expect(loop.removeWriter(server)).toBe(true);
    expect(loop.watchedSockets()).toBe(1);
    setTimeout(() => client.send(Buffer.from('data')), 50);
    await runUntilStopped(loop);
    expect(log).toEqual(['reader got data']);

    log.length = 0;
    loop.addWriter(server, () => {
      log.push('writer');
      loop.stop();
    });
    expect(loop.removeReader(server)).toBe(true);
    expect(loop.watchedSockets()).toBe(1);
    await runUntilStopped(loop);
    expect(log).toEqual(['writer']);
    expect(loop.removeWriter(server)).toBe(true);
  });

  it('adding a reader again replaces the callback', async () => {
    const [client, server, loop] = await pairAndLoop();
    const log: string[] = [];
    loop.addReader(server, () => log.push('old'));
    loop.addReader(server, () => {
      log.push(`new got ${server.recv(100)?.toString()}`);
      loop.stop();
    });
    client.send(Buffer.from('x'));
    await runUntilStopped(loop);
    expect(log).toEqual(['new got x']);
    loop.removeReader(server);
  });

  it('a cancelled reader handle does not run', async () => {
    const [client, server, loop] = await pairAndLoop();
    const log: string[] = [];
    const handle = loop.addReader(server, () => log.push('cancelled reader ran'));
    handle.cancel();
    expect(handle.cancelled()).toBe(true);
    client.send(Buffer.from('x'));
    await until(() => server.readable(), 'the data arrives');
    loop.callLater(0.1, () => loop.stop());
    await runUntilStopped(loop);
    expect(log).toEqual([]);
    loop.removeReader(server);
  });

  it('an error in a reader goes to the exception handler and the loop keeps running', async () => {
    const [client, server, loop] = await pairAndLoop();
    const messages: string[] = [];
    loop.setExceptionHandler((_, { message, exception }) =>
      messages.push(`${message}: ${(exception as Error).message}`),
    );
    loop.addReader(server, function badReader() {
      server.recv(100);
      loop.removeReader(server);
      loop.callSoon(() => loop.stop());
      throw new Error('boom');
    });
    client.send(Buffer.from('x'));
    await runUntilStopped(loop);
    // It removed itself first, hence "cancelled".
    expect(messages).toEqual(['Exception in callback <Handle badReader() cancelled>: boom']);
  });

  it('a callback that is not a function is a clear TypeError; nothing is registered', async () => {
    const [client, , loop] = await pairAndLoop();
    const notAFunction = (x: unknown): (() => void) => x as () => void;
    expect(() => loop.addReader(client, notAFunction('read'))).toThrow(
      new TypeError('addReader: a callback must be a function, got string "read"'),
    );
    expect(() => loop.addWriter(client, notAFunction(null))).toThrow(
      new TypeError('addWriter: a callback must be a function, got object null'),
    );
    const asyncReader = async (): Promise<void> => undefined;
    expect(() => loop.addReader(client, asyncReader)).toThrow(/addReader: .* is an async function/);
    expect(loop.watchedSockets()).toBe(0);
  });

  it('a closed loop refuses new readers and writers', async () => {
    const [client, , loop] = await pairAndLoop();
    loop.close();
    expect(() => loop.addReader(client, () => undefined)).toThrow('Event loop is closed.');
    expect(() => loop.addWriter(client, () => undefined)).toThrow('Event loop is closed.');
  });

  // An open socket keeps Node's process alive, and no callback of the loop can run again.
  it('closing the loop closes the sockets it still watches, and only those', async () => {
    const listener = await listen();
    const [client, server, loop] = await pairAndLoop(listener);
    loop.addReader(server, () => undefined);
    loop.addWriter(client, () => undefined);
    loop.addReader(listener, () => undefined);
    loop.removeReader(listener);
    const before = openTcpHandles();
    loop.close();
    expect(loop.watchedSockets()).toBe(0);
    expect(() => server.recv(10)).toThrow('recv: the socket is closed');
    expect(() => client.send(Buffer.from('x'))).toThrow('send: the socket is closed');
    expect(listener.accept()).toBeNull(); // no longer watched: the program's to close
    await until(() => openTcpHandles() === before - 2, 'the two sockets are gone', 2);
  });
});

describe('how long runOnce waits (the select timeout)', () => {
  it('with nothing ready, no timer, promise or socket, the loop would wait forever', async () => {
    const loop = new Loop();
    await expect(loop.runOnce()).rejects.toThrow(
      'Event loop is idle: nothing is ready, no timer is scheduled, no promise is pending ' +
        'and no socket is watched, so it would wait forever.',
    );
  });

  it('0 when a callback is ready: a tick does not wait for a watched socket', async () => {
    const listener = await listen();
    const loop = new Loop();
    loop.addReader(listener, () => undefined); // nobody connects
    const log: string[] = [];
    loop.callSoon(() => log.push('ran'));
    const start = performance.now();
    await loop.runOnce();
    expect(log).toEqual(['ran']);
    expect(secondsSince(start)).toBeLessThan(0.5);
  });

  // One runOnce waits until data arrives 100 ms later, then runs the reader.
  it('forever when only sockets are watched: until data arrives', async () => {
    const [client, server, loop] = await pairAndLoop();
    const log: string[] = [];
    loop.addReader(server, () => log.push(`read ${server.recv(100)?.toString()}`));
    setTimeout(() => client.send(Buffer.from('late')), 100);
    const guard = setTimeout(() => loop.callSoon(() => log.push('guard')), 5000); // never hang
    const start = performance.now();
    await loop.runOnce();
    const waited = secondsSince(start);
    clearTimeout(guard);
    expect(log).toEqual(['read late']);
    expect(waited).toBeGreaterThanOrEqual(0.09);
    expect(waited).toBeLessThan(3);
  });

  it('until the next deadline while a socket is watched: the timer fires on time', async () => {
    const listener = await listen();
    const loop = new Loop();
    loop.addReader(listener, () => undefined); // nobody connects
    let firedAfter = -1;
    const start = performance.now();
    loop.callLater(0.1, () => (firedAfter = secondsSince(start)));
    let ticks = 0;
    while (firedAfter < 0 && ticks < 100) {
      await loop.runOnce();
      ticks++;
    }
    expect(firedAfter).toBeGreaterThanOrEqual(0.095);
    expect(firedAfter).toBeLessThan(0.6);
    expect(ticks).toBeLessThanOrEqual(3); // polling with timeout 0 would take thousands
  });

  it('a timer and a socket: whichever comes first wakes the loop', async () => {
    const [client, server, loop] = await pairAndLoop();
    const log: string[] = [];
    const start = performance.now();
    loop.addReader(server, () => {
      log.push(`read ${server.recv(100)?.toString()}`);
      loop.removeReader(server);
    });
    loop.callLater(0.25, () => {
      log.push('timer');
      loop.stop();
    });
    setTimeout(() => client.send(Buffer.from('early')), 50);
    await runUntilStopped(loop);
    expect(log).toEqual(['read early', 'timer']);
    expect(secondsSince(start)).toBeGreaterThanOrEqual(0.24);
  });

  it('never spins while idle: waiting 0.3 s for a socket costs almost no CPU', async () => {
    const [client, server, loop] = await pairAndLoop();
    let start = performance.now();
    let readAfter = -1;
    loop.addReader(server, () => {
      const data = server.recv(100);
      if (data === null) return;
      readAfter = secondsSince(start);
      loop.removeReader(server);
      loop.stop();
    });
    setTimeout(() => client.send(Buffer.from('finally')), 300);
    start = performance.now();
    const cpuBefore = process.cpuUsage();
    await runUntilStopped(loop);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    expect(readAfter).toBeGreaterThanOrEqual(0.29);
    expect(cpuSeconds).toBeLessThan(0.06);
  });

  it('with a timer and nothing watched the loop sleeps (Atomics.wait): little CPU', async () => {
    const loop = new Loop();
    const start = performance.now();
    loop.callLater(0.2, () => loop.stop());
    const cpuBefore = process.cpuUsage();
    await loop.runForever();
    const cpu = process.cpuUsage(cpuBefore);
    expect(secondsSince(start)).toBeGreaterThanOrEqual(0.19);
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(0.06);
  });
});
