/**
 * A queue of callbacks: `callSoon` queues a function, `runOnce` runs one tick.
 * @module
 */
export { Loop } from './loop.ts';
