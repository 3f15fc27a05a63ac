/**
 * Starting the workers: each run is a fresh process. The TypeScript workers and
 * the steps are bundled once with esbuild (tsx's own compiler) into .bench/, so
 * that a run starts in a tenth of a second instead of paying tsx's start-up
 * every time; without esbuild they run through tsx.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, stepDir, stepId } from '../../shared/steps.ts';
import type { Job } from './plan.ts';
import type { WorkerResult } from './types.ts';
import { isObject } from './features.ts';

const WORKLOADS = join(ROOT, 'scripts', 'bench', 'workloads');
const OUT = join(ROOT, '.bench');

/** How to start the TypeScript workers. */
export interface Launch {
  /** Arguments before the script: the tsx loader, or nothing for bundles. */
  readonly nodeArgs: readonly string[];
  readonly ours: string;
  readonly node: string;
  /** The module of step n to load. */
  stepModule(n: number): string;
}

/** Run the workers through tsx, straight from the sources. */
export function tsxLaunch(): Launch {
  return {
    nodeArgs: ['--import', 'tsx'],
    ours: join(WORKLOADS, 'ours.ts'),
    node: join(WORKLOADS, 'node.ts'),
    stepModule: (n) => join(stepDir(n), 'index.ts'),
  };
}

/** Bundle the workers and the steps into .bench/ with esbuild; null when esbuild is not installed. */
export async function bundledLaunch(steps: readonly number[]): Promise<Launch | null> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  mkdirSync(OUT, { recursive: true });
  const entryPoints: Record<string, string> = { ours: join(WORKLOADS, 'ours.ts'), node: join(WORKLOADS, 'node.ts') };
  for (const n of steps) entryPoints[stepId(n)] = join(stepDir(n), 'index.ts');
  await esbuild.build({
    entryPoints, outdir: OUT, bundle: true, format: 'esm', platform: 'node',
    target: `node${process.versions.node}`, outExtension: { '.js': '.mjs' }, logLevel: 'error',
  });
  return { nodeArgs: [], ours: join(OUT, 'ours.mjs'), node: join(OUT, 'node.mjs'), stepModule: (n) => join(OUT, `${stepId(n)}.mjs`) };
}

let python: string | undefined;

/**
 * The python3 binary itself, asked once: a version manager's shim (pyenv) costs
 * a few tenths of a second per start, which adds up over a hundred runs.
 */
export function pythonExecutable(): string {
  if (python === undefined) {
    const probe = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
    python = probe.status === 0 && probe.stdout.trim() !== '' ? probe.stdout.trim() : 'python3';
  }
  return python;
}

/** The command line of one job. */
export function command(launch: Launch, job: Job, bench: string, n: number): [string, string[]] {
  switch (job.impl) {
    case 'asyncio':
      return [pythonExecutable(), [join(WORKLOADS, 'asyncio_bench.py'), bench, String(n)]];
    case 'node':
      return [process.execPath, ['--expose-gc', ...launch.nodeArgs, launch.node, bench, String(n)]];
    case 'ours':
      return [process.execPath, ['--expose-gc', ...launch.nodeArgs, launch.ours, bench, String(n), launch.stepModule(job.step!)]];
  }
}

/** Parse a worker's last stdout line; throws when it is not a result. */
export function parseResult(stdout: string): WorkerResult {
  const line = stdout.trim().split('\n').pop() ?? '';
  const parsed: unknown = JSON.parse(line);
  if (!isObject(parsed) || typeof parsed.value !== 'number') throw new Error(`not a result: ${line}`);
  return parsed as unknown as WorkerResult;
}

/** Run one job in a fresh process; the result, or an Error saying why there is none. */
export function runJob(launch: Launch, job: Job, bench: string, n: number, timeoutMs: number): WorkerResult | Error {
  const [cmd, args] = command(launch, job, bench, n);
  const env = { ...process.env };
  delete env.LOOP_TRACE;
  const child = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', env });
  if (child.error) return child.error;
  if (child.status !== 0) {
    const why = child.signal ? `killed by ${child.signal} (timeout ${timeoutMs} ms?)` : child.stderr.trim().split('\n').pop();
    return new Error(why ?? `exit ${child.status}`);
  }
  try {
    return parseResult(child.stdout);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
