/**
 * The harness for the port of CPython 3.11's own asyncio tests
 * (`Lib/test/test_asyncio`): each ported case is a scenario written twice, once
 * on our loop and once on real asyncio, and the two traces are compared line
 * for line, as `itMatchesAsyncio` does. Each case names the CPython test it
 * comes from ("test_tasks.py::test_cancel_yield"), so that a run can be grouped
 * by CPython module. Not part of any lesson; kept tiny.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PYTHON_MISSING, asyncioTrace, lines, pythonAvailable } from './python.ts';
import { ROOT } from './steps.ts';

/**
 * What every Python half starts with: `log` collects the trace and `loop` is a
 * fresh loop. The helpers print as our halves do: `tf(True)` is "true",
 * `fmt(None)` is "none", `js(items)` joins items as a JavaScript array prints,
 * `msg(e)` drops the final period (some of asyncio's messages have one, all of
 * ours do), `show(e)` is "Class: message" with asyncio's RuntimeError named
 * Error and an empty CancelledError message "cancelled", as ours (lessons of
 * steps 11 and 10). `settle(call)` and `await caught(aw)` trace "result X" or
 * "raised Class: message", `attempt(call)` gives the class of what a call raises
 * or "ok", `run_briefly(loop=loop, ticks=1)` runs ticks: each as its namesake
 * below. `reports` gets the first line of each report of asyncio's default
 * exception handler (our side: `stderrReports`), and `head` cuts "Exception in
 * callback ..." after "callback".
 */
export const PRELUDE = String.raw`import asyncio, logging, re
log = []
reports = []
loop = asyncio.new_event_loop()
def name(e): return type(e).__name__
def msg(e): return str(e).rstrip('.')
def tf(v): return str(v).lower()
def head(message): return re.sub(r"^(Exception in callback) .*$", r"\1", message)
def fmt(v): return "none" if v is None else tf(v) if isinstance(v, bool) else str(v)
def js(items): return ",".join(map(fmt, items))
def show(e):
    m = str(e) or ("cancelled" if isinstance(e, asyncio.CancelledError) else "")
    return f"{name(e).replace('RuntimeError', 'Error')}: {m.rstrip('.')}"
def settle(call):
    try:
        return f"result {fmt(call())}"
    except BaseException as e:
        return f"raised {show(e)}"
def attempt(call):
    try:
        call()
        return "ok"
    except BaseException as e:
        return name(e)
def run_briefly(l=None, ticks=1):
    for i in range(ticks):
        (l or loop).stop()
        (l or loop).run_forever()
async def caught(aw):
    try:
        return f"result {fmt(await aw)}"
    except BaseException as e:
        return f"raised {show(e)}"
class Reports(logging.Handler):
    def emit(self, record): reports.append(record.getMessage().split("\n")[0])
asyncio.log.logger.addHandler(Reports())
asyncio.log.logger.propagate = False
`;

/** What every Python half ends with: the trace, one line each. */
export const EPILOGUE = `
for line in log:
    print(line)
`;

/**
 * A case's Python half: its text, or its parts (shared helpers first), each
 * written at any indentation; each part is dedented on its own.
 */
export type Theirs = string | readonly string[];

/** A case's TypeScript half: it fills `log`, or returns its trace. */
export type Ours = (log: string[]) => string[] | void | Promise<string[] | void>;

/** The whole Python program of a case: prelude, each part of `theirs` dedented, epilogue. */
export function pythonProgram(theirs: Theirs): string {
  const parts = typeof theirs === 'string' ? [theirs] : theirs;
  return `${PRELUDE}\n${parts.map(dedent).join('\n')}\n${EPILOGUE}`;
}

/** Remove the indentation that every non-blank line of `text` shares. */
export function dedent(text: string): string {
  const rows = text.replace(/\r\n/g, '\n').split('\n');
  const indents = rows.filter((row) => row.trim() !== '').map((row) => /^ */.exec(row)![0].length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return rows.map((row) => row.slice(common)).join('\n').trim();
}

/** Where a lesson says why we differ: "step03#how-asyncio-does-it", a heading of its README.md. */
export interface Deviation {
  lesson: string;
  /** The lesson's reason, in a sentence. */
  reason: string;
}

/** A ported case, as registered: what a report or a site page groups by module and step. */
export interface PortedCase {
  source: string;
  title: string;
  /** 'same': same trace as asyncio; 'differs': a deviation a lesson documents. */
  kind: 'same' | 'differs';
  lesson?: string;
}

declare module 'vitest' {
  interface TaskMeta {
    /** Set by a ported case when it runs: what the "how close to asyncio" page reports. */
    asyncio?: PortedCase;
  }
}

/** Every case registered by the test files loaded so far. */
export const PORTED: PortedCase[] = [];

/** The slug GitHub and TypeDoc give a Markdown heading. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Throw unless `lesson` ("stepNN#anchor") names a heading of that step's README.md. */
export function checkLesson(lesson: string): void {
  const [step = '', anchor] = lesson.split('#');
  const path = join(ROOT, 'steps', step, 'README.md');
  if (!/^step\d\d$/.test(step) || !existsSync(path)) throw new Error(`no lesson ${lesson}`);
  const slugs = readFileSync(path, 'utf8')
    .split('\n')
    .filter((row) => /^#{1,6} /.test(row))
    .map((row) => headingSlug(row.replace(/^#+ /, '')));
  if (anchor !== undefined && !slugs.includes(anchor)) {
    throw new Error(`no heading #${anchor} in ${path}`);
  }
}

/**
 * The trace asyncio prints for `theirs`, run with the prelude and epilogue
 * (cached per program text). A Python half that prints nothing is a broken
 * case (say, code indented into a helper's body), never a trace.
 */
export function theirTrace(theirs: Theirs): string[] {
  const program = pythonProgram(theirs);
  const trace = lines(asyncioTrace(program));
  if (trace.join('') === '') throw new Error(`the Python half printed nothing:\n${program}`);
  return trace;
}

/** Our trace: what `ours` returned, or else what it put in the log. */
async function ourTrace(ours: Ours): Promise<string[]> {
  const log: string[] = [];
  return (await ours(log)) ?? log;
}

/**
 * A ported case: `ours` on our loop and `theirs` on asyncio must print the same
 * trace. Named `${source}: ${title}`; skipped, saying why, without python3.
 */
export function itPortsAsyncio(source: string, title: string, ours: Ours, theirs: Theirs): void {
  const port: PortedCase = { source, title, kind: 'same' };
  PORTED.push(port);
  const name = `${source}: ${title}`;
  if (!pythonAvailable()) {
    it.skip(`${name} (${PYTHON_MISSING})`, () => {});
    return;
  }
  it(name, async ({ task }) => {
    task.meta.asyncio = port;
    expect(await ourTrace(ours)).toEqual(theirTrace(theirs));
  });
}

/**
 * A deliberate deviation: our trace must equal `expected`, and asyncio's must
 * differ from it, so the test fails when the deviation disappears, on either
 * side. `why.lesson` must name a heading of the lesson that says why. Without
 * python3 our half still runs, and pins our behaviour.
 */
export function itDiffersFromAsyncio(
  source: string,
  title: string,
  why: Deviation,
  ours: Ours,
  theirs: Theirs,
  expected: string[],
): void {
  const port: PortedCase = { source, title, kind: 'differs', lesson: why.lesson };
  PORTED.push(port);
  const python = pythonAvailable();
  const name = `${source}: ${title}${python ? '' : ` (asyncio half skipped: ${PYTHON_MISSING})`}`;
  it(name, async ({ task }) => {
    task.meta.asyncio = port;
    checkLesson(why.lesson);
    expect(await ourTrace(ours), 'our trace').toEqual(expected);
    if (!python) return;
    const trace = theirTrace(theirs);
    expect(trace, `asyncio gives our trace: is "${why.reason}" still true?`).not.toEqual(expected);
  });
}

/** The class name of a thrown value: "TypeError", "CancelledError"; typeof for a non-Error. */
export function name(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}

/** The message of a thrown value without its final period, as the prelude's `msg`. */
export function msg(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.+$/, '');
}

/** "Class: message" of a thrown value, as the prelude's `show`. */
export function show(e: unknown): string {
  return `${name(e)}: ${msg(e)}`;
}

/** A value as the prelude's `fmt` prints it: undefined and null are "none". */
export function fmt(value: unknown): string {
  return value === undefined || value === null ? 'none' : String(value);
}

/**
 * "result X" of what `call()` returns (awaited: the run methods return
 * Promises from step 12 on), or "raised Class: message" of what it throws.
 */
export async function settle(call: () => unknown): Promise<string> {
  try {
    return `result ${fmt(await call())}`;
  } catch (e) {
    return `raised ${show(e)}`;
  }
}

/** `settle` for a call that returns no Promise, where no `await` can be written: in a generator. */
export function settleNow(call: () => unknown): string {
  try {
    return `result ${fmt(call())}`;
  } catch (e) {
    return `raised ${show(e)}`;
  }
}

/** The same inside a coroutine: `yield* caught(task)` is the prelude's `await caught(task)`. */
export function* caught<Y, T>(aw: Iterable<Y, T, unknown>): Generator<Y, string, unknown> {
  try {
    return `result ${fmt(yield* aw)}`;
  } catch (e) {
    return `raised ${show(e)}`;
  }
}

/** The class name of what `call()` throws, or "ok", as the prelude's `attempt`. */
export function attempt(call: () => unknown): string {
  try {
    call();
    return 'ok';
  } catch (e) {
    return name(e);
  }
}

/**
 * Run `ticks` ticks: `stop()` then `runForever()` runs one, on both sides.
 * CPython's `test_utils.run_briefly(loop)`; the prelude's `run_briefly`.
 */
export async function runBriefly(
  loop: { stop(): void; runForever(): unknown },
  ticks = 1,
): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    loop.stop();
    await loop.runForever();
  }
}

/** A report's message up to "Exception in callback": asyncio describes the callback its own way. */
export function head(message: string): string {
  return message.replace(/^(Exception in callback) .*$/, '$1');
}

/**
 * Call `call` and pass what it throws to `onError`, or, when it returns a
 * Promise (the run methods from step 12 on), what the Promise rejects with:
 * one case then serves the steps whose run methods throw and those whose run
 * methods reject. The rejection arrives in a microtask, before the loop's next
 * tick, so trace what it reports from a later tick.
 */
export function refused(call: () => unknown, onError: (e: unknown) => void): void {
  try {
    const result = call();
    if (result instanceof Promise) result.catch(onError);
  } catch (e) {
    onError(e);
  }
}

/**
 * Run `body` with process.stderr captured, and return the first line of each
 * write: our default exception handler writes one report per call.
 */
export async function stderrReports(body: () => unknown): Promise<string[]> {
  const reports: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    reports.push(String(chunk).split('\n')[0] ?? '');
    return true;
  }) as typeof process.stderr.write;
  try {
    await body();
  } finally {
    process.stderr.write = write;
  }
  return reports;
}

/** Errors our halves throw where the Python halves raise these built-in classes. */
export class ValueError extends Error {
  override name = 'ValueError';
}
export class ZeroDivisionError extends Error {
  override name = 'ZeroDivisionError';
}
