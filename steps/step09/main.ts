/** Demo: gather keeps argument order and fails fast; wait returns on the first result or a timeout. */
import { FIRST_COMPLETED, Loop, gather, sleep, wait, type Coro } from './index.ts';

function* fetch(name: string, seconds: number): Coro<string> {
  yield* sleep(seconds);
  console.log(`  ${name} arrived after ${seconds * 1000} ms`);
  return `<${name}>`;
}

function* broken(seconds: number): Coro<never> {
  yield* sleep(seconds);
  throw new Error('404 not found');
}

function* gathering(): Coro<void> {
  console.log('gather(a 300 ms, b 100 ms, c 200 ms):');
  const [a, b, c] = yield* gather(fetch('a', 0.3), fetch('b', 0.1), fetch('c', 0.2));
  console.log(`  results in argument order: ${a} ${b} ${c}`);

  console.log('gather(d, broken, { returnExceptions: true }):');
  const settled = yield* gather(fetch('d', 0.05), broken(0.02), { returnExceptions: true });
  console.log(`  ${settled.map((r) => (r instanceof Error ? `Error(${r.message})` : r)).join(', ')}`);

  console.log('gather(e, broken): the first error fails the gather at once:');
  try {
    yield* gather(fetch('e', 0.1), broken(0.02));
  } catch (e) {
    console.log(`  caught ${(e as Error).message}; e is still running`);
  }
  yield* sleep(0.1);
}

function* racing(loop: Loop): Coro<void> {
  const tasks = [loop.createTask(fetch('slow', 0.3)), loop.createTask(fetch('quick', 0.05))];
  console.log('wait([slow, quick], FIRST_COMPLETED):');
  const first = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
  console.log(`  done: ${[...first.done].map((t) => t.result()).join()}; pending: ${first.pending.size}`);
  console.log('wait(pending, { timeout: 0.1 }):');
  const late = yield* wait(first.pending, { timeout: 0.1 });
  console.log(`  done: ${late.done.size}; pending: ${late.pending.size}; a timeout is not an error`);
  const all = yield* wait(late.pending);
  console.log(`  ALL_COMPLETED: done ${all.done.size}, pending ${all.pending.size}`);
}

const loop = new Loop();
loop.runUntilComplete(gathering());
loop.runUntilComplete(racing(loop));
