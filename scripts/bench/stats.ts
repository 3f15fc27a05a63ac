/**
 * Small statistics for noisy machines: medians, spreads and ratios.
 */
import type { Better, Summary } from './types.ts';

/** The median of `values` (mean of the two middle ones for an even count); throws when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, min and max of the runs, or null when there are none. */
export function summarize(values: readonly number[]): Summary | null {
  if (values.length === 0) return null;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * How many times better `ours` is than `other`: ours/other for rates, other/ours
 * for costs. Null when either side is missing or the division means nothing.
 */
export function ratio(ours: number | null, other: number | null, better: Better = 'higher'): number | null {
  if (ours === null || other === null || !Number.isFinite(ours) || !Number.isFinite(other)) return null;
  const [top, bottom] = better === 'higher' ? [ours, other] : [other, ours];
  return bottom > 0 ? top / bottom : null;
}

/** Growth of cost per operation from the smallest to the largest size, over the log n growth allowed. */
export function growthOverLog(costs: ReadonlyArray<readonly [number, number]>): number | null {
  if (costs.length < 2) return null;
  const sorted = [...costs].sort((a, b) => a[0] - b[0]);
  const [n0, c0] = sorted[0]!;
  const [n1, c1] = sorted[sorted.length - 1]!;
  if (c0 <= 0 || n0 <= 1) return null;
  return c1 / c0 / (Math.log(n1) / Math.log(n0));
}

/** A figure in a few significant digits with k/M suffixes: 1234567 → "1.23M". */
export function formatNumber(value: number | null): string {
  if (value === null) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  return trim(value);
}

/** A ratio as "2.31x". */
export function formatRatio(value: number | null): string {
  return value === null ? '–' : `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}x`;
}

/** Three significant digits, no trailing zeros, no exponent. */
function trim(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}
