/** The diff of two steps on the real steps: what it covers, its counts, its order. */
import { describe, expect, it } from 'vitest';
import { STEPS } from '../../shared/steps.ts';
import { diffSteps, inReadingOrder, isDiffedFile, stepFiles, totals } from './file-diffs.ts';

const [first, second] = STEPS;

describe('diffSteps', () => {
  it('diffs only code: not the lesson, not the tests', () => {
    expect(isDiffedFile('loop.ts')).toBe(true);
    expect(isDiffedFile('loop.test.ts')).toBe(false);
    expect(isDiffedFile('README.md')).toBe(false);
    expect(stepFiles(1)).toContain('loop.ts');
    expect(stepFiles(1).every(isDiffedFile)).toBe(true);
  });

  it('puts the demo after the code it runs', () => {
    expect(inReadingOrder(['main.ts', 'task.ts', 'index.ts', 'loop.ts'])).toEqual(['index.ts', 'loop.ts', 'task.ts', 'main.ts']);
    expect(stepFiles(1).at(-1)).toBe('main.ts');
  });

  it('finds nothing between a step and itself', () => {
    expect(diffSteps(1, 1)).toEqual([]);
    expect(totals([])).toEqual({ added: 0, removed: 0 });
  });

  it.skipIf(second === undefined)('counts what the patch holds, with git-style headers', () => {
    const diffs = diffSteps(first!.number, second!.number);
    expect(diffs.length).toBeGreaterThan(0);
    for (const d of diffs) {
      const body = d.patch.split('\n').filter((l) => !l.startsWith('+++') && !l.startsWith('---'));
      expect(d.added).toBe(body.filter((l) => l.startsWith('+')).length);
      expect(d.removed).toBe(body.filter((l) => l.startsWith('-')).length);
      expect(d.patch.startsWith(`diff --git a/${d.file} b/${d.file}\n`)).toBe(true);
      if (d.status === 'added') expect([d.removed, d.patch.includes('new file mode 100644')]).toEqual([0, true]);
    }
  });

  it.skipIf(second === undefined)('reverses: a diff backwards swaps added and removed', () => {
    const forward = totals(diffSteps(first!.number, second!.number));
    const backward = totals(diffSteps(second!.number, first!.number));
    expect(backward).toEqual({ added: forward.removed, removed: forward.added });
  });
});
