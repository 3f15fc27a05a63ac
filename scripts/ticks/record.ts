/**
 * Tick recordings for the site's viewer: each step's demo runs with LOOP_RECORD
 * set (see shared/recorder.ts) and its run becomes docs/ticks/stepNN.json.
 * Rendered in memory, so that a test can compare with the files on disk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RanView, Recording, StateView, TickView } from '../../shared/recorder.ts';
import { ROOT, STEPS, stepDir, type StepInfo } from '../../shared/steps.ts';

/** Where the recordings live, relative to the repository root. */
export const TICKS_DIR = 'docs/ticks';

/**
 * The most ticks a file keeps: enough to step through any lesson's story, and
 * it keeps the busiest demo (step 14's 50 echo clients) under 200 KB.
 */
export const MAX_TICKS = 150;

/** How long one demo may run while it is recorded. */
const DEMO_TIMEOUT_MS = 60_000;

/**
 * A tick as stored: empty lists and state unchanged since the previous tick are
 * left out; the ready queue is the list of handles in `ran` (a handle that printed
 * nothing is just its name), so it is not stored twice.
 */
export type StoredTick = Partial<Omit<TickView, 'after' | 'ready' | 'ran'>> & {
  n: number;
  ran?: (string | RanView)[];
  after: Record<string, unknown>;
};

/** One step's file: the step, its ticks, and what the program printed after the last tick. */
export interface StepRecording {
  readonly step: number;
  readonly title: string;
  readonly ticks: StoredTick[];
  readonly end: string[];
  /** How many ticks the run had, when it had more than MAX_TICKS. */
  readonly totalTicks?: number;
}

/** The kernel picks a free port on every run: the file names none. */
const PORTS = /127\.0\.0\.1:\d+/g;

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

/** Lists whose entries have an id: stored as the entries that changed, and the ids that left. */
const BY_ID = ['tasks', 'sockets'] as const;

/** The entries of `now` that are new or changed since `then`, and the ids no longer there. */
function changedById<T extends { id: number }>(then: readonly T[], now: readonly T[]): [T[], number[]] {
  const old = new Map(then.map((item) => [item.id, JSON.stringify(item)]));
  const changed = now.filter((item) => old.get(item.id) !== JSON.stringify(item));
  const ids = new Set(now.map((item) => item.id));
  return [changed, then.filter((item) => !ids.has(item.id)).map((item) => item.id)];
}

/** The state after a tick, as stored: only what differs from the state after the tick before. */
function stateDelta(then: StateView, now: StateView): Record<string, unknown> {
  const delta: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(now)) {
    const before = then[key as keyof StateView];
    if (BY_ID.includes(key as (typeof BY_ID)[number])) {
      const [changed, gone] = changedById((before ?? []) as { id: number }[], value as { id: number }[]);
      if (changed.length > 0) delta[key] = changed;
      if (gone.length > 0) delta[`${key}Gone`] = gone;
    } else if (JSON.stringify(value) !== JSON.stringify(before)) delta[key] = value;
  }
  return delta;
}

/** A handle that ran and printed nothing is stored as its name alone. */
function compactRan(ran: RanView): string | RanView {
  return ran.output.length === 0 && !ran.skipped ? ran.handle : ran;
}

/** Leave out what the viewer can carry over: empty lists, and state equal to the tick before. */
export function compact(ticks: readonly TickView[]): StoredTick[] {
  let previous: StateView = { queue: [] };
  return ticks.map((tick) => {
    const stored: Record<string, unknown> = { n: tick.n };
    if (tick.loop !== undefined) stored.loop = tick.loop;
    if (tick.wait !== undefined) stored.wait = tick.wait;
    for (const key of ['before', 'due', 'io'] as const) {
      if (tick[key].length > 0) stored[key] = tick[key];
    }
    if (tick.ran.length > 0) stored.ran = tick.ran.map(compactRan);
    stored.after = stateDelta(previous, tick.after);
    previous = tick.after;
    return stored as StoredTick;
  });
}

/** The file of one step, as text. */
export async function renderTicks(step: StepInfo): Promise<string> {
  const { ticks, end } = await recordDemo(step);
  const kept = compact(ticks.slice(0, MAX_TICKS));
  const file: StepRecording = {
    step: step.number,
    title: step.title,
    ticks: kept,
    end: ticks.length > MAX_TICKS ? [] : end,
    ...(ticks.length > MAX_TICKS ? { totalTicks: ticks.length } : {}),
  };
  return `${JSON.stringify(file).replace(PORTS, '127.0.0.1:PORT')}\n`;
}

/** Every file of docs/ticks/ as path (relative to the repository root) → content. */
export async function renderAllTicks(steps: readonly StepInfo[] = STEPS): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const step of steps) files.set(ticksPath(step), await renderTicks(step));
  return files;
}
