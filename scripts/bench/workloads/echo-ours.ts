/**
 * The echo benches on our loop: a server and its clients in one process, on
 * 127.0.0.1, written as generator coroutines (`yield*`), as steps 14-15 teach.
 * Checked against the real steps 14 (sock*) and 15 (streams). Also the
 * idle-connections bench, a stream beside connections that send nothing.
 */
import { ECHO_BYTES, IDLE_CONNECTIONS } from '../benches.ts';
import { hasMethod, hasStreams, isObject, isTaskLoop, type Coro, type LoopLike, type StepModule, type TaskLoop } from '../features.ts';
import type { WorkerResult } from '../types.ts';
import { fail, now } from './common.ts';

const HOST = '127.0.0.1';

/** The bytes every round trip sends. */
const PAYLOAD = new Uint8Array(ECHO_BYTES).fill(120);

/** Wait for whatever a step's coroutine API returned: `yield*` an iterable (coroutine, Future), pass a plain value through. */
function* wait(x: unknown): Coro {
  if (isObject(x) && Symbol.iterator in x) return yield* x as unknown as Coro;
  if (hasMethod(x, 'then')) fail('the step returned a Promise where the bench expects a coroutine');
  return x;
}

/** Call `obj.name(...args)` where the step has that method; exit naming it otherwise. */
function call(obj: unknown, name: string, ...args: unknown[]): unknown {
  if (!hasMethod(obj, name)) fail(`expected a ${name}() method`);
  return (obj as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
}

/** Byte length of a chunk a step read (Uint8Array, Buffer or string). */
function lengthOf(chunk: unknown): number {
  if (chunk instanceof Uint8Array || typeof chunk === 'string') return chunk.length;
  return fail('a read returned neither bytes nor a string');
}

/** Run `main` as a task until it completes; runUntilComplete returns a Promise from step 12. */
async function runMain(loop: TaskLoop, main: Coro): Promise<void> {
  if (!hasMethod(loop, 'runUntilComplete')) fail('this step has no runUntilComplete');
  await (loop as TaskLoop & { runUntilComplete(c: Coro): unknown }).runUntilComplete(main);
}

/** Start `conns` clients of n / conns round trips each and wait for all (gather). */
function* clients(step: StepModule, loop: TaskLoop, conns: number, n: number, client: (trips: number) => Coro): Coro<void> {
  const gather = step.exports.gather;
  if (typeof gather !== 'function') fail('this step has no gather');
  const tasks = Array.from({ length: conns }, (_, i) => loop.createTask(client(Math.floor(n / conns) + (i < n % conns ? 1 : 0))));
  yield* wait((gather as (...aws: unknown[]) => unknown)(...tasks));
}

/** Round trips per second through `startServer` / `openConnection` (step 15). */
export async function streamsEcho(step: StepModule, loop: LoopLike, n: number, conns: number): Promise<WorkerResult> {
  if (!hasStreams(step) || !isTaskLoop(loop)) return fail('this step has no openConnection/startServer');
  const tasks: TaskLoop = loop;
  const openConnection = step.exports.openConnection as (host: string, port: number) => unknown;
  const startServer = step.exports.startServer as (cb: (r: unknown, w: unknown) => Coro, host: string, port: number) => unknown;
  function* echo(reader: unknown, writer: unknown): Coro<void> {
    for (;;) {
      const data = yield* wait(call(reader, 'read', 65536));
      if (lengthOf(data) === 0) break;
      call(writer, 'write', data);
      yield* wait(call(writer, 'drain'));
    }
    call(writer, 'close');
  }
  function* client(port: number, trips: number): Coro<void> {
    const pair = yield* wait(openConnection(HOST, port));
    const [reader, writer] = pair as [unknown, unknown];
    for (let i = 0; i < trips; i++) {
      call(writer, 'write', PAYLOAD);
      yield* wait(call(writer, 'drain'));
      yield* wait(call(reader, 'readExactly', ECHO_BYTES));
    }
    call(writer, 'close');
  }
  let seconds = 0;
  function* main(): Coro<void> {
    const server = yield* wait(startServer(echo, HOST, 0));
    const port = isObject(server) ? Number(server.port) : NaN;
    const t0 = now();
    yield* clients(step, tasks, conns, n, (trips) => client(port, trips));
    seconds = now() - t0;
    call(server, 'close');
  }
  await runMain(tasks, main());
  return { value: n / seconds };
}

/** The sock* calls the echo needs, whatever the step names them. */
export interface SockApi {
  /** A listening socket on HOST and a free port. */
  listen(): Coro<{ sock: unknown; port: number }>;
  connect(port: number): Coro;
  accept(listener: unknown): Coro;
  recv(sock: unknown, n: number): Coro;
  sendall(sock: unknown, data: Uint8Array): Coro;
  close(sock: unknown): void;
}

/** The module-level sock* coroutines of steps 14-15: `sockListen(host, port)`, `sockConnect(host, port)`, … */
const SOCK_FUNCTIONS = ['sockListen', 'sockConnect', 'sockAccept', 'sockRecv', 'sockSendall'] as const;

/**
 * The step's sock* API, or null when it has none. Steps 14-15 export the
 * coroutines from index.ts; they find their loop with getRunningLoop(), so the
 * loop argument is not needed. Sockets and listeners close with `close()`.
 */
export function sockApiOf(step: StepModule, _loop: LoopLike): SockApi | null {
  const fns = step.exports;
  if (!SOCK_FUNCTIONS.every((name) => typeof fns[name] === 'function')) return null;
  type Fn = (...args: unknown[]) => unknown;
  const [listen, connect, accept, recv, sendall] = SOCK_FUNCTIONS.map((name) => fns[name] as Fn) as [Fn, Fn, Fn, Fn, Fn];
  return {
    *listen() {
      const sock = yield* wait(listen(HOST, 0));
      const port = isObject(sock) ? Number(sock.port) : NaN;
      if (!Number.isInteger(port) || port <= 0) fail('sockListen gave a listener without a port');
      return { sock, port };
    },
    connect: (port) => wait(connect(HOST, port)),
    accept: (listener) => wait(accept(listener)),
    recv: (sock, n) => wait(recv(sock, n)),
    sendall: (sock, data) => wait(sendall(sock, data)),
    close: (sock) => void call(sock, 'close'),
  };
}

/** Round trips per second through sockAccept / sockRecv / sockSendall (step 14+). */
export async function sockEcho(step: StepModule, loop: LoopLike, n: number, conns: number): Promise<WorkerResult> {
  const api = sockApiOf(step, loop);
  if (!api || !isTaskLoop(loop)) return fail('this step has no sockListen/sockConnect/sockAccept/sockRecv/sockSendall');
  const tasks: TaskLoop = loop;
  function* echo(sock: unknown): Coro<void> {
    for (;;) {
      const data = yield* api!.recv(sock, 65536);
      if (lengthOf(data) === 0) break;
      yield* api!.sendall(sock, data as Uint8Array);
    }
    api!.close(sock);
  }
  function* acceptor(listener: unknown): Coro<void> {
    for (;;) tasks.createTask(echo(yield* api!.accept(listener)));
  }
  function* client(port: number, trips: number): Coro<void> {
    const sock = yield* api!.connect(port);
    for (let i = 0; i < trips; i++) {
      yield* api!.sendall(sock, PAYLOAD);
      let got = 0;
      while (got < ECHO_BYTES) got += lengthOf(yield* api!.recv(sock, ECHO_BYTES - got));
    }
    api!.close(sock);
  }
  let seconds = 0;
  function* main(): Coro<void> {
    const { sock, port } = yield* api!.listen();
    tasks.createTask(acceptor(sock));
    const t0 = now();
    yield* clients(step, tasks, conns, n, (trips) => client(port, trips));
    seconds = now() - t0;
    api!.close(sock);
  }
  await runMain(tasks, main());
  return { value: n / seconds };
}

/** Idle connections opened at once, under the listener's backlog (511 in Node). */
const OPEN_AT_ONCE = 500;

/** Streams per measure: the fastest counts, so that a noisy moment on the machine does not. */
const STREAMS_PER_MEASURE = 5;

/**
 * One stream's speed beside IDLE_CONNECTIONS idle connections, as a percentage of
 * its speed alone (step 15). Each client connection asks with a line: "<MiB>\n"
 * gets that many MiB, and an idle one asks nothing, so both of its ends stay
 * watched by the loop, as a server's quiet clients are.
 */
export async function idleConnections(step: StepModule, loop: LoopLike, mib: number): Promise<WorkerResult> {
  if (!hasStreams(step) || !isTaskLoop(loop)) return fail('this step has no openConnection/startServer');
  const tasks: TaskLoop = loop;
  const openConnection = step.exports.openConnection as (host: string, port: number) => unknown;
  const startServer = step.exports.startServer as (cb: (r: unknown, w: unknown) => Coro, host: string, port: number) => unknown;
  const gather = step.exports.gather as (...aws: unknown[]) => unknown;
  const sleep = step.exports.sleep as (seconds: number) => unknown;
  const block = new Uint8Array(64 * 1024).fill(120);
  function* serve(reader: unknown, writer: unknown): Coro<void> {
    const asked = Number(String(yield* wait(call(reader, 'readline'))));
    for (let i = 0; i < asked * 16; i++) {
      call(writer, 'write', block);
      yield* wait(call(writer, 'drain'));
    }
  }
  /** MiB per second of one stream of `size` MiB, read to its end. */
  function* stream(port: number, size: number): Coro<number> {
    const [reader, writer] = (yield* wait(openConnection(HOST, port))) as [unknown, unknown];
    const t0 = now();
    call(writer, 'write', `${size}\n`);
    let got = 0;
    for (let data = yield* wait(call(reader, 'read', 65536)); lengthOf(data) > 0; data = yield* wait(call(reader, 'read', 65536))) {
      got += lengthOf(data);
    }
    const seconds = now() - t0;
    call(writer, 'close');
    if (got !== size * 1024 * 1024) fail(`the stream brought ${got} bytes, not ${size} MiB`);
    return size / seconds;
  }
  /** The fastest of a few streams of `size` MiB, in MiB per second. */
  function* fastest(port: number, size: number): Coro<number> {
    let best = 0;
    for (let i = 0; i < STREAMS_PER_MEASURE; i++) best = Math.max(best, yield* stream(port, size));
    return best;
  }
  let alone = 0;
  let beside = 0;
  function* main(): Coro<void> {
    const server = yield* wait(startServer(serve, HOST, 0));
    const port = isObject(server) ? Number(server.port) : NaN;
    yield* stream(port, Math.max(1, mib >> 3)); // warm-up, untimed
    alone = yield* fastest(port, mib);
    const idle: unknown[] = [];
    while (idle.length < IDLE_CONNECTIONS) {
      const count = Math.min(OPEN_AT_ONCE, IDLE_CONNECTIONS - idle.length);
      const pairs = yield* wait(gather(...Array.from({ length: count }, () => openConnection(HOST, port))));
      idle.push(...(pairs as [unknown, unknown][]).map(([, writer]) => writer));
    }
    while (Number(call(server, 'activeConnections')) < IDLE_CONNECTIONS) yield* wait(sleep(0.01));
    beside = yield* fastest(port, mib);
    for (const writer of idle) call(writer, 'close');
    call(server, 'close');
  }
  await runMain(tasks, main());
  process.stderr.write(`one stream: ${alone.toFixed(0)} MiB/s alone, ${beside.toFixed(0)} MiB/s beside ${IDLE_CONNECTIONS} idle connections\n`);
  return { value: (100 * beside) / alone };
}
