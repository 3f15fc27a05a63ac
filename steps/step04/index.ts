/**
 * Generators as coroutines: a Task resumes a generator, which yields the seconds it wants to sleep.
 * @module
 */
export { Loop, type ErrorContext, type ExceptionHandler } from './loop.ts';
export { Handle, TimerHandle } from './handle.ts';
export { Task, type Coro } from './task.ts';
