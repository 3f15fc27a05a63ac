/**
 * Helpers shared by the TypeScript workers (ours.ts and node.ts): reading argv,
 * printing the one JSON line, clocks, timer-order bookkeeping and heap size.
 */
import { writeSync } from 'node:fs';
import { isBenchName, type BenchName } from '../benches.ts';
import type { TimerCounts, WorkerResult } from '../types.ts';

/** A worker's command line: `<bench> <n> [extra]`. */
export interface WorkerArgs {
  readonly bench: BenchName;
  readonly n: number;
  readonly extra: string | undefined;
}

/** Parse `<bench> <n> [extra]`; exits 2 with a usage line when wrong. */
export function workerArgs(argv: readonly string[], usage: string): WorkerArgs {
  const [bench, n, extra] = argv;
  const size = Number(n);
  if (bench === undefined || !isBenchName(bench) || !Number.isInteger(size) || size <= 0) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  return { bench, n: size, extra };
}

/** Print the result as one JSON line and exit at once (pending timers or sockets must not keep us). */
export function emit(result: WorkerResult): never {
  writeSync(1, `${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Print an error as the reason this run has no figure, and exit 1. */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Wall-clock seconds, monotonic. */
export function now(): number {
  return performance.now() / 1000;
}

/** CPU seconds used by this process (user + system). */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** A deterministic pseudo-random generator (mulberry32), so every run draws the same delays. */
export function random(seed = 12345): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts fires out of deadline order and before their deadline, as they happen. */
export class FireLog {
  private latest = -Infinity;
  private outOfOrder = 0;
  private early = 0;

  /** A timer due at `deadline` fired at `time` (both in the same clock). */
  fired(deadline: number, time: number): void {
    if (time < deadline) this.early++;
    if (deadline < this.latest) this.outOfOrder++;
    else this.latest = deadline;
  }

  counts(): TimerCounts {
    return { outOfOrder: this.outOfOrder, early: this.early };
  }
}

/** Run a full garbage collection (workers run with --expose-gc) and return the heap in use, in bytes. */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/** Bytes as MB. */
export function megabytes(bytes: number): number {
  return bytes / (1024 * 1024);
}
