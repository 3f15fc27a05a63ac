import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonAvailable, PYTHON_MISSING } from '../../shared/python.ts';
import { ROOT, stepDir } from '../../shared/steps.ts';
import { featuresOf, importStep } from './features.ts';
import { parseResult } from './run.ts';
import type { WorkerResult } from './types.ts';

const WORKLOADS = join(ROOT, 'scripts', 'bench', 'workloads');

/** Run a worker with small n and parse its JSON line. */
function run(cmd: string, args: string[]): WorkerResult {
  const child = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  return parseResult(child.stdout);
}

/** Run a TypeScript worker through tsx. */
function runTs(script: string, ...args: string[]): WorkerResult {
  return run(process.execPath, ['--expose-gc', '--import', 'tsx', join(WORKLOADS, script), ...args]);
}

describe('the workers print one JSON result', () => {
  it('ours: a callback chain on step 01', () => {
    expect(runTs('ours.ts', 'chain', '1000', join(stepDir(1), 'index.ts')).value).toBeGreaterThan(0);
  });
  it('ours: the sock* echo on step 14 and the streams echo on step 15', () => {
    expect(runTs('ours.ts', 'echo-sock-conc', '200', join(stepDir(14), 'index.ts')).value).toBeGreaterThan(0);
    expect(runTs('ours.ts', 'echo-streams-seq', '200', join(stepDir(15), 'index.ts')).value).toBeGreaterThan(0);
  });
  it('node: timers, with their counts, and the echo through net', () => {
    const timers = runTs('node.ts', 'timers', '200');
    expect(timers.value).toBeGreaterThan(0);
    expect(timers.counts).toEqual({ outOfOrder: expect.any(Number), early: expect.any(Number) });
    expect(runTs('node.ts', 'echo-sock-conc', '200').value).toBeGreaterThan(0);
  });
  const py = pythonAvailable() ? it : it.skip;
  py(`asyncio: tasks, sock* and streams echo${pythonAvailable() ? '' : ` (${PYTHON_MISSING})`}`, () => {
    const script = join(WORKLOADS, 'asyncio_bench.py');
    for (const bench of ['tasks', 'echo-sock-seq', 'echo-streams-conc']) {
      expect(run('python3', [script, bench, '200']).value).toBeGreaterThan(0);
    }
  });
});

describe('feature detection', () => {
  it('finds callSoon on step 01 and nothing it lacks', async () => {
    const features = featuresOf(await importStep(join(stepDir(1), 'index.ts')));
    expect([...features]).toEqual(['callSoon']);
  });
  it('finds sock* on step 14, and streams only from step 15', async () => {
    const step14 = featuresOf(await importStep(join(stepDir(14), 'index.ts')));
    const step15 = featuresOf(await importStep(join(stepDir(15), 'index.ts')));
    expect([step14.has('sock'), step14.has('streams')]).toEqual([true, false]);
    expect([step15.has('sock'), step15.has('streams')]).toEqual([true, true]);
  });
});
