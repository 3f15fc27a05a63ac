/**
 * Demo: a small HTTP server and a client that fetches several documents at
 * once, both written with streams, on real TCP sockets on 127.0.0.1.
 */
import { gather, getRunningLoop, openConnection, run, sleep, startServer, type Coro, type StreamReader, type StreamWriter } from './index.ts';

/** The documents the server knows, and how long each takes to "generate". */
const DOCUMENTS: Record<string, { seconds: number; body: string }> = {
  '/': { seconds: 0.4, body: 'Welcome to the loop.\n' },
  '/timers': { seconds: 0.2, body: 'Timers live in a heap, soonest first.\n' },
  '/tasks': { seconds: 0.6, body: 'A task drives a coroutine from one future to the next.\n' },
  '/missing': { seconds: 0.1, body: 'Not found.\n' },
};

/** Serve one request: read the request line and headers, answer, close. */
function* serveHttp(reader: StreamReader, writer: StreamWriter): Coro<void> {
  const [, path = '/'] = (yield* reader.readline()).toString().split(' ');
  for (let line = yield* reader.readline(); line.length > 2; line = yield* reader.readline()); // skip the headers
  const doc = DOCUMENTS[path];
  yield* sleep(doc?.seconds ?? 0);
  const status = doc === undefined || path === '/missing' ? '404 Not Found' : '200 OK';
  const body = Buffer.from(doc?.body ?? 'Not found.\n');
  writer.write(`HTTP/1.1 ${status}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
  writer.write(body);
  yield* writer.drain();
  writer.close();
}

/** Fetch one document: the status line, the headers, then exactly Content-Length bytes. */
function* fetch(port: number, path: string): Coro<string> {
  const [reader, writer] = yield* openConnection('127.0.0.1', port);
  try {
    writer.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    yield* writer.drain();
    const status = (yield* reader.readline()).toString().trim();
    let length = 0;
    // Headers end at an empty line ("\r\n"), or at the end of the stream ("").
    for (let line = (yield* reader.readline()).toString(); line.length > 2; line = (yield* reader.readline()).toString()) {
      const [name, value] = line.split(':');
      if (name?.toLowerCase() === 'content-length') length = Number(value);
    }
    const body = (yield* reader.readExactly(length)).toString().trim();
    return `${path.padEnd(9)} ${status.padEnd(22)} ${body}`;
  } finally {
    writer.close(); // on success, on an error, and on a cancel alike
  }
}

function* main(): Coro<void> {
  const loop = getRunningLoop();
  const server = yield* startServer(serveHttp, '127.0.0.1', 0);
  console.log('the server listens on 127.0.0.1 (a free port); fetching 4 documents at once:');
  const start = loop.time();
  const pages = yield* gather(...Object.keys(DOCUMENTS).map((path) => fetch(server.port, path)));
  const elapsed = loop.time() - start;
  for (const page of pages) console.log(`  ${page}`);
  console.log(`they took ${elapsed < 1 ? 'about as long as the slowest one (600 ms)' : 'MORE than 1 s'}, not the sum (1.3 s)`);
  server.close();
}

await run(main);
