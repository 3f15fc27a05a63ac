/**
 * What a step can do, found by looking at what its index.ts exports and what its
 * Loop has, never by its number. Steps grow an API one lesson at a time, so a
 * bench asks for features, not for steps.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Feature } from './benches.ts';
import { sockApiOf } from './workloads/echo-ours.ts';

/** A callback with no arguments: all the benches need. */
export type Callback = () => void;

/** The part of every step's Loop the benches use. `runForever` returns a Promise from step 12. */
export interface LoopLike {
  callSoon(fn: Callback): unknown;
  runForever(): unknown;
  stop(): void;
}

/** Step 03+: timers. `callLater` returns a TimerHandle with `when()` where the step has one. */
export interface TimerLoop extends LoopLike {
  callLater(delay: number, fn: Callback): unknown;
  time(): number;
}

/** A generator coroutine as the steps take it (step 04 yields seconds, step 06+ futures). */
export type Coro<T = unknown> = Generator<unknown, T, unknown>;

/** Step 04+: tasks. */
export interface TaskLoop extends LoopLike {
  createTask(coro: Coro): unknown;
}

/** A step's index.ts, as far as the benches care. */
export interface StepModule {
  readonly Loop: new () => LoopLike;
  readonly exports: Readonly<Record<string, unknown>>;
}

/** True for a non-null object or a function. */
export function isObject(x: unknown): x is Record<string, unknown> {
  return (typeof x === 'object' && x !== null) || typeof x === 'function';
}

/** True when `x[name]` is a function. */
export function hasMethod(x: unknown, name: string): boolean {
  return isObject(x) && typeof x[name] === 'function';
}

/** Check that a dynamically imported module is a step: it exports a Loop class. */
export function asStepModule(mod: unknown): StepModule {
  if (!isObject(mod) || typeof mod.Loop !== 'function') throw new Error('the module exports no Loop class');
  return { Loop: mod.Loop as new () => LoopLike, exports: mod };
}

/** Import a step's index.ts (or its bundle) from a file path (relative to the working folder) or a file URL. */
export async function importStep(pathOrUrl: string): Promise<StepModule> {
  const url = pathOrUrl.startsWith('file:') ? pathOrUrl : pathToFileURL(resolve(pathOrUrl)).href;
  return asStepModule(await import(url));
}

export function isTimerLoop(loop: LoopLike): loop is TimerLoop {
  return hasMethod(loop, 'callLater') && hasMethod(loop, 'time');
}

export function isTaskLoop(loop: LoopLike): loop is TaskLoop {
  return hasMethod(loop, 'createTask');
}

/** True when the step's Task is a Future (step 06+): a task then yields futures, not seconds. */
function tasksAreFutures(step: StepModule): boolean {
  const { Task, Future } = step.exports;
  return typeof Task === 'function' && typeof Future === 'function' && Task.prototype instanceof Future;
}

/**
 * How a task of this step sleeps for `seconds`: `yield* sleep(s)` where the step
 * exports sleep (07+), `yield s` where tasks yield seconds (04-05), else null.
 */
export function sleeper(step: StepModule): ((seconds: number) => Coro) | null {
  const sleep = step.exports.sleep;
  if (typeof sleep === 'function') {
    return function* (seconds: number): Coro<void> {
      yield* (sleep as (s: number) => Coro)(seconds);
    };
  }
  if (tasksAreFutures(step)) return null;
  return function* (seconds: number): Coro<void> {
    yield seconds;
  };
}

/** True when the step has what the streams echo needs (step 15). */
export function hasStreams(step: StepModule): boolean {
  return typeof step.exports.openConnection === 'function' && typeof step.exports.startServer === 'function';
}

/** True when the sock* echo can run on this step (step 14+: it exports sockListen, sockConnect, …). */
export function hasSock(step: StepModule, loop: LoopLike): boolean {
  return sockApiOf(step, loop) !== null;
}

/** Every feature a step has. */
export function featuresOf(step: StepModule): Set<Feature> {
  const loop = new step.Loop();
  const features = new Set<Feature>();
  if (hasMethod(loop, 'callSoon') && hasMethod(loop, 'runForever') && hasMethod(loop, 'stop')) features.add('callSoon');
  if (isTimerLoop(loop)) features.add('callLater');
  if (isTaskLoop(loop)) features.add('tasks');
  if (isTaskLoop(loop) && isTimerLoop(loop) && sleeper(step)) features.add('sleepingTasks');
  if (hasSock(step, loop)) features.add('sock');
  if (hasStreams(step)) features.add('streams');
  closeLoop(loop);
  return features;
}

/** Close a loop where the step has `close()` (step 11+), so no resource outlives a probe. */
export function closeLoop(loop: LoopLike): void {
  if (hasMethod(loop, 'close')) (loop as LoopLike & { close(): void }).close();
}
