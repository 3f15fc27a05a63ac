/**
 * Demo: an echo server and a client written with nothing but callbacks and
 * addReader/addWriter, on real TCP sockets on 127.0.0.1.
 */

import { Loop, TcpListener, TcpSocket } from './index.ts';

const loop = new Loop();
const listener = await TcpListener.listen('127.0.0.1', 0);

/** The server: accept whoever connects, then echo what they send, in capitals. */
function onConnection(): void {
  const conn = listener.accept();
  if (conn === null) return; // woken, but someone else took it: would block
  console.log('  server: accepted a connection');
  loop.addReader(conn, onData, conn);
}

function onData(conn: TcpSocket): void {
  const data = conn.recv(1024);
  if (data === null) return;
  if (data.length === 0) {
    console.log('  server: the client closed its side; closing ours');
    loop.removeReader(conn);
    conn.close();
    return;
  }
  console.log(`  server: got "${data}", echoing it`);
  conn.send(Buffer.from(data.toString().toUpperCase()));
}

/** The client: connect, send a greeting when writable, print the reply when readable. */
function client(message: string, then: () => void): void {
  const sock = TcpSocket.connect('127.0.0.1', listener.port);
  loop.addWriter(sock, function onConnected() {
    loop.removeWriter(sock);
    console.log(`  client: connected, sending "${message}"`);
    sock.send(Buffer.from(message));
    loop.addReader(sock, function onReply() {
      const reply = sock.recv(1024);
      if (reply === null) return;
      console.log(`  client: reply "${reply}"`);
      loop.removeReader(sock);
      sock.shutdownWrite();
      sock.close();
      then();
    });
  });
}

loop.addReader(listener, onConnection);
console.log(`watching ${loop.watchedSockets()} socket: the listener`);
client('hello, loop', () =>
  client('one more', () => {
    loop.removeReader(listener);
    listener.close();
    loop.callLater(0.05, () => loop.stop());
  }),
);
await loop.runForever();
console.log(`stopped; watching ${loop.watchedSockets()} sockets`);
