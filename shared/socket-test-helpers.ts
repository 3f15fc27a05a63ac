/**
 * Test helpers that the socket and stream tests of steps 13-15 share: running a
 * program on a loop and checking that the loop is left idle; servers, ports and
 * raw clients; Node's open TCP handles, before and after; seeded random bytes.
 * Not part of any lesson. It never imports '#step': a test passes in its own
 * step's loop, and the interfaces below say what a helper uses of it.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';

/** What runOn uses of a loop: any step's Loop from step 12 on. */
export interface PromiseRunningLoop {
  runUntilComplete<T>(aw: PromiseLike<T>): Promise<T>;
}

/**
 * Run `main` on `loop` until it is done. `main` is called once the loop runs: the
 * task that runUntilComplete makes to wait for a promise calls its `then` on its
 * first step, so `main` can use the running loop from its first line.
 */
export function runOn<T>(loop: PromiseRunningLoop, main: () => PromiseLike<T>): Promise<T> {
  return loop.runUntilComplete({ then: (onValue, onError) => main().then(onValue, onError) });
}

/** What expectIdle uses of a loop: any step's Loop from step 13 on. */
export interface IdleCheckedLoop {
  watchedSockets(): number;
  time(): number;
  runForever(): Promise<void>;
  close(): void;
}

/**
 * The loop watches no socket and is idle (no timer pending, nothing ready, no
 * promise in play): runForever() says so instead of waiting forever. Then it is
 * closed. With `within`, it must say so within that many seconds: a pending timer
 * would make it sleep until that timer first, and the tests' timers are all 20 s
 * or longer, so a quick answer means none was left behind.
 */
export async function expectIdle(loop: IdleCheckedLoop, within?: number): Promise<void> {
  expect(loop.watchedSockets()).toBe(0);
  const start = loop.time();
  await expect(loop.runForever()).rejects.toThrow(/Event loop is idle/);
  if (within !== undefined) expect(loop.time() - start).toBeLessThan(within);
  loop.close();
}

/** What collectReports uses of a loop `L`, whose exception handler gets `C`s. */
export interface ReportingLoop<L, C> {
  setExceptionHandler(handler: ((loop: L, context: C) => void) | null): void;
}

/** Set the loop's exception handler to one that collects what it gets in the list returned. */
export function collectReports<L, C>(loop: ReportingLoop<L, C>): C[] {
  const reports: C[] = [];
  loop.setExceptionHandler((_loop, context) => reports.push(context));
  return reports;
}

/**
 * Wait until `condition()` holds, checking again after each `pause()`; after
 * `tries` pauses, fail with the message `failure()` gives then.
 */
export async function pollUntil(
  condition: () => boolean,
  pause: () => PromiseLike<unknown>,
  tries: number,
  failure: () => string,
): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > tries) throw new Error(failure());
    await pause();
  }
}

/** What `serving` needs of a server: close(), which may return a promise. */
export interface ClosableServer {
  close(): void | PromiseLike<void>;
}

/** Start a server with `start`, run `client` with it, and close it however `client` ends. */
export async function serving<S extends ClosableServer, T>(
  start: () => PromiseLike<S>,
  client: (server: S) => PromiseLike<T>,
): Promise<T> {
  const server = await start();
  try {
    return await client(server);
  } finally {
    await server.close();
  }
}

/** A port nobody listens on: listen on port 0, note the port, close. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A listener that never accepts: a child process that blocks its thread once it listens. */
const STUCK_LISTENER = `const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  console.log(server.address().port);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});`;

/**
 * A port where a connect stays under way: nobody accepts and the backlog is
 * full, so the kernel drops the SYN and the client retries for minutes.
 */
export async function unansweredPort(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['-e', STUCK_LISTENER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (line: Buffer) => resolve(Number(line.toString())));
    child.once('error', reject);
  });
  const fillers: net.Socket[] = [];
  for (let full = false; !full && fillers.length < 16; ) {
    // Errors of the fillers are not under test.
    const filler = net.connect({ host: '127.0.0.1', port }).on('error', () => undefined);
    fillers.push(filler);
    full = !(await new Promise<boolean>((resolve) => {
      filler.once('connect', () => resolve(true));
      setTimeout(() => resolve(false), 200);
    }));
  }
  return {
    port,
    stop() {
      for (const filler of fillers) filler.destroy();
      child.kill();
    },
  };
}

/**
 * A raw Node client connects to `port`, sends the first half of `message`, waits
 * for `pause()`, then resets the connection (RST, not FIN).
 */
export async function sendHalfThenReset(
  port: number,
  message: Uint8Array,
  pause: () => PromiseLike<unknown>,
): Promise<void> {
  const resetter = net.connect({ host: '127.0.0.1', port });
  resetter.on('error', () => {}); // our own reset may be reported back to us
  await new Promise<void>((resolve) => resetter.once('connect', resolve));
  resetter.write(message.subarray(0, message.length / 2));
  await pause();
  resetter.resetAndDestroy();
}

/** Node's open TCP handles (sockets, servers, connects under way). */
export function openTcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

/** Node closes a destroyed socket's handle on a later turn of its loop: poll up to `seconds`. */
export async function tcpHandlesSettleTo(expected: number, seconds = 2): Promise<number> {
  for (let i = 0; i < seconds * 100 && openTcpHandles() !== expected; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return openTcpHandles();
}

/**
 * After all the tests of the file or describe that calls it, as many TCP handles
 * must be open as before them (polled for up to `seconds`). Returns the count before.
 */
export function expectNoTcpLeakAfterAll(seconds = 2): () => number {
  let before = 0;
  beforeAll(() => {
    before = openTcpHandles();
  });
  afterAll(async () => {
    expect(await tcpHandlesSettleTo(before, seconds)).toBe(before);
  });
  return () => before;
}

/** A small seeded PRNG (mulberry32): the same sizes on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` random bytes from a seed. */
export function randomBytes(size: number, seed: number): Buffer {
  const random = prng(seed);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/**
 * The messages of one client of an echo test: `count` slices of `pool`, of 1 B to
 * `maxSize` bytes at offsets below `maxSize`, as a PRNG seeded with `seed` picks them.
 */
export function* randomSlices(
  pool: Buffer,
  seed: number,
  count: number,
  maxSize: number,
): Generator<Buffer, void, undefined> {
  const rand = prng(seed);
  for (let i = 0; i < count; i++) {
    const size = 1 + Math.floor(rand() * maxSize);
    const offset = Math.floor(rand() * maxSize);
    yield pool.subarray(offset, offset + size);
  }
}

/** Seconds since `start`, a performance.now() reading. */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/** The error an awaitable ends with (or null if it succeeds). */
export async function errorOf(aw: PromiseLike<unknown>): Promise<unknown> {
  return aw.then(() => null, (error: unknown) => error);
}
