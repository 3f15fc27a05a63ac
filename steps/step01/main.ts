/** Demo: three callbacks, one of which schedules more, run tick by tick. */
import { Loop } from './index.ts';

const loop = new Loop();

function greet(name: string): void {
  console.log(`  hello, ${name}`);
}

function countdown(n: number): void {
  console.log(`  countdown ${n}`);
  if (n > 0) loop.callSoon(countdown, n - 1);
  else loop.stop();
}

loop.callSoon(greet, 'Ada');
loop.callSoon(countdown, 2);
loop.callSoon(greet, 'Grace');

console.log('tick 1 runs what was queued before it began:');
loop.runOnce();
console.log('tick 2 runs what tick 1 scheduled:');
loop.runOnce();
console.log('runForever() runs ticks until a callback calls stop():');
loop.runForever();
console.log(`done; the loop is running: ${loop.isRunning()}`);
