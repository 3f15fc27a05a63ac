/**
 * The harness for differential tests: run a scenario on our loop and the same
 * scenario on CPython's asyncio, and expect the two traces to be equal.
 * Not part of any lesson; kept tiny.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './steps.ts';

/** Shown on a skipped test, so that a reader knows why and what to do. */
export const PYTHON_MISSING = 'python3 not found: install python3 to run the differential tests against CPython asyncio';

/** How long one Python scenario may run before it counts as hung. */
const TIMEOUT_MS = 20_000;

/** What `python3 --version` printed, or null when python3 does not run here; asked once. */
let version: string | null | undefined;

function pythonVersion(): string | null {
  if (version === undefined) {
    const probe = spawnSync('python3', ['--version'], { encoding: 'utf8', timeout: TIMEOUT_MS });
    version = probe.status === 0 ? probe.stdout.trim() : null;
  }
  return version;
}

/** True when `python3` runs here. */
export function pythonAvailable(): boolean {
  return pythonVersion() !== null;
}

/**
 * Where asyncio's traces are kept between runs. A scenario runs on every step
 * from the one that introduces it, but asyncio's answer is the same each time:
 * it is computed once per source text and python3 version.
 */
const CACHE = join(ROOT, 'node_modules', '.cache', 'asyncio-traces');

/** The stdout of `source` under asyncio: from the cache, or from a real run that fills it. */
export function asyncioTrace(source: string): string {
  const key = createHash('sha256').update(`${pythonVersion()}\n${source}`).digest('hex');
  const path = join(CACHE, `${key}.txt`);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  const output = runPython(source);
  mkdirSync(CACHE, { recursive: true });
  const partial = `${path}.${process.pid}`;
  writeFileSync(partial, output);
  renameSync(partial, path);
  return output;
}

/** Run `source` with `python3 -c` and return its stdout; a failure throws with Python's stderr. */
export function runPython(source: string): string {
  const result = spawnSync('python3', ['-c', source], { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (result.error) throw new Error(`python3 failed to run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`python3 exited with ${result.status ?? result.signal}:\n${result.stderr}`);
  }
  return result.stdout;
}

/** The printed lines of a program, without the final newline's empty line. */
export function lines(output: string): string[] {
  return output.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
}

/**
 * A vitest test that runs `tsScenario` on our loop and `pySource` on asyncio and
 * expects the same trace, line for line. Skipped, with the reason in its name,
 * when python3 is missing.
 */
export function itMatchesAsyncio(
  name: string,
  tsScenario: () => string[] | Promise<string[]>,
  pySource: string,
): void {
  if (!pythonAvailable()) {
    it.skip(`${name} (${PYTHON_MISSING})`, () => {});
    return;
  }
  it(`${name} (same trace as CPython asyncio)`, async () => {
    const ours = await tsScenario();
    const theirs = lines(asyncioTrace(pySource));
    expect(ours).toEqual(theirs);
  });
}
