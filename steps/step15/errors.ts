/**
 * The loop's own errors, each named so that a reader knows what went wrong.
 *
 * asyncio counterpart: `asyncio/exceptions.py`.
 */

/** An operation is not allowed in the future's current state. asyncio: `InvalidStateError`. */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/**
 * Thrown into a coroutine at its yield point when its task is cancelled, and by
 * result() of a cancelled future. asyncio: `CancelledError`.
 */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** An operation did not finish before its deadline. asyncio: `TimeoutError`. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** A connection could not be made, or broke. asyncio: `ConnectionError` and its subclasses. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

/** The stream ended before the expected number of bytes arrived. asyncio: `IncompleteReadError`. */
export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';

  constructor(
    /** What did arrive before the end of the stream. */
    readonly partial: Buffer,
    readonly expected: number,
  ) {
    super(`${partial.length} bytes read on a total of ${expected} expected bytes`);
  }
}

/** A line did not end within the reader's limit. asyncio: `LimitOverrunError`. */
export class LimitOverrunError extends Error {
  override name = 'LimitOverrunError';
}
