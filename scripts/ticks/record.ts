/**
 * Tick recordings for the site's viewer: each step's demo runs with LOOP_RECORD
 * set (see shared/recorder.ts) and its run becomes docs/ticks/stepNN.json.
 * Rendered in memory, so that a test can compare with the files on disk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Recording, StateView, TickView } from '../../shared/recorder.ts';
import { ROOT, STEPS, stepDir, type StepInfo } from '../../shared/steps.ts';

/** Where the recordings live, relative to the repository root. */
export const TICKS_DIR = 'docs/ticks';

/** How long one demo may run while it is recorded. */
const DEMO_TIMEOUT_MS = 60_000;

/** A tick as stored: empty lists and state unchanged since the previous tick are left out. */
export type StoredTick = Partial<Omit<TickView, 'after'>> & { n: number; after: Partial<StateView> };

/** One step's file: the step, its ticks, and what the program printed after the last tick. */
export interface StepRecording {
  readonly step: number;
  readonly title: string;
  readonly ticks: StoredTick[];
  readonly end: string[];
}

/** Path of a step's recording, relative to the repository root. */
export function ticksPath(step: StepInfo): string {
  return `${TICKS_DIR}/${step.id}.json`;
}

/** Run a step's demo with the recorder on and return what it recorded. */
export function recordDemo(step: StepInfo): Promise<Recording> {
  const dir = mkdtempSync(join(tmpdir(), 'ticks-'));
  const file = join(dir, 'ticks.json');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LOOP_RECORD: file };
  delete env.LOOP_TRACE;
  const args = ['--import', import.meta.resolve('tsx'), join(stepDir(step.number), 'main.ts')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, timeout: DEMO_TIMEOUT_MS });
    const err: Buffer[] = [];
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      try {
        if (code !== 0) throw new Error(`${step.id}/main.ts exited with ${signal ?? code}:\n${Buffer.concat(err)}`);
        resolve(JSON.parse(readFileSync(file, 'utf8')) as Recording);
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Leave out what the viewer can carry over: empty lists, and state equal to the tick before. */
export function compact(ticks: readonly TickView[]): StoredTick[] {
  let previous: StateView = { queue: [] };
  return ticks.map((tick) => {
    const stored: Record<string, unknown> = { n: tick.n };
    if (tick.wait !== undefined) stored.wait = tick.wait;
    for (const key of ['before', 'due', 'io', 'ready', 'ran'] as const) {
      if (tick[key].length > 0) stored[key] = tick[key];
    }
    const after: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tick.after)) {
      const before = previous[key as keyof StateView];
      if (JSON.stringify(value) !== JSON.stringify(before)) after[key] = value;
    }
    stored.after = after;
    previous = tick.after;
    return stored as StoredTick;
  });
}

/** The file of one step, as text. */
export async function renderTicks(step: StepInfo): Promise<string> {
  const { ticks, end } = await recordDemo(step);
  const file: StepRecording = { step: step.number, title: step.title, ticks: compact(ticks), end };
  return `${JSON.stringify(file)}\n`;
}

/** Every file of docs/ticks/ as path (relative to the repository root) → content. */
export async function renderAllTicks(steps: readonly StepInfo[] = STEPS): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const step of steps) files.set(ticksPath(step), await renderTicks(step));
  return files;
}
