/**
 * Worker for Node itself: `node.ts <bench> <n>`. The same workloads written with
 * what Node offers: setImmediate, promises, setTimeout and net.
 */
import { createServer, connect, type Socket, type Server } from 'node:net';
import { CONNECTIONS, ECHO_BYTES, SLEEPERS, TIMER_SPREAD, WARMED, warmUpSize, type BenchName } from '../benches.ts';
import type { WorkerResult } from '../types.ts';
import { emit, fail, FireLog, heapAfterGc, megabytes, now, random, workerArgs } from './common.ts';

const HOST = '127.0.0.1';

/** Callbacks per second of a setImmediate chain. */
function chain(n: number): Promise<WorkerResult> {
  return new Promise((resolve) => {
    let i = 0;
    const t0 = now();
    const next = (): void => {
      if (++i < n) setImmediate(next);
      else resolve({ value: n / (now() - t0) });
    };
    setImmediate(next);
  });
}

/** Callbacks per second when n setImmediate callbacks are queued up front. */
function fan(n: number): Promise<WorkerResult> {
  return new Promise((resolve) => {
    let i = 0;
    const t0 = now();
    const one = (): void => {
      if (++i === n) resolve({ value: n / (now() - t0) });
    };
    for (let k = 0; k < n; k++) setImmediate(one);
  });
}

/** A promise that resolves on the next turn of Node's loop: Node's sleep(0). */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Switches per second between two async functions that each yield to the loop in turn. */
async function switches(n: number): Promise<WorkerResult> {
  const player = async (turns: number): Promise<void> => {
    for (let i = 0; i < turns; i++) await yieldToLoop();
  };
  const t0 = now();
  await Promise.all([player(n >> 1), player(n - (n >> 1))]);
  return { value: n / (now() - t0) };
}

/** Tasks per second: n trivial async functions, each done when its promise settles. */
function tasks(n: number): Promise<WorkerResult> {
  return new Promise((resolve) => {
    let done = 0;
    const trivial = async (i: number): Promise<number> => i;
    const settled = (): void => {
      if (++done === n) resolve({ value: n / (now() - t0) });
    };
    const t0 = now();
    for (let i = 0; i < n; i++) void trivial(i).then(settled);
  });
}

/** setTimeout with random delays: fired per second, out-of-order and early fires (by performance.now). */
function timers(n: number): Promise<WorkerResult> {
  return new Promise((resolve) => {
    const log = new FireLog();
    const draw = random();
    let fired = 0;
    const t0 = now();
    for (let i = 0; i < n; i++) {
      const delay = draw() * TIMER_SPREAD;
      const deadline = now() + delay;
      setTimeout(() => {
        log.fired(deadline, now());
        if (++fired === n) resolve({ value: n / (now() - t0), counts: log.counts() });
      }, delay * 1000);
    }
  });
}

/** Heap MB held by n async functions awaiting a long setTimeout, scaled to SLEEPERS. */
async function memory(n: number): Promise<WorkerResult> {
  const before = heapAfterGc();
  for (let i = 0; i < n; i++) void (async () => new Promise((r) => setTimeout(r, 1e9)))();
  await yieldToLoop();
  return { value: (megabytes(heapAfterGc() - before) * SLEEPERS) / n };
}

/** An echo server on a free port of 127.0.0.1. */
function echoServer(): Promise<Server> {
  const server = createServer((sock) => {
    sock.setNoDelay(true);
    sock.on('data', (data) => sock.write(data));
    sock.on('error', () => sock.destroy());
  });
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server)));
}

/** One client: `trips` sequential round trips of ECHO_BYTES bytes. */
function client(port: number, trips: number): Promise<void> {
  const payload = Buffer.alloc(ECHO_BYTES, 120);
  return new Promise((resolve, reject) => {
    const sock: Socket = connect(port, HOST, () => {
      sock.setNoDelay(true);
      sock.write(payload);
    });
    let got = 0;
    let done = 0;
    sock.on('data', (data) => {
      got += data.length;
      while (got >= ECHO_BYTES) {
        got -= ECHO_BYTES;
        if (++done === trips) {
          sock.end();
          resolve();
          return;
        }
        sock.write(payload);
      }
    });
    sock.on('error', reject);
  });
}

/** Round trips per second with `conns` connections sharing n round trips. */
async function echo(n: number, conns: number): Promise<WorkerResult> {
  const server = await echoServer();
  const address = server.address();
  if (address === null || typeof address === 'string') return fail('the server has no port');
  const t0 = now();
  await Promise.all(Array.from({ length: conns }, (_, i) => client(address.port, Math.floor(n / conns) + (i < n % conns ? 1 : 0))));
  const value = n / (now() - t0);
  server.close();
  return { value };
}

/** Run one bench; scaling benches measure our loop only. */
function measure(bench: BenchName, n: number): Promise<WorkerResult> {
  switch (bench) {
    case 'chain': return chain(n);
    case 'fan': return fan(n);
    case 'switches': return switches(n);
    case 'tasks': return tasks(n);
    case 'timers': return timers(n);
    case 'memory': return memory(n);
    case 'echo-sock-seq': case 'echo-streams-seq': return echo(n, 1);
    case 'echo-sock-conc': case 'echo-streams-conc': return echo(n, CONNECTIONS);
    case 'scaling-tasks': case 'scaling-timers': case 'idle-connections': return fail(`${bench} is measured on our loop only`);
  }
}

const args = workerArgs(process.argv.slice(2), 'node.ts <bench> <n>');
if (WARMED.includes(args.bench)) await measure(args.bench, warmUpSize(args.n));
emit(await measure(args.bench, args.n));
