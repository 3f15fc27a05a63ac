/**
 * Which steps each bench measures, and the order of the runs: implementations
 * interleaved (A B A B …) and the order rotated from round to round, so that a
 * noisy minute hurts every implementation alike.
 */
import type { BenchSpec, Feature } from './benches.ts';
import type { Impl } from './types.ts';

/** One run of one implementation: a fresh process. */
export interface Job {
  readonly impl: Impl;
  /** The step, for our loop; null for asyncio and Node. */
  readonly step: number | null;
}

/** The steps (ascending) that have every feature `spec` needs. */
export function capableSteps(spec: BenchSpec, features: ReadonlyMap<number, ReadonlySet<Feature>>): number[] {
  return [...features.keys()]
    .filter((step) => spec.needs.every((f) => features.get(step)!.has(f)))
    .sort((a, b) => a - b);
}

/**
 * The steps a bench measures: every capable one, or in --quick mode the last
 * capable only, the step the targets are about (with all 15 steps, the first and
 * the last took two minutes; one step keeps --quick under a minute). Scaling
 * looks at the last step only in a full run too.
 */
export function stepsToMeasure(spec: BenchSpec, capable: readonly number[], quick: boolean): number[] {
  if (capable.length === 0) return [];
  const last = capable[capable.length - 1]!;
  if (quick || spec.name.startsWith('scaling')) return [last];
  return [...capable];
}

/**
 * How many runs a bench gets: all of them, except the scaling benches in --quick
 * mode, which run once (each run already measures every size, and three of them
 * took a sixth of the quick budget).
 */
export function runsOf(spec: BenchSpec, runs: number, quick: boolean): number {
  return quick && spec.name.startsWith('scaling') ? Math.min(1, runs) : runs;
}

/** Take from `a` and `b` in turn: [a0, b0, a1, b1, …], then the rest of the longer one. */
export function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

/** `items` rotated left by `k` places (k may exceed the length). */
export function rotate<T>(items: readonly T[], k: number): T[] {
  if (items.length === 0) return [];
  const r = k % items.length;
  return [...items.slice(r), ...items.slice(0, r)];
}

/** The jobs of one bench in one round: our steps and the baselines interleaved, rotated by the round number. */
export function roundJobs(spec: BenchSpec, steps: readonly number[], round: number): Job[] {
  const ours: Job[] = steps.map((step) => ({ impl: 'ours', step }));
  const baselines: Job[] = spec.baselines.map((impl) => ({ impl, step: null }));
  const spread = interleave(ours, baselines.length > 0 ? baselines : []);
  return rotate(spread, round);
}
