/**
 * "How close to asyncio is each step": the cases ported from CPython's own
 * asyncio tests (conformance/stepNN.test.ts) are run on every step project, and
 * the outcome of each case on each step becomes docs/conformance.json, from
 * which the site builds its page. The file records a hash of what the run
 * depended on, so that a test can tell when it is stale without running it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PortedCase } from '../../shared/cpython.ts';
import { ROOT, STEPS, stepDir } from '../../shared/steps.ts';

/** Where the report lives, relative to the repository root. */
export const REPORT_PATH = 'docs/conformance.json';

/** A case on one step: same trace as asyncio, a documented difference, or a failure. */
export type Outcome = 'same' | 'differs' | 'fails';

/** One ported case: where it comes from, the first step it applies to, and its outcome per step. */
export interface CaseReport extends PortedCase {
  readonly module: string;
  readonly firstStep: number;
  /** Outcome per step number, from firstStep to the last step. */
  readonly steps: Record<string, Outcome>;
}

export interface ConformanceReport {
  /** sha256 of the inputs: every step's code, the ported cases and their harness. */
  readonly inputs: string;
  readonly cases: CaseReport[];
}

/** The files a run depends on, in a stable order. */
function inputFiles(): string[] {
  const code = STEPS.flatMap((s) =>
    readdirSync(stepDir(s.number))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort()
      .map((f) => join(stepDir(s.number), f)),
  );
  const ported = readdirSync(join(ROOT, 'conformance')).sort().map((f) => join(ROOT, 'conformance', f));
  return [...code, ...ported, join(ROOT, 'shared/cpython.ts'), join(ROOT, 'shared/python.ts')];
}

/** The hash of the inputs as they are now. */
export function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of inputFiles()) hash.update(`${file.slice(ROOT.length)}\n`).update(readFileSync(file));
  return hash.digest('hex');
}

/** "test_tasks.py::TaskTests::test_cancel" → "test_tasks.py". */
export function moduleOf(source: string): string {
  return source.split('::')[0] ?? source;
}

/** One test's result as the run gives it. */
export interface RunResult {
  readonly step: number;
  readonly file: string;
  readonly port: PortedCase;
  readonly passed: boolean;
}

/** Gather the results of a run into the report: one entry per case, sorted by module and source. */
export function buildReport(results: readonly RunResult[], inputs: string): ConformanceReport {
  const byCase = new Map<string, { port: PortedCase; first: number; steps: Record<string, Outcome> }>();
  for (const r of results) {
    const key = `${r.port.source}\n${r.port.title}`;
    const first = Number(/step(\d\d)\.test\.ts$/.exec(r.file)?.[1]);
    const entry = byCase.get(key) ?? { port: r.port, first, steps: {} };
    entry.steps[String(r.step)] = r.passed ? r.port.kind : 'fails';
    byCase.set(key, entry);
  }
  const cases = [...byCase.values()].map(({ port, first, steps }) => ({
    ...port,
    module: moduleOf(port.source),
    firstStep: first,
    steps,
  }));
  cases.sort((a, b) => a.module.localeCompare(b.module) || a.firstStep - b.firstStep ||
    a.source.localeCompare(b.source) || a.title.localeCompare(b.title));
  return { inputs, cases };
}
