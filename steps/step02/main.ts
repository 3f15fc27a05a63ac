/** Demo: a cancelled handle is skipped, and a failing callback does not stop the loop. */
import { Loop } from './index.ts';

const loop = new Loop();

function greet(name: string): void {
  console.log(`  hello, ${name}`);
}

function fail(what: string): void {
  throw new Error(`${what} went wrong`);
}

loop.setExceptionHandler((_loop, context) => {
  console.log(`  exception handler: ${context.message}: ${(context.exception as Error).message}`);
});

const ada = loop.callSoon(greet, 'Ada');
const grace = loop.callSoon(greet, 'Grace');
loop.callSoon(fail, 'step two');
loop.callSoon(greet, 'Linus');
loop.callSoon(() => loop.stop());

console.log(`scheduled ${ada} and ${grace}`);
grace.cancel();
console.log(`after grace.cancel(): ${grace}`);
console.log('runForever():');
loop.runForever();
console.log('the loop survived the error and stopped when asked');

try {
  loop.callSoon('greet' as unknown as () => void);
} catch (e) {
  console.log(`callSoon('greet') throws ${(e as Error).name}: ${(e as Error).message}`);
}
