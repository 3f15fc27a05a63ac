/**
 * The benchmark catalogue: what each bench measures, in which unit, at which
 * size, and which step feature it needs. The driver, the workers' help text and
 * the docs page all read this one list.
 */
import type { Better, Impl } from './types.ts';

/** A capability a step may have; a bench runs only on steps that have all it needs. */
export type Feature = 'callSoon' | 'callLater' | 'tasks' | 'sleepingTasks' | 'sock' | 'streams';

export type BenchName =
  | 'chain'
  | 'fan'
  | 'switches'
  | 'tasks'
  | 'timers'
  | 'echo-sock-seq'
  | 'echo-sock-conc'
  | 'echo-streams-seq'
  | 'echo-streams-conc'
  | 'scaling-tasks'
  | 'scaling-timers'
  | 'memory'
  | 'idle-connections';

export interface BenchSpec {
  readonly name: BenchName;
  readonly title: string;
  readonly unit: string;
  readonly better: Better;
  readonly needs: readonly Feature[];
  /** Operations per run: the full size and the --quick size. */
  readonly n: { readonly full: number; readonly quick: number };
  /** Implementations measured besides ours. */
  readonly baselines: readonly Exclude<Impl, 'ours'>[];
  /** One sentence for the docs page: the workload and what each side uses. */
  readonly about: string;
  /**
   * Node runs exactly the workload of this other bench (the sock* and streams
   * echoes are both plain net for Node): its runs are taken once per round, there.
   */
  readonly nodeSameAs?: BenchName;
}

/** Sizes of the scaling benches: 10^3 … 10^6 (10^5 in --quick). */
export const SCALING_SIZES = { full: [1e3, 1e4, 1e5, 1e6], quick: [1e3, 1e4, 1e5] } as const;

/** Connections of the concurrent echo benches; each makes n / CONNECTIONS round trips. */
export const CONNECTIONS = 100;

/** Bytes per echo round trip. */
export const ECHO_BYTES = 64;

/** Timer delays are drawn uniformly from [0, TIMER_SPREAD] seconds. */
export const TIMER_SPREAD = 0.05;

/** Benches whose workers first run a twentieth of the workload, untimed, so that the JIT is warm. */
export const WARMED: readonly BenchName[] = ['chain', 'fan', 'switches', 'tasks', 'timers'];

/** The size of the untimed warm-up run of a bench of size n. */
export function warmUpSize(n: number): number {
  return Math.max(1, Math.floor(n / 20));
}

/** Connections that stay open, sending nothing, beside the one stream of the idle-connections bench. */
export const IDLE_CONNECTIONS = 5000;

/** The memory bench reports MB per this many sleeping tasks. */
export const SLEEPERS = 100_000;

const BOTH = ['asyncio', 'node'] as const;

export const BENCHES: readonly BenchSpec[] = [
  {
    name: 'chain', title: 'Callback chain', unit: 'callbacks/s', better: 'higher', needs: ['callSoon'],
    n: { full: 1_000_000, quick: 100_000 }, baselines: BOTH,
    about: 'Each callback schedules the next with callSoon (asyncio: call_soon; Node: setImmediate).',
  },
  {
    name: 'fan', title: 'Callback fan', unit: 'callbacks/s', better: 'higher', needs: ['callSoon'],
    n: { full: 1_000_000, quick: 100_000 }, baselines: BOTH,
    about: 'All callbacks are scheduled up front, then the loop runs them (asyncio: call_soon; Node: setImmediate).',
  },
  {
    name: 'switches', title: 'Task switches', unit: 'switches/s', better: 'higher', needs: ['tasks'],
    n: { full: 1_000_000, quick: 50_000 }, baselines: BOTH,
    about: 'Two tasks take turns with a bare yield, sleep(0) (asyncio: await asyncio.sleep(0); Node: two async functions awaiting a setImmediate promise).',
  },
  {
    name: 'tasks', title: 'Tasks', unit: 'tasks/s', better: 'higher', needs: ['tasks'],
    n: { full: 200_000, quick: 20_000 }, baselines: BOTH,
    about: 'Create trivial tasks that return at once, and run the loop until all are done (asyncio: create_task; Node: async functions and their promises).',
  },
  {
    name: 'timers', title: 'Timers', unit: 'timers/s', better: 'higher', needs: ['callLater'],
    n: { full: 200_000, quick: 20_000 }, baselines: BOTH,
    about: 'callLater with random delays in [0, 50 ms]; timers fired per second from the first schedule to the last fire, with fires out of deadline order and fires before their deadline counted (asyncio: call_later; Node: setTimeout).',
  },
  {
    name: 'echo-sock-seq', title: 'Echo, sock*, one connection', unit: 'round trips/s', better: 'higher', needs: ['sock'],
    n: { full: 100_000, quick: 2_000 }, baselines: BOTH,
    about: 'Sequential 64-byte round trips on one connection to an echo server in the same process, on 127.0.0.1 (asyncio: sock_recv/sock_sendall; Node: net).',
  },
  {
    name: 'echo-sock-conc', title: 'Echo, sock*, 100 connections', unit: 'round trips/s', better: 'higher', needs: ['sock'],
    n: { full: 100_000, quick: 2_000 }, baselines: BOTH,
    about: '100 connections at once, each making sequential 64-byte round trips (asyncio: sock_recv/sock_sendall; Node: net).',
  },
  {
    name: 'echo-streams-seq', title: 'Echo, streams, one connection', unit: 'round trips/s', better: 'higher', needs: ['streams'],
    n: { full: 100_000, quick: 2_000 }, baselines: BOTH, nodeSameAs: 'echo-sock-seq',
    about: 'Sequential 64-byte round trips on one connection with openConnection/startServer (asyncio: open_connection/start_server; Node: net, the same runs as the sock* echo).',
  },
  {
    name: 'echo-streams-conc', title: 'Echo, streams, 100 connections', unit: 'round trips/s', better: 'higher', needs: ['streams'],
    n: { full: 100_000, quick: 2_000 }, baselines: BOTH, nodeSameAs: 'echo-sock-conc',
    about: '100 stream connections at once, each making sequential 64-byte round trips (asyncio: streams; Node: net, the same runs as the sock* echo).',
  },
  {
    name: 'scaling-tasks', title: 'Scaling: cost per task', unit: 'ns/task (CPU)', better: 'lower', needs: ['tasks'],
    n: { full: 1_000_000, quick: 100_000 }, baselines: [],
    about: 'CPU time per trivial task as the number of tasks grows from 10^3; it should grow no faster than log n.',
  },
  {
    name: 'scaling-timers', title: 'Scaling: cost per timer', unit: 'ns/timer (CPU)', better: 'lower', needs: ['callLater'],
    n: { full: 1_000_000, quick: 100_000 }, baselines: [],
    about: 'CPU time per timer (random delays in [0, 50 ms]) as the number of timers grows from 10^3; it should grow no faster than log n.',
  },
  {
    name: 'memory', title: 'Memory: 100k sleeping tasks', unit: 'MB per 100k tasks', better: 'lower', needs: ['sleepingTasks'],
    n: { full: SLEEPERS, quick: 10_000 }, baselines: BOTH,
    about: 'Heap used by n tasks asleep in sleep(1000), after a full GC, scaled to 100,000 tasks (--quick sleeps 10,000) (asyncio: growth of the resident set, a rougher measure; Node: async functions awaiting setTimeout).',
  },
  {
    name: 'idle-connections', title: 'One stream beside 5,000 idle connections', unit: '% of its speed alone', better: 'higher', needs: ['streams'],
    n: { full: 256, quick: 64 }, baselines: [],
    about: 'A server sends n MiB down one stream connection to a reader on the same loop (startServer/openConnection), first alone, then with 5,000 idle connections open, both ends watched by the loop; the fastest of five streams counts each time, and the figure is the second speed in MiB/s as a percentage of the first. A tick must cost what the ready sockets cost, not the watched ones: the target is 80% or more.',
  },
];

/** The spec of a bench by name; throws on an unknown name. */
export function benchSpec(name: string): BenchSpec {
  const spec = BENCHES.find((b) => b.name === name);
  if (!spec) throw new Error(`unknown bench "${name}"; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  return spec;
}

/** True when `name` is a bench of the catalogue. */
export function isBenchName(name: string): name is BenchName {
  return BENCHES.some((b) => b.name === name);
}
