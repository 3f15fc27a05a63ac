/**
 * `npm run serve`: a tiny static server for the built site. It serves files inside
 * one folder only: any path that decodes to something outside it (`..`, encoded
 * dots or slashes, backslashes, symlinks out) gets 403 or 404.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../shared/steps.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.diff': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/** The file a request path names inside `root` (a real path), or a status code to answer with. */
export function resolveRequest(root: string, rawUrl: string): string | 403 | 400 | 404 {
  const rawPath = rawUrl.split(/[?#]/)[0] ?? '';
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return 400;
  }
  // Anything that could climb out after decoding is refused outright, not normalised away.
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return 403;
  let file = join(root, path);
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    file = realpathSync(file);
  } catch {
    return 404;
  }
  if (file !== root && !file.startsWith(root + sep)) return 403;
  return statSync(file).isFile() ? file : 404;
}

/** Answer one request: the file, or a short status page. */
function handle(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const target = resolveRequest(root, req.url ?? '/');
  if (typeof target === 'number') {
    res.writeHead(target, { 'content-type': 'text/plain; charset=utf-8' }).end(`${target}\n`);
    return;
  }
  const type = TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  if (req.method === 'HEAD') res.end();
  else createReadStream(target).pipe(res);
}

/** Serve folder `dir` on 127.0.0.1:`port` (0 picks a free port); resolves once listening. */
export function serve(dir: string, port: number): Promise<Server> {
  const root = realpathSync(resolve(dir));
  const server = createServer((req, res) => handle(root, req, res));
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise(server);
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
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  return port;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await serveOnFreePort(join(ROOT, 'site'), wantedPort());
  console.log(`Serving site/ at ${serverUrl(server)}  (Ctrl+C to stop)`);
}
