/**
 * Handles: `callSoon` returns a cancellable Handle, and an error in a callback no longer kills the loop.
 * @module
 */
export { Loop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle } from './handle.ts';
