/**
 * Worker for our loop: `ours.ts <bench> <n> <step module path or URL>`.
 * Runs one bench on one step in this fresh process and prints one JSON line.
 */
import { CONNECTIONS, SCALING_SIZES, SLEEPERS, TIMER_SPREAD, WARMED, warmUpSize, type BenchName } from '../benches.ts';
import {
  closeLoop, hasMethod, importStep, isTaskLoop, isTimerLoop, sleeper,
  type Coro, type LoopLike, type StepModule, type TaskLoop, type TimerLoop,
} from '../features.ts';
import type { WorkerResult } from '../types.ts';
import { cpuSeconds, emit, fail, FireLog, heapAfterGc, megabytes, now, random, workerArgs } from './common.ts';
import { idleConnections, streamsEcho, sockEcho } from './echo-ours.ts';

/** Run the loop until something calls `stop()`; awaits the Promise steps 12+ return. */
async function runToStop(loop: LoopLike): Promise<void> {
  await loop.runForever();
}

/** Callbacks per second of a chain: each callback schedules the next. */
async function chain(loop: LoopLike, n: number): Promise<WorkerResult> {
  let i = 0;
  const next = (): void => {
    if (++i < n) loop.callSoon(next);
    else loop.stop();
  };
  const t0 = now();
  loop.callSoon(next);
  await runToStop(loop);
  return { value: n / (now() - t0) };
}

/** Callbacks per second when all n are scheduled up front. */
async function fan(loop: LoopLike, n: number): Promise<WorkerResult> {
  let i = 0;
  const one = (): void => {
    if (++i === n) loop.stop();
  };
  const t0 = now();
  for (let k = 0; k < n; k++) loop.callSoon(one);
  await runToStop(loop);
  return { value: n / (now() - t0) };
}

/** Switches per second between two tasks that give up the tick with a bare yield. */
async function switches(loop: TaskLoop, n: number): Promise<WorkerResult> {
  let finished = 0;
  function* player(turns: number): Coro<void> {
    for (let i = 0; i < turns; i++) yield;
    if (++finished === 2) loop.stop();
  }
  const t0 = now();
  loop.createTask(player(n >> 1));
  loop.createTask(player(n - (n >> 1)));
  await runToStop(loop);
  return { value: n / (now() - t0) };
}

/** Create n trivial tasks and run until all are done; returns the wall seconds. */
async function runTasks(loop: TaskLoop, n: number): Promise<number> {
  let done = 0;
  function* trivial(): Coro {
    if (++done === n) loop.stop();
    return done;
  }
  const t0 = now();
  for (let i = 0; i < n; i++) loop.createTask(trivial());
  await runToStop(loop);
  return now() - t0;
}

/** The deadline of a TimerHandle where it tells (`when()`), else our own reckoning. */
function deadlineOf(handle: unknown, fallback: number): number {
  return hasMethod(handle, 'when') ? (handle as { when(): number }).when() : fallback;
}

/** Schedule n timers with random delays and run until all fired; wall seconds and the fire log. */
async function runTimers(loop: TimerLoop, n: number): Promise<{ seconds: number; log: FireLog }> {
  const log = new FireLog();
  const draw = random();
  let fired = 0;
  let last = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const delay = draw() * TIMER_SPREAD;
    const slot = { deadline: loop.time() + delay };
    const handle = loop.callLater(delay, () => {
      log.fired(slot.deadline, loop.time());
      if (++fired === n) {
        last = now();
        loop.stop();
      }
    });
    slot.deadline = deadlineOf(handle, slot.deadline);
  }
  await runToStop(loop);
  return { seconds: last - t0, log };
}

/** Timers fired per second, with out-of-order and early fires. */
async function timers(loop: TimerLoop, n: number): Promise<WorkerResult> {
  const { seconds, log } = await runTimers(loop, n);
  return { value: n / seconds, counts: log.counts() };
}

/** CPU nanoseconds per operation at each size up to n, after a warm-up, each on a fresh loop. */
async function scaling(step: StepModule, n: number, one: (loop: LoopLike, size: number) => Promise<unknown>): Promise<WorkerResult> {
  const sizes = [...SCALING_SIZES.full].filter((s) => s <= n);
  await one(new step.Loop(), 10_000); // warm-up, so that 10^3 is not measured on a cold JIT
  const series: Record<string, number> = {};
  for (const size of sizes) {
    const loop = new step.Loop();
    heapAfterGc();
    const c0 = cpuSeconds();
    await one(loop, size);
    series[String(size)] = ((cpuSeconds() - c0) / size) * 1e9;
    closeLoop(loop);
  }
  return { value: series[String(sizes[sizes.length - 1])]!, series };
}

/** Heap MB held by n tasks asleep at once, scaled to SLEEPERS tasks. */
async function memory(step: StepModule, loop: TaskLoop, n: number): Promise<WorkerResult> {
  const sleep = sleeper(step);
  if (!sleep) fail('this step has no way for a task to sleep');
  const before = heapAfterGc();
  for (let i = 0; i < n; i++) loop.createTask(sleep(1000));
  loop.callSoon(() => loop.stop());
  await runToStop(loop);
  return { value: (megabytes(heapAfterGc() - before) * SLEEPERS) / n };
}

/** The loop as a TaskLoop, or exit saying the step has no tasks. */
function tasksOf(loop: LoopLike): TaskLoop {
  return isTaskLoop(loop) ? loop : fail('this step has no createTask');
}

/** The loop as a TimerLoop, or exit saying the step has no timers. */
function timersOf(loop: LoopLike): TimerLoop {
  return isTimerLoop(loop) ? loop : fail('this step has no callLater');
}

/** Run `bench` of size n on a fresh loop of `step`. */
async function measure(step: StepModule, bench: BenchName, n: number): Promise<WorkerResult> {
  const loop = new step.Loop();
  switch (bench) {
    case 'chain': return chain(loop, n);
    case 'fan': return fan(loop, n);
    case 'switches': return switches(tasksOf(loop), n);
    case 'tasks': return { value: n / (await runTasks(tasksOf(loop), n)) };
    case 'timers': return timers(timersOf(loop), n);
    case 'scaling-tasks': return scaling(step, n, (l, size) => runTasks(tasksOf(l), size));
    case 'scaling-timers': return scaling(step, n, (l, size) => runTimers(timersOf(l), size));
    case 'memory': return memory(step, tasksOf(loop), n);
    case 'echo-sock-seq': return sockEcho(step, loop, n, 1);
    case 'echo-sock-conc': return sockEcho(step, loop, n, CONNECTIONS);
    case 'echo-streams-seq': return streamsEcho(step, loop, n, 1);
    case 'echo-streams-conc': return streamsEcho(step, loop, n, CONNECTIONS);
    case 'idle-connections': return idleConnections(step, loop, n);
  }
}

/** Run the bench untimed on a small part of the workload first where it is WARMED, then measure. */
async function warmThenMeasure(step: StepModule, bench: BenchName, n: number): Promise<WorkerResult> {
  if (WARMED.includes(bench)) await measure(step, bench, warmUpSize(n));
  return measure(step, bench, n);
}

const args = workerArgs(process.argv.slice(2), 'ours.ts <bench> <n> <step module>');
if (!args.extra) fail('missing the step module path');
emit(await warmThenMeasure(await importStep(args.extra), args.bench, args.n));
