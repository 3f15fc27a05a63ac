/**
 * The tick recorder behind the site's tick-by-tick viewer. With LOOP_RECORD=<file>
 * in the environment, the loop's trace hooks (shared/trace.ts) report here, and
 * at exit the run is written to <file> as JSON: one entry per tick with the wait
 * before it, the due timers, the ready queue, each handle that ran and what it
 * printed, and the state after it (queue, timers, tasks, sockets, promises).
 *
 * The recorder reads the loop's private fields by name (`ready`, `timers`, …),
 * as a debugger would: the steps stay free of recording code. A run is made
 * repeatable by a virtual clock: `performance.now()` only moves when the loop
 * sleeps (see shared/blocking-sleep.ts), so a timer's deadline is the same on
 * every run. Not part of any lesson.
 */
import { writeFileSync } from 'node:fs';

/** Where the recording goes; empty when recording is off. */
export const RECORD_PATH = process.env.LOOP_RECORD ?? '';
export const RECORDING = RECORD_PATH !== '';

/** One timer in the heap: its deadline from the start of the run, and what it will call. */
export interface TimerView {
  readonly at: number;
  readonly handle: string;
}

/** A task: its number in creation order, its state and what it waits on. */
export interface TaskView {
  readonly id: number;
  readonly state: string;
  readonly waits: string;
}

/** A watched socket: its number in order of first sight, and what it is watched for. */
export interface SocketView {
  readonly id: number;
  readonly kind: string;
  readonly events: string;
}

/** A handle that the tick ran (or skipped, when it was cancelled), with what it printed. */
export interface RanView {
  readonly handle: string;
  readonly output: string[];
  readonly skipped?: true;
}

/** The loop's state between two ticks. Fields a step does not have yet are left out. */
export interface StateView {
  readonly queue: string[];
  readonly timers?: TimerView[];
  readonly tasks?: TaskView[];
  readonly sockets?: SocketView[];
  readonly promises?: number;
}

/** One tick as the viewer shows it. */
export interface TickView {
  readonly n: number;
  /** Which loop ran the tick, counted from 1, when the program runs more than one. */
  readonly loop?: number;
  /** How long the loop waited before the tick (seconds; null: until woken), and why. */
  readonly wait?: { readonly seconds: number | null; readonly why: string };
  /** Lines printed outside any handle since the previous tick. */
  readonly before: string[];
  readonly due: string[];
  readonly io: string[];
  readonly ready: string[];
  readonly ran: RanView[];
  readonly after: StateView;
}

/** The whole recording of one run. */
export interface Recording {
  readonly ticks: TickView[];
  /** Lines printed after the last tick. */
  readonly end: string[];
}

/** The fields the recorder reads from a loop; each exists only from some step on. */
interface LoopFields {
  ready?: unknown[];
  timers?: { items?: unknown[] };
  tasks?: Set<unknown>;
  selector?: { keys?: Map<object, { events: number }> };
  promisesInPlay?: number;
}

/** A handle as the recorder sees it: something with a `run()` it can wrap. */
interface Runnable {
  run(): void;
}

/** A timer as the recorder sees it. */
interface Timer {
  when(): number;
  cancelled?(): boolean;
}

class Recorder {
  private readonly ticks: TickView[] = [];
  private printed: string[] = [];
  private current: Partial<TickView> & { ran: RanView[] } = { ran: [] };
  /** The timeout the loop last waited with: undefined when it did not wait (steps 01-02). */
  private waited: number | null | undefined;
  private due: string[] = [];
  private io: string[] = [];
  private loop: LoopFields | null = null;
  private readonly loops: object[] = [];
  private readonly tasks: object[] = [];
  private readonly sockets = new Map<object, number>();
  private partial = '';

  /** Lines the program printed; a handle's lines go to that handle. */
  print(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    this.printed.push(...lines);
  }

  waitFor(seconds: number | null): void {
    this.waited = seconds;
  }

  timersDue(due: readonly unknown[]): void {
    this.due = due.map((item) => this.name(item));
  }

  events(events: readonly unknown[]): void {
    this.io = events.map(describe);
  }

  task(task: object): void {
    this.tasks.push(task);
  }

  /** Tick `n` begins with `batch`: wrap each handle's run() to catch what it prints. */
  tick(n: number, batch: readonly unknown[], loop: object | undefined): void {
    if (loop !== undefined) this.loop = loop as LoopFields;
    if (loop !== undefined && !this.loops.includes(loop)) this.loops.push(loop);
    const ready = batch.map((item) => this.name(item));
    const before = this.takePrinted();
    this.current = { n, before, due: this.due, io: this.io, ready, ran: [] };
    if (this.loops.length > 1) this.current = { ...this.current, loop: this.loops.indexOf(loop!) + 1 };
    if (this.waited !== undefined) {
      const wait = { seconds: this.waited === null ? null : round(this.waited), why: this.whyWait(this.waited) };
      this.current = { ...this.current, wait };
    }
    this.waited = undefined;
    this.due = [];
    this.io = [];
    this.ticks.push(this.current as TickView);
    this.snapshot();
    for (const item of batch) this.watch(item as Runnable, this.current.ran);
  }

  /** Run `handle` through the recorder: note that it ran, what it printed, the state after. */
  private watch(handle: Runnable, ran: RanView[]): void {
    const name = this.name(handle);
    const entry: RanView = { handle: name, output: [], skipped: true };
    ran.push(entry);
    const original = handle.run;
    handle.run = (): void => {
      delete (entry as { skipped?: true }).skipped;
      this.takePrinted();
      try {
        original.call(handle);
      } finally {
        entry.output.push(...this.takePrinted());
        this.snapshot();
        handle.run = original;
      }
    };
  }

  /** A handle's name, and the task it steps or wakes, when it does. */
  private name(item: unknown): string {
    const fn = (item as { fn?: unknown }).fn;
    const owner = this.tasks.findIndex((t) => {
      const task = t as { step?: unknown; wakeup?: unknown };
      return fn !== undefined && (task.step === fn || task.wakeup === fn);
    });
    return owner < 0 ? describe(item) : `${describe(item)} of task ${owner + 1}`;
  }

  /** The state after the tick so far: the last handle's snapshot stands. */
  private snapshot(): void {
    (this.current as { after: StateView }).after = this.state();
  }

  private state(): StateView {
    const loop = this.loop;
    const view: { -readonly [K in keyof StateView]: StateView[K] } = {
      queue: (loop?.ready ?? []).map((item) => this.name(item)),
    };
    if (loop?.timers?.items !== undefined) view.timers = this.timerViews(loop.timers.items);
    if (this.tasks.length > 0 || loop?.tasks !== undefined) view.tasks = this.taskViews();
    if (loop?.selector?.keys !== undefined) view.sockets = this.socketViews(loop.selector.keys);
    if (loop?.promisesInPlay !== undefined) view.promises = loop.promisesInPlay;
    return view;
  }

  private timerViews(items: readonly unknown[]): TimerView[] {
    return (items as Timer[])
      .filter((t) => !t.cancelled?.())
      .map((t) => ({ at: round(t.when() - START), handle: this.name(t) }))
      .sort((a, b) => a.at - b.at);
  }

  private taskViews(): TaskView[] {
    for (const task of this.loop?.tasks ?? []) {
      if (!this.tasks.includes(task as object)) this.tasks.push(task as object);
    }
    return this.tasks.map((task, i) => this.taskView(task, i + 1));
  }

  /**
   * A task's state, from its public methods, and what it waits on: the future in
   * its `waitingOn` field (from step 10), else where its next step is: in the
   * ready queue, in a timer, or (with neither) behind a future's done callback.
   */
  private taskView(task: object, id: number): TaskView {
    const t = task as { done?(): boolean; cancelled?(): boolean; waitingOn?: unknown };
    const done = t.done?.() ?? false;
    const state = !done ? 'pending' : t.cancelled?.() ? 'cancelled' : 'done';
    return { id, state, waits: done ? '' : this.waitsOn(task, t.waitingOn) };
  }

  private waitsOn(task: object, waitingOn: unknown): string {
    if (waitingOn) return describe(waitingOn);
    const mine = (item: unknown): boolean => this.name(item).endsWith(` of task ${this.tasks.indexOf(task) + 1}`);
    if ((this.loop?.ready ?? []).some(mine)) return 'its next step is queued';
    const timer = ((this.loop?.timers?.items ?? []) as Timer[]).find(mine);
    if (timer !== undefined) return `a timer at ${round(timer.when() - START)} s`;
    return 'a future';
  }

  private socketViews(keys: Map<object, { events: number }>): SocketView[] {
    return [...keys].map(([sock, key]) => {
      if (!this.sockets.has(sock)) this.sockets.set(sock, this.sockets.size + 1);
      const events = ['', 'read', 'write', 'read+write'][key.events] ?? String(key.events);
      return { id: this.sockets.get(sock)!, kind: sock.constructor.name, events };
    });
  }

  private whyWait(seconds: number | null): string {
    if (seconds === null) {
      const loop = this.loop;
      const sockets = loop?.selector?.keys?.size ?? 0;
      return sockets > 0 ? 'sockets' : 'promises in play';
    }
    return seconds === 0 ? 'ready work' : 'the next timer';
  }

  private takePrinted(): string[] {
    const lines = this.printed;
    this.printed = [];
    return lines;
  }

  /** The recording so far, as written at exit. */
  recording(): Recording {
    if (this.partial !== '') this.print('\n');
    return { ticks: this.ticks, end: this.takePrinted() };
  }
}

/** A readable, stable name for a handle, a timer or a future: its toString, or the function's name. */
export function describe(item: unknown): string {
  if (typeof item === 'function') return `${item.name || 'anonymous'}()`;
  if (typeof item !== 'object' || item === null) return String(item);
  if (item.toString !== Object.prototype.toString) return String(item);
  if ('fn' in item && typeof item.fn === 'function') return describe(item.fn);
  return String(item);
}

/** Milliseconds are enough, and keep the file stable. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** The virtual clock, in milliseconds: moved only by advanceClock(). */
let clock = 0;
const START = 0;

/** The loop slept `seconds`: move the virtual clock instead of the wall clock. */
export function advanceClock(seconds: number): void {
  clock += seconds * 1000;
}

export const recorder = RECORDING ? startRecording() : null;

/**
 * Node's own timers (the loop waits on them from step 12 on) fire in real time;
 * when one fires, the virtual clock jumps to the deadline it was set for.
 */
function virtualTimers(): void {
  const realSetTimeout = globalThis.setTimeout;
  const patched = (fn: (...args: unknown[]) => void, ms = 0, ...args: unknown[]) => {
    const deadline = clock + Math.max(ms, 1);
    return realSetTimeout(() => {
      clock = Math.max(clock, deadline);
      fn(...args);
    }, ms);
  };
  globalThis.setTimeout = patched as typeof setTimeout;
}

/** Install the virtual clock and the output capture; write the file at exit. */
function startRecording(): Recorder {
  const rec = new Recorder();
  performance.now = () => clock;
  virtualTimers();
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    rec.print(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.on('exit', () => writeFileSync(RECORD_PATH, `${JSON.stringify(rec.recording())}\n`));
  return rec;
}
