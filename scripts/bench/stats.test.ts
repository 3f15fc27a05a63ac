import { describe, expect, it } from 'vitest';
import { formatNumber, formatRatio, growthOverLog, median, ratio, summarize } from './stats.ts';

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('does not reorder its argument', () => {
    const runs = [3, 1, 2];
    median(runs);
    expect(runs).toEqual([3, 1, 2]);
  });
  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(/no values/);
  });
});

describe('summarize', () => {
  it('gives median, min and max', () => {
    expect(summarize([10, 30, 20])).toEqual({ median: 20, min: 10, max: 30 });
  });
  it('is null without runs', () => {
    expect(summarize([])).toBeNull();
  });
});

describe('ratio', () => {
  it('is ours over theirs for rates', () => {
    expect(ratio(300, 100)).toBe(3);
  });
  it('is theirs over ours for costs, so bigger still means better', () => {
    expect(ratio(50, 100, 'lower')).toBe(2);
  });
  it('is null when a side is missing or zero', () => {
    expect(ratio(null, 1)).toBeNull();
    expect(ratio(1, null)).toBeNull();
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(Number.NaN, 1)).toBeNull();
  });
});

describe('growthOverLog', () => {
  it('is 1 when cost grows exactly like log n', () => {
    expect(growthOverLog([[1e3, 3], [1e6, 6]])).toBeCloseTo(1);
  });
  it('is below 1 for a flat cost, above 1 for a linear one', () => {
    expect(growthOverLog([[1e3, 5], [1e4, 5], [1e6, 5]])).toBeCloseTo(0.5);
    expect(growthOverLog([[1e3, 1], [1e6, 1000]])).toBeGreaterThan(1);
  });
  it('needs two sizes', () => {
    expect(growthOverLog([[1e3, 1]])).toBeNull();
  });
});

describe('formatting', () => {
  it('shortens big figures', () => {
    expect(formatNumber(1_234_567)).toBe('1.23M');
    expect(formatNumber(45_600)).toBe('45.6k');
    expect(formatNumber(9_876)).toBe('9876');
    expect(formatNumber(3.14159)).toBe('3.14');
    expect(formatNumber(null)).toBe('–');
  });
  it('writes ratios with an x', () => {
    expect(formatRatio(2.345)).toBe('2.35x');
    expect(formatRatio(12.34)).toBe('12.3x');
    expect(formatRatio(null)).toBe('–');
  });
});
