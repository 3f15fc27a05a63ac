/**
 * Collecting the runs and turning them into the rows of docs/bench.json.
 */
import type { BenchSpec } from './benches.ts';
import type { Job } from './plan.ts';
import { summarize } from './stats.ts';

/** Four significant digits are more than a noisy machine can tell apart. */
function sig(value: number | undefined): number | null {
  return value === undefined ? null : Number(value.toPrecision(4));
}
import type { Impl, Row, Summary, TimerCounts, WorkerResult } from './types.ts';

/** The key of one implementation on one bench (and step, for ours). */
function key(bench: string, impl: Impl, step: number | null, n?: number): string {
  return `${bench}|${impl}|${step ?? '-'}|${n ?? '-'}`;
}

/** Worst of two count records. */
function worst(a: TimerCounts | undefined, b: TimerCounts): TimerCounts {
  return a ? { outOfOrder: Math.max(a.outOfOrder, b.outOfOrder), early: Math.max(a.early, b.early) } : b;
}

/** Every run's figure, filed by bench, implementation and step. */
export class Samples {
  private readonly values = new Map<string, number[]>();
  private readonly counts = new Map<string, TimerCounts>();

  /** File one run's result. Scaling results file one figure per size. */
  add(bench: string, job: Job, result: WorkerResult): void {
    this.push(key(bench, job.impl, job.step), result.value);
    for (const [n, value] of Object.entries(result.series ?? {})) this.push(key(bench, job.impl, job.step, Number(n)), value);
    if (result.counts) {
      const k = key(bench, job.impl, job.step);
      this.counts.set(k, worst(this.counts.get(k), result.counts));
    }
  }

  private push(k: string, value: number): void {
    const list = this.values.get(k) ?? [];
    list.push(value);
    this.values.set(k, list);
  }

  /** Median and spread of one implementation, or null when it never produced a figure. */
  summary(bench: string, impl: Impl, step: number | null, n?: number): Summary | null {
    return summarize(this.values.get(key(bench, impl, step, n)) ?? []);
  }

  /** Worst timer counts of one implementation, if it reported any. */
  countsOf(bench: string, impl: Impl, step: number | null): TimerCounts | undefined {
    return this.counts.get(key(bench, impl, step));
  }

  /** The rows of one bench: one per step measured (or one per size, for scaling); a baselines-only row when no step can run it. */
  rows(spec: BenchSpec, steps: readonly number[], n: number, runs: number, sizes: readonly number[]): Row[] {
    if (spec.name.startsWith('scaling')) {
      return steps.flatMap((step) => sizes.map((size) => this.row(spec, step, size, runs, size)));
    }
    const measured = steps.length > 0 ? steps : [null];
    return measured.map((step) => this.row(spec, step, n, runs));
  }

  /** One row: ours on `step`, beside asyncio and Node on the same bench. */
  private row(spec: BenchSpec, step: number | null, n: number, runs: number, size?: number): Row {
    const ours = step === null ? null : this.summary(spec.name, 'ours', step, size);
    const asyncio = this.summary(spec.name, 'asyncio', null);
    const node = this.summary(spec.name, 'node', null);
    const counts: Partial<Record<Impl, TimerCounts>> = {};
    for (const [impl, s] of [['ours', step], ['asyncio', null], ['node', null]] as const) {
      const c = this.countsOf(spec.name, impl, s);
      if (c) counts[impl] = c;
    }
    return {
      bench: spec.name, step, unit: spec.unit, better: spec.better, n, runs,
      ours: sig(ours?.median), asyncio: sig(asyncio?.median), node: sig(node?.median),
      oursMin: sig(ours?.min), oursMax: sig(ours?.max),
      asyncioMin: sig(asyncio?.min), asyncioMax: sig(asyncio?.max),
      nodeMin: sig(node?.min), nodeMax: sig(node?.max),
      ...(Object.keys(counts).length > 0 ? { counts } : {}),
    };
  }
}
