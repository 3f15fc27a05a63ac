/**
 * gather: run several awaitables at once and collect their results, in the
 * order they were given, whatever order they finish in.
 *
 * asyncio counterpart: `asyncio.gather` in `asyncio/tasks.py`.
 */
import { CancelledError } from './errors.ts';
import { Future } from './future.ts';
import { getRunningLoop, isThenable, type Loop } from './loop.ts';
import { ensureFuture, type Coro } from './task.ts';

/** An awaitable: a Future (a Task included), a coroutine or a Promise. */
export type Awaitable<T> = Future<T> | Coro<T> | PromiseLike<T>;

/** The result type of one awaitable. */
export type ResultOf<A> = A extends Coro<infer R> ? R : A extends PromiseLike<infer R> ? R : never;

/** The tuple of results of a tuple of awaitables. */
export type Results<A extends readonly unknown[]> = { -readonly [K in keyof A]: ResultOf<A[K]> };

/** The same, where each slot may hold the error its awaitable failed with. */
export type Settled<A extends readonly unknown[]> = { -readonly [K in keyof A]: ResultOf<A[K]> | Error };

export interface GatherOptions {
  /** Put errors in the results list instead of failing the gather at the first one. */
  returnExceptions?: boolean;
}

/**
 * The future gather returns. Cancelling it cancels the children still running;
 * once they are done it fails with CancelledError. asyncio: `_GatheringFuture`.
 */
export class GatheringFuture<T> extends Future<T> {
  /** Set when cancel() reached a child. */
  cancelRequested = false;
  /** The message that cancel() passed on, for the CancelledError the gather ends with. */
  cancelMsg: string | undefined;

  constructor(
    loop: Loop,
    private readonly children: readonly Future<unknown>[],
  ) {
    super(loop);
  }

  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let reached = false;
    for (const child of this.children) {
      if (child.cancel(msg)) reached = true;
    }
    if (reached) {
      this.cancelRequested = true;
      this.cancelMsg = msg;
    }
    return reached;
  }
}

/**
 * Run the awaitables concurrently; the returned future gets the list of their
 * results in argument order. The first failure fails the gather at once, unless
 * `{ returnExceptions: true }` is passed last. asyncio: `gather`.
 */
export function gather<A extends Awaitable<unknown>[]>(...aws: A): Future<Results<A>>;
export function gather<A extends Awaitable<unknown>[]>(...args: [...A, { returnExceptions: true }]): Future<Settled<A>>;
export function gather<A extends Awaitable<unknown>[]>(...args: [...A, GatherOptions]): Future<Results<A>>;
export function gather(...args: unknown[]): Future<unknown[]> {
  const last = args.at(-1);
  const options: GatherOptions = isOptions(last) ? (args.pop() as GatherOptions) : {};
  // Coroutines run on the loop of the futures before them, or on the running loop.
  // The same argument twice is one child: a coroutine can only be driven once.
  let loop: Loop | undefined;
  const childOf = new Map<unknown, Future<unknown>>();
  const children = args.map((aw, i) => {
    // Before ensureFuture, which would refuse it too, but could not say which argument it is.
    if (loop !== undefined && aw instanceof Future && aw.getLoop() !== loop) {
      const which = `argument ${i + 1}, ${aw},`;
      throw new Error(`gather: ${which} belongs to another event loop than the arguments before it`);
    }
    const child = childOf.get(aw) ?? ensureFuture(aw as Awaitable<unknown>, loop);
    childOf.set(aw, child);
    loop ??= child.getLoop();
    return child;
  });
  const outer = new GatheringFuture<unknown[]>(loop ?? getRunningLoop(), children);
  if (children.length === 0) outer.setResult([]);
  const unique = new Set(children);
  let finished = 0;
  const onChildDone = (child: Future<unknown>): void => {
    finished++;
    if (outer.done()) {
      if (!child.cancelled()) child.exception(); // the gather already failed: mark this error as seen
      return;
    }
    const failure = child.cancelled() ? outcome(child) : child.exception();
    if (!options.returnExceptions && failure !== undefined) {
      outer.setException(failure);
      return;
    }
    if (finished < unique.size) return;
    if (outer.cancelRequested) outer.setException(new CancelledError(outer.cancelMsg ?? 'cancelled'));
    else outer.setResult(children.map(outcome));
  };
  for (const child of unique) child.addDoneCallback(onChildDone);
  return outer;
}

/** What a done child puts in the results: its result, its error, or the CancelledError of a cancelled child. */
function outcome(child: Future<unknown>): unknown {
  try {
    const error = child.exception();
    return error !== undefined ? error : child.result();
  } catch (cancelled) {
    return cancelled; // exception() of a cancelled future throws its CancelledError
  }
}

/** The options object is the last argument when it is neither a Future nor a coroutine. */
function isOptions(value: unknown): value is GatherOptions {
  return typeof value === 'object' && value !== null && !(value instanceof Future) && !(Symbol.iterator in value) && !isThenable(value);
}
