/**
 * The loop's own errors, each named so that a reader knows what went wrong.
 *
 * asyncio counterpart: `asyncio/exceptions.py`.
 */

/** An operation is not allowed in the future's current state. asyncio: `InvalidStateError`. */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}
