/** Demo: tasks wait on futures; a coroutine gets a result, or an error, back at its yield. */
import { Loop, type Coro, type Future } from './index.ts';

const loop = new Loop();

/** A future that a timer completes later: a stand-in for a network reply. */
function reply<T>(seconds: number, value: T): Future<T> {
  const future = loop.createFuture<T>();
  loop.callLater(seconds, () => future.setResult(value));
  return future;
}

function failure(seconds: number, message: string): Future<never> {
  const future = loop.createFuture<never>();
  loop.callLater(seconds, () => future.setException(new Error(message)));
  return future;
}

function* fetchUser(id: number, seconds: number): Coro<string> {
  console.log(`  fetchUser(${id}) waits ${seconds} s for its reply`);
  const name = (yield reply(seconds, `user-${id}`)) as string;
  console.log(`  fetchUser(${id}) woke up with ${name}`);
  return name;
}

function* main(): Coro<string[]> {
  const slow = loop.createTask(fetchUser(1, 0.2));
  const fast = loop.createTask(fetchUser(2, 0.1));
  console.log(`  main created ${slow} and ${fast}, and waits for the slow one first`);
  const names = [(yield slow) as string, (yield fast) as string];
  console.log(`  main has ${names.join(' and ')}; the fast one was already done`);
  try {
    yield failure(0.05, 'connection refused');
  } catch (e) {
    console.log(`  main caught, at its yield: ${(e as Error).message}`);
  }
  return names;
}

console.log('runUntilComplete(main()):');
const result = loop.runUntilComplete(main());
console.log(`result: ${JSON.stringify(result)}`);
