/**
 * The demos' real output: every built step's main.ts is run with tsx (LOOP_TRACE
 * unset, NO_COLOR=1) and its output becomes docs/outputs/stepNN.txt, which the
 * site shows. Rendered in memory so that a test can compare without writing.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, STEPS, stepDir, type StepInfo } from '../../shared/steps.ts';

/** Where the outputs live, relative to the repository root. */
export const OUTPUTS_DIR = 'docs/outputs';

/** How long one demo may run before it counts as hung. */
const DEMO_TIMEOUT_MS = 60_000;

/** Path of a step's output file, relative to the repository root. */
export function outputPath(step: StepInfo): string {
  return `${OUTPUTS_DIR}/${step.id}.txt`;
}

/** The environment a demo runs in: the caller's, without tracing or colour. */
function demoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.LOOP_TRACE;
  delete env.FORCE_COLOR;
  return env;
}

/**
 * What a demo wrote to stderr, made the same on every machine: stack frames
 * ("    at ...") depend on the Node version and the checkout's path, so they go.
 */
export function portableStderr(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .split(ROOT)
    .join('.');
}

/** The file's text: stdout, then stderr (if any) under a marker line. */
function formatOutput(stdout: string, stderr: string): string {
  const err = portableStderr(stderr).trimEnd();
  return err ? `${stdout}--- stderr ---\n${err}\n` : stdout;
}

/** Run one demo with tsx; rejects when it exits non-zero or times out. */
export function runDemo(step: StepInfo): Promise<string> {
  const main = join(stepDir(step.number), 'main.ts');
  const args = ['--import', import.meta.resolve('tsx'), main];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: demoEnv(), timeout: DEMO_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve(formatOutput(stdout, stderr));
      else reject(new Error(`${step.id}/main.ts exited with ${signal ?? code}:\n${stderr}`));
    });
  });
}

/** Run `fn` over `items`, at most `limit` at a time, keeping the order of results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every file of docs/outputs/ as path (relative to the repository root) → content. */
export async function renderOutputs(steps: readonly StepInfo[] = STEPS): Promise<Map<string, string>> {
  const texts = await mapLimited(steps, 4, runDemo);
  return new Map(steps.map((step, i) => [outputPath(step), texts[i]!]));
}
