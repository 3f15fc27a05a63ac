/**
 * The static server for the built site: sirv (the server behind Vite's preview),
 * on 127.0.0.1. sirv lists the folder's files when it starts and serves only
 * those, so no request path, however encoded, reaches outside the folder; other
 * paths get 404, and methods other than GET and HEAD get 405.
 */
import { createServer, type Server } from 'node:http';
import sirv from 'sirv';

/** Serve folder `dir` on 127.0.0.1:`port` (0 picks a free port); resolves once listening. */
export function serve(dir: string, port: number): Promise<Server> {
  const files = sirv(dir, { etag: true, dotfiles: false });
  const server = createServer((req, res) => {
    if (req.method === 'GET' || req.method === 'HEAD') files(req, res);
    else res.writeHead(405, { allow: 'GET, HEAD' }).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Serve on `first` or, if it is taken, the next free port (up to `tries` ports). */
export async function serveOnFreePort(dir: string, first: number, tries = 50): Promise<Server> {
  for (let port = first; ; port++) {
    try {
      return await serve(dir, port);
    } catch (error) {
      const taken = error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
      if (!taken || port >= first + tries - 1) throw error;
    }
  }
}

/** The address a listening server can be opened at. */
export function serverUrl(server: Server): string {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return `http://127.0.0.1:${port}/`;
}

/** The port asked for in PORT, or 8080. */
export function wantedPort(): number {
  const port = Number(process.env.PORT ?? '8080');
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
}
