/**
 * Shapes shared by the benchmark driver, its workers and the page renderer.
 * Not part of any lesson.
 */

/** The three implementations measured side by side. */
export type Impl = 'ours' | 'asyncio' | 'node';

/** Whether a bigger figure is better (rates) or a smaller one (costs, memory). */
export type Better = 'higher' | 'lower';

/** Counts a timers run reports besides its rate. */
export interface TimerCounts {
  /** Fires whose deadline is earlier than a deadline that already fired. */
  readonly outOfOrder: number;
  /** Fires that happened before their deadline, by the implementation's own clock. */
  readonly early: number;
}

/** What one worker process prints: one JSON line. */
export interface WorkerResult {
  /** The measured figure, in the bench's unit. */
  readonly value: number;
  readonly counts?: TimerCounts;
  /** For scaling benches: the figure at each size n. */
  readonly series?: Readonly<Record<string, number>>;
}

/** Median and spread of one implementation's runs. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One line of docs/bench.json: a bench on one step (or at one size n), side by side. */
export interface Row {
  readonly bench: string;
  /** The step measured; null when no step has the feature yet (baselines only). */
  readonly step: number | null;
  readonly unit: string;
  readonly better: Better;
  /** Workload size (operations per run). */
  readonly n: number;
  readonly ours: number | null;
  readonly asyncio: number | null;
  readonly node: number | null;
  readonly oursMin: number | null;
  readonly oursMax: number | null;
  readonly asyncioMin: number | null;
  readonly asyncioMax: number | null;
  readonly nodeMin: number | null;
  readonly nodeMax: number | null;
  /** Number of runs behind each median. */
  readonly runs: number;
  /** Timers only: worst counts over the runs. */
  readonly counts?: Partial<Record<Impl, TimerCounts>>;
}

/** How and where the figures were taken. */
export interface Meta {
  readonly mode: 'quick' | 'full';
  readonly runs: number;
  readonly date: string;
  readonly node: string;
  readonly python: string;
  readonly cpus: string;
  /** Steps that existed when the benchmark ran. */
  readonly stepsPresent: readonly number[];
  /** Per bench, the steps that were measured (a subset in quick mode). */
  readonly measured: Readonly<Record<string, readonly number[]>>;
}

/** The whole of docs/bench.json. */
export interface BenchFile {
  readonly meta: Meta;
  readonly rows: readonly Row[];
}
