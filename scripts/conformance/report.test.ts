/** docs/conformance.json must come from a run of the current code, and say what that run said. */
import { describe, expect, it } from 'vitest';
import { STEPS } from '../../shared/steps.ts';
import { readReport } from '../site/asyncio-page.ts';
import { buildReport, inputsHash, moduleOf, type RunResult } from './report.ts';

describe('the conformance report', () => {
  const report = readReport();

  it('is up to date (run npm run conformance)', () => {
    expect(report, 'docs/conformance.json is missing: run npm run conformance').not.toBeNull();
    expect(report!.inputs, 'docs/conformance.json is stale: run npm run conformance').toBe(inputsHash());
  });

  it('has every case on each step from its first (until a step outgrows it), and none failing', () => {
    const last = STEPS.at(-1)!.number;
    for (const c of report!.cases) {
      const steps = Object.keys(c.steps).map(Number);
      const expected = Array.from({ length: steps.length }, (_, i) => c.firstStep + i);
      expect(steps, `${c.source}: ${c.title}`).toEqual(expected);
      expect(steps.at(-1)! <= last && steps.length > 0).toBe(true);
      expect(Object.values(c.steps), `${c.source}: ${c.title}`).not.toContain('fails');
    }
    expect(report!.cases.length).toBeGreaterThanOrEqual(80);
  });

  it('gathers a run into one entry per case, with its first step and outcome per step', () => {
    const port = { source: 'test_tasks.py::T::test_x', title: 'x', kind: 'same' as const };
    const differs = { source: 'test_locks.py::test_y', title: 'y', kind: 'differs' as const, lesson: 'step11#z' };
    const results: RunResult[] = [
      { step: 7, file: '/r/conformance/step06.test.ts', port, passed: true },
      { step: 6, file: '/r/conformance/step06.test.ts', port, passed: false },
      { step: 11, file: '/r/conformance/step11.test.ts', port: differs, passed: true },
    ];
    expect(buildReport(results, 'h')).toEqual({
      inputs: 'h',
      cases: [
        { ...differs, module: 'test_locks.py', firstStep: 11, steps: { 11: 'differs' } },
        { ...port, module: 'test_tasks.py', firstStep: 6, steps: { 6: 'fails', 7: 'same' } },
      ],
    });
    expect(moduleOf('test_events.py::A::b')).toBe('test_events.py');
  });
});
