/** Demo: native async functions and generator coroutines share one loop, await and yield* the same things. */
import { TimeoutError, gather, getRunningLoop, run, sleep, waitFor, type Coro } from './index.ts';

/** A native async function: it awaits our sleep() as if it were a Promise. */
async function download(name: string, seconds: number): Promise<string> {
  console.log(`  download(${name}) starts at once when called, until its first await`);
  await sleep(seconds);
  console.log(`  download(${name}) resumed after ${seconds * 1000} ms`);
  return `<${name}>`;
}

/** A generator coroutine, as in the steps before: it waits on a native promise through a task. */
function* parse(page: Promise<string>): Coro<string> {
  const loop = getRunningLoop();
  const text = yield* loop.createTask(page);
  yield* sleep(0.01);
  return `parsed ${text}`;
}

async function main(): Promise<string> {
  const loop = getRunningLoop();
  console.log('1. gather a native async function and a generator coroutine:');
  const [a, b] = await gather(download('a', 0.1), parse(download('b', 0.05)));
  console.log(`  gather gave ${a} and ${b}`);

  console.log('2. await a loop future that a timer completes:');
  const future = loop.createFuture<number>();
  loop.callLater(0.02, () => future.setResult(42));
  console.log(`  awaited future: ${await future}`);

  console.log('3. waitFor with a timeout, awaited natively:');
  try {
    await waitFor(download('slow', 10), 0.05);
  } catch (e) {
    if (e instanceof TimeoutError) console.log(`  ${e.name}: ${e.message}`);
  }

  console.log('4. a plain Promise from Node, awaited while the loop runs:');
  const fromNode = await new Promise<string>((resolve) => setTimeout(() => resolve('setTimeout fired'), 20));
  console.log(`  ${fromNode}`);
  return 'main is done';
}

console.log(`run(main) resolved: ${await run(main)}`);
