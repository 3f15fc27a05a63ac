/** Demo: an error travels up a yield* chain through finally blocks; a forgotten failure is still reported. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Loop, sleep, type Coro, type Future } from './index.ts';

function* readDisk(): Coro<string> {
  yield* sleep(0.01);
  throw new Error('disk full');
}

function* loadConfig(): Coro<string> {
  try {
    return yield* readDisk();
  } finally {
    console.log('  loadConfig: finally runs as the error passes through');
  }
}

function* main(): Coro<string> {
  try {
    return yield* loadConfig();
  } catch (e) {
    console.log(`  main: caught "${(e as Error).message}", thrown in readDisk and rethrown at each yield* on the way up`);
    return 'defaults';
  }
}

function* forgetfulYield(): Coro<void> {
  yield sleep(0.01) as unknown as Future<unknown>; // a slip: yield instead of yield*
}

const loop = new Loop();
loop.setExceptionHandler((_loop, context) => console.log(`  exception handler: ${context.message}`));

console.log('1. errors travel up the chain:');
console.log(`  main() returned "${loop.runUntilComplete(main())}"`);

console.log('2. a failed task keeps its error until someone asks:');
const failed = loop.createTask(readDisk());
loop.runUntilComplete(sleep(0.05));
console.log(`  ${failed}`);
console.log(`  failed.exception(): ${(failed.exception() as Error).message}`);

console.log('3. yielding something that is not a Future fails the task:');
try {
  loop.runUntilComplete(forgetfulYield());
} catch (e) {
  console.log(`  ${(e as Error).message}`);
}

console.log('4. a failure nobody retrieves is reported once the task is garbage collected:');
function forget(): void {
  loop.createTask(readDisk());
}
forget();
loop.runUntilComplete(sleep(0.05));
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
for (let round = 0; round < 10; round++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
