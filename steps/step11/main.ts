/** Demo: a producer and two consumers share a bounded queue; an Event starts them; a Lock guards a shared line. */
import { Event, Lock, Queue, getRunningLoop, run, sleep, type Coro } from './index.ts';

const queue = new Queue<string>(2);
const start = new Event();
const printer = new Lock();

/** Print under the lock: one coroutine at a time holds the printer. */
function* say(line: string): Coro<void> {
  yield* printer.acquire();
  try {
    console.log(line);
  } finally {
    printer.release();
  }
}

function* producer(): Coro<void> {
  yield* start.wait();
  for (const job of ['a', 'b', 'c', 'd', 'e']) {
    yield* queue.put(job);
    yield* say(`  put ${job}: ${queue.qsize()} in the queue${queue.full() ? ' (full: the next put waits)' : ''}`);
  }
}

/** A consumer whose work on each job takes `turns` turns of the loop (so the order never depends on the clock). */
function* consumer(name: string, turns: number): Coro<never> {
  yield* start.wait();
  for (;;) {
    const job = yield* queue.get();
    for (let turn = 0; turn < turns; turn++) yield* sleep(0);
    yield* say(`  ${name} did ${job}`);
    queue.taskDone();
  }
}

function* main(): Coro<string> {
  console.log('three coroutines wait for the start event');
  const loop = getRunningLoop();
  const workers = [producer(), consumer('ann', 2), consumer('bob', 3)].map((coro) => loop.createTask(coro));
  yield* sleep(0.01);
  console.log('start.set()');
  start.set();
  yield* sleep(0.01);
  yield* queue.join();
  console.log('queue.join() returned: every job is done');
  return `tasks still waiting for jobs: ${workers.filter((task) => !task.done()).length}`;
}

console.log(run(main()));
console.log('run() cancelled the consumers left waiting and closed its loop');
