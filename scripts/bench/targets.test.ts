import { describe, expect, it } from 'vitest';
import { checkTargets, statusLabel } from './targets.ts';
import type { Row } from './types.ts';

/** A row of `bench` on `step` with our figure and asyncio's. */
function row(bench: string, step: number, ours: number, asyncio: number, extra: Partial<Row> = {}): Row {
  return {
    bench, step, unit: 'x/s', better: 'higher', n: 1, runs: 3, ours, asyncio, node: null,
    oursMin: null, oursMax: null, asyncioMin: null, asyncioMax: null, nodeMin: null, nodeMax: null, ...extra,
  };
}

/** The result of the target whose text starts with `prefix`. */
function find(rows: Row[], prefix: string) {
  const t = checkTargets(rows).find((r) => r.target.startsWith(prefix));
  if (!t) throw new Error(`no target ${prefix}`);
  return t;
}

describe('targets', () => {
  it('checks ratios on step 15', () => {
    expect(find([row('chain', 15, 250, 100)], 'chain').status).toBe('met');
    expect(find([row('chain', 15, 150, 100)], 'chain').status).toBe('missed');
  });
  it('wants clean timers besides the rate', () => {
    const counts = { ours: { outOfOrder: 1, early: 0 } };
    expect(find([row('timers', 15, 600, 100, { counts })], 'timers').status).toBe('missed');
    expect(find([row('timers', 15, 600, 100, { counts: { ours: { outOfOrder: 0, early: 0 } } })], 'timers').status).toBe('met');
  });
  it('previews the latest step while step 15 is missing', () => {
    const t = find([row('chain', 3, 250, 100), row('chain', 7, 150, 100)], 'chain');
    expect(t.step).toBe(7);
    expect(statusLabel(t)).toMatch(/^missed on step 7 \(preview/);
  });
  it('checks scaling against log n and memory against 100 MB', () => {
    const scaling = [row('scaling-tasks', 15, 100, 0, { n: 1e3, better: 'lower' }), row('scaling-tasks', 15, 190, 0, { n: 1e6, better: 'lower' })];
    expect(find(scaling, 'cost per task').status).toBe('met');
    expect(find([row('memory', 15, 120, 0, { better: 'lower' })], '100k').status).toBe('missed');
  });
  it('says what was not measured', () => {
    expect(find([], 'echo-sock-seq').status).toBe('not measured');
  });
});
