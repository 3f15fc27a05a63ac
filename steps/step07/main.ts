/** Demo: coroutines call coroutines with yield* and get typed results back; sleep() and getRunningLoop(). */
import { Loop, getRunningLoop, sleep, type Coro } from './index.ts';

/** A coroutine that "computes" slowly: it sleeps, then returns a number. */
function* add(a: number, b: number): Coro<number> {
  yield* sleep(0.05);
  return a + b;
}

function* greet(name: string): Coro<string> {
  return yield* sleep(0.02, `hello, ${name}`);
}

function* main(): Coro<string> {
  const loop = getRunningLoop();
  const start = loop.time();
  const three: number = yield* add(1, 2);
  console.log(`  add(1, 2) returned ${three}`);
  const thirteen = yield* add(three, 10);
  console.log(`  add(${three}, 10) returned ${thirteen}`);
  const greeting = yield* greet('Ada');
  console.log(`  greet('Ada') returned "${greeting}"`);
  const task = loop.createTask(add(100, 1));
  const fromTask = yield* task;
  console.log(`  a task can be delegated to as well: ${fromTask}`);
  const elapsed = loop.time() - start;
  console.log(`  four sleeps in a row took ${elapsed >= 0.17 ? 'at least' : 'LESS than'} 170 ms`);
  return `${three}, ${thirteen}, ${greeting}`;
}

const loop = new Loop();
console.log('runUntilComplete(main()):');
console.log(`result: ${loop.runUntilComplete(main())}`);
try {
  getRunningLoop();
} catch (e) {
  console.log(`outside the loop, getRunningLoop() throws: ${(e as Error).message}`);
}
