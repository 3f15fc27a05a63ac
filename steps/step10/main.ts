/** Demo: cancel a sleeping task, let another refuse, cancel a gather, and time out with waitFor. */
import { CancelledError, Loop, TimeoutError, gather, sleep, waitFor, type Coro } from './index.ts';

function* worker(name: string, seconds: number): Coro<string> {
  try {
    console.log(`  ${name}: sleeping ${seconds} s`);
    yield* sleep(seconds);
    return `${name} finished`;
  } catch (e) {
    if (e instanceof CancelledError) console.log(`  ${name}: got CancelledError("${e.message}") at its yield`);
    throw e;
  } finally {
    console.log(`  ${name}: finally, cleaning up`);
  }
}

function* stubborn(): Coro<string> {
  try {
    yield* sleep(1);
  } catch {
    console.log('  stubborn: caught the cancellation and goes on');
  }
  yield* sleep(0.01);
  return 'stubborn finished anyway';
}

function* main(loop: Loop): Coro<void> {
  console.log('1. cancel a sleeping task:');
  const task = loop.createTask(worker('sleepy', 10));
  yield* sleep(0.01);
  console.log(`  task.cancel('shutting down') returns ${task.cancel('shutting down')}`);
  try {
    yield* task;
  } catch (e) {
    console.log(`  awaiting it throws ${(e as Error).name}; task.cancelled() is ${task.cancelled()}`);
  }

  console.log('2. a task may refuse:');
  const refuser = loop.createTask(stubborn());
  yield* sleep(0.01);
  refuser.cancel();
  console.log(`  result: ${yield* refuser}; cancelled() is ${refuser.cancelled()}`);

  console.log('3. cancelling a gather cancels its children:');
  const both = gather(worker('left', 10), worker('right', 10));
  yield* sleep(0.01);
  both.cancel();
  try {
    yield* both;
  } catch (e) {
    console.log(`  the gather throws ${(e as Error).name}`);
  }

  console.log('4. waitFor gives up after 50 ms, and waits for the cleanup:');
  try {
    yield* waitFor(worker('slowpoke', 10), 0.05);
  } catch (e) {
    if (e instanceof TimeoutError) console.log(`  ${e.name}: ${e.message}`);
  }
  console.log(`  in time: ${yield* waitFor(worker('quick', 0.01), 1)}`);
}

const loop = new Loop();
loop.runUntilComplete(main(loop));
