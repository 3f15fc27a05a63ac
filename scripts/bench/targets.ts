/**
 * The targets the issue sets for the step-15 loop, checked against the rows.
 * Where step 15 does not exist yet, the latest measured step is shown as a preview.
 */
import { growthOverLog, ratio } from './stats.ts';
import type { Row } from './types.ts';

/** The step the targets are about. */
export const TARGET_STEP = 15;

export type Status = 'met' | 'missed' | 'not measured';

export interface TargetResult {
  /** What is asked, in words. */
  readonly target: string;
  /** The step measured (TARGET_STEP, or the latest step as a preview), or null. */
  readonly step: number | null;
  /** The figure compared, in words: "2.31x asyncio". */
  readonly figure: string;
  readonly status: Status;
}

interface RatioTarget {
  readonly bench: string;
  readonly against: 'asyncio' | 'node';
  readonly atLeast: number;
  /** Timers also ask for zero out-of-order and zero early fires. */
  readonly clean?: boolean;
}

const RATIO_TARGETS: readonly RatioTarget[] = [
  { bench: 'chain', against: 'asyncio', atLeast: 2 },
  { bench: 'fan', against: 'asyncio', atLeast: 10 },
  { bench: 'switches', against: 'asyncio', atLeast: 3 },
  { bench: 'tasks', against: 'asyncio', atLeast: 5 },
  { bench: 'timers', against: 'asyncio', atLeast: 5, clean: true },
  { bench: 'echo-streams-seq', against: 'node', atLeast: 0.8 },
  { bench: 'echo-streams-seq', against: 'asyncio', atLeast: 1.3 },
  { bench: 'echo-streams-conc', against: 'node', atLeast: 0.8 },
  { bench: 'echo-streams-conc', against: 'asyncio', atLeast: 1.3 },
  { bench: 'echo-sock-seq', against: 'asyncio', atLeast: 2 },
  { bench: 'echo-sock-conc', against: 'asyncio', atLeast: 2 },
];

/** Largest heap, in MB, that 100k sleeping tasks may take. */
export const MEMORY_LIMIT_MB = 100;

/** The row of `bench` on TARGET_STEP, else on the latest step measured; null when none. */
function targetRow(rows: readonly Row[], bench: string): Row | null {
  const measured = rows.filter((r) => r.bench === bench && r.step !== null && r.ours !== null);
  const exact = measured.find((r) => r.step === TARGET_STEP);
  if (exact) return exact;
  return measured.reduce<Row | null>((best, r) => (best === null || r.step! > best.step! ? r : best), null);
}

/** A result for a target that has no measurement. */
function notMeasured(target: string): TargetResult {
  return { target, step: null, figure: '–', status: 'not measured' };
}

/** One ratio target: ours over asyncio or Node on the same run. */
function checkRatio(rows: readonly Row[], t: RatioTarget): TargetResult {
  const name = `${t.bench} >= ${t.atLeast}x ${t.against}${t.clean ? ', no out-of-order or early fires' : ''}`;
  const row = targetRow(rows, t.bench);
  const r = row ? ratio(row.ours, row[t.against], row.better) : null;
  if (!row || r === null) return notMeasured(name);
  const counts = row.counts?.ours;
  const clean = !t.clean || (counts !== undefined && counts.outOfOrder === 0 && counts.early === 0);
  const extra = t.clean && counts ? `, ${counts.outOfOrder} out of order, ${counts.early} early` : '';
  return { target: name, step: row.step, figure: `${r.toFixed(2)}x ${t.against}${extra}`, status: r >= t.atLeast && clean ? 'met' : 'missed' };
}

/** Cost per operation may grow no faster than log n over the sizes measured. */
function checkScaling(rows: readonly Row[], bench: string, what: string): TargetResult {
  const name = `cost per ${what} grows no faster than log n`;
  const series = rows.filter((r) => r.bench === bench && r.ours !== null);
  const growth = growthOverLog(series.map((r) => [r.n, r.ours!] as const));
  if (growth === null) return notMeasured(name);
  const sizes = series.map((r) => r.n);
  const span = `10^${Math.log10(Math.min(...sizes))}..10^${Math.log10(Math.max(...sizes))}`;
  return { target: name, step: series[0]!.step, figure: `${growth.toFixed(2)} of log n (${span})`, status: growth <= 1 ? 'met' : 'missed' };
}

/** 100k sleeping tasks under MEMORY_LIMIT_MB of heap. */
function checkMemory(rows: readonly Row[]): TargetResult {
  const name = `100k sleeping tasks < ${MEMORY_LIMIT_MB} MB heap`;
  const row = targetRow(rows, 'memory');
  if (!row || row.ours === null) return notMeasured(name);
  return { target: name, step: row.step, figure: `${row.ours.toFixed(1)} MB`, status: row.ours < MEMORY_LIMIT_MB ? 'met' : 'missed' };
}

/** Every target, checked. */
export function checkTargets(rows: readonly Row[]): TargetResult[] {
  return [
    ...RATIO_TARGETS.map((t) => checkRatio(rows, t)),
    checkScaling(rows, 'scaling-tasks', 'task'),
    checkScaling(rows, 'scaling-timers', 'timer'),
    checkMemory(rows),
  ];
}

/** "met", or "met on step 3 (preview)" when the figure is not from TARGET_STEP. */
export function statusLabel(result: TargetResult): string {
  if (result.step === null || result.step === TARGET_STEP) return result.status;
  return `${result.status} on step ${result.step} (preview; step ${TARGET_STEP} not measured)`;
}
