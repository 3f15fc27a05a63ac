/** Demo: an echo server with sock* coroutines, and many clients at once, on real TCP sockets on 127.0.0.1. */
import { gather, getRunningLoop, run, sockAccept, sockConnect, sockListen, sockRecv, sockSendall, type Coro, type TcpSocket } from './index.ts';

const CLIENTS = 50;
const MESSAGES = 20;

/** Echo whatever arrives until the client closes its side. */
function* echo(conn: TcpSocket): Coro<number> {
  let bytes = 0;
  for (;;) {
    const data = yield* sockRecv(conn, 64 * 1024);
    if (data.length === 0) break;
    bytes += data.length;
    yield* sockSendall(conn, data);
  }
  conn.close();
  return bytes;
}

/** Send numbered lines and check that each comes back whole. */
function* client(id: number, port: number): Coro<number> {
  const sock = yield* sockConnect('127.0.0.1', port);
  let ok = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const line = `client ${id} message ${i}\n`;
    yield* sockSendall(sock, line);
    let reply = '';
    while (reply.length < line.length) reply += (yield* sockRecv(sock, 1024)).toString();
    if (reply === line) ok++;
  }
  sock.close();
  return ok;
}

function* main(): Coro<void> {
  const loop = getRunningLoop();
  const listener = yield* sockListen('127.0.0.1', 0);
  let served = 0;
  const server = loop.createTask(
    (function* accept(): Coro<never> {
      for (;;) {
        const conn = yield* sockAccept(listener);
        served++;
        loop.createTask(echo(conn));
      }
    })(),
  );
  console.log(`${CLIENTS} clients connect at once and send ${MESSAGES} lines each`);
  const results = yield* gather(...Array.from({ length: CLIENTS }, (_, id) => client(id, listener.port)));
  const ok = results.reduce((a, b) => a + b, 0);
  console.log(`the server accepted ${served} connections`);
  console.log(`${ok} of ${CLIENTS * MESSAGES} lines came back intact`);
  console.log('one task per connection, all on one thread');
  server.cancel();
  listener.close();
}

await run(main);
