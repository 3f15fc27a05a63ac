/** Demo: a future resolved by a timer wakes its callbacks; runUntilComplete returns its result or throws its error. */
import { InvalidStateError, Loop, type Future } from './index.ts';

const loop = new Loop();

const answer = loop.createFuture<number>();
answer.addDoneCallback((f) => console.log(`  callback 1 sees ${f}`));
answer.addDoneCallback((f) => console.log(`  callback 2 sees result ${f.result()}`));
loop.callLater(0.1, () => {
  console.log('  the timer sets the result');
  answer.setResult(42);
  console.log(`  right after setResult, ${answer}; its callbacks wait for the next tick`);
});

console.log(`created ${answer}`);
try {
  answer.result();
} catch (e) {
  console.log(`result() of a pending future throws ${(e as Error).name}: ${(e as Error).message}`);
}
console.log('runUntilComplete(answer):');
console.log(`runUntilComplete returned ${loop.runUntilComplete(answer)}`);

try {
  answer.setResult(7);
} catch (e) {
  if (e instanceof InvalidStateError) console.log(`setResult twice throws ${e.name}: ${e.message}`);
}

const broken: Future<string> = loop.createFuture<string>();
loop.callSoon(() => broken.setException(new Error('the server said no')));
try {
  loop.runUntilComplete(broken);
} catch (e) {
  console.log(`runUntilComplete(broken) throws the future's error: ${(e as Error).message}`);
}
