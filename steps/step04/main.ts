/** Demo: three coroutines sleep by yielding seconds; they interleave and finish in completion order. */
import { Loop, type Coro } from './index.ts';

const loop = new Loop();

/** A coroutine that naps `naps.length` times and returns a summary. */
function* napper(name: string, naps: number[]): Coro<string> {
  for (const seconds of naps) {
    console.log(`  ${name} sleeps ${seconds} s`);
    yield seconds;
  }
  console.log(`  ${name} is done`);
  return `${name} napped ${naps.reduce((a, b) => a + b, 0).toFixed(2)} s`;
}

const tasks = [
  loop.createTask(napper('slow', [0.3])),
  loop.createTask(napper('busy', [0.05, 0.05, 0.05])),
  loop.createTask(napper('mid', [0.2])),
];
console.log('three tasks created; none has started yet');

const finished: string[] = [];
/** Without futures, the only way to learn that a task is done is to look (step 05 fixes that). */
function poll(): void {
  for (const task of tasks) {
    if (task.done() && !finished.includes(task.result())) finished.push(task.result());
  }
  if (finished.length === tasks.length) loop.stop();
  else loop.callLater(0.01, poll);
}
loop.callSoon(poll);
loop.runForever();
console.log('results in completion order:');
for (const result of finished) console.log(`  ${result}`);
