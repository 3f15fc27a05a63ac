/** Demo: timers fire in deadline order, ties in scheduling order, and the loop sleeps in between. */
import { Loop } from './index.ts';

const loop = new Loop();
const start = loop.time();

/** Print what fired and when it was due; a timer must never fire before its deadline. */
function fire(dueMs: number, what: string): void {
  const early = (loop.time() - start) * 1000 < dueMs;
  console.log(`  due at ${dueMs} ms: ${what}${early ? ' (EARLY!)' : ''}`);
}

loop.callLater(0.3, fire, 300, 'third');
loop.callLater(0.1, fire, 100, 'first');
loop.callLater(0.2, fire, 200, 'second, scheduled before the next one');
loop.callLater(0.2, fire, 200, 'second too, same deadline, scheduled after');
const cancelled = loop.callLater(0.15, fire, 150, 'never: this timer was cancelled');
loop.callSoon(fire, 0, 'a callSoon runs before any timer');
loop.callLater(0.35, () => loop.stop());
cancelled.cancel();
console.log(`cancelled ${cancelled}`);

const cpuBefore = process.cpuUsage();
loop.runForever();
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(`the loop waited 350 ms and used ${cpuMs < 100 ? 'less than 100 ms' : 'MORE than 100 ms'} of CPU: it slept`);
