/** `npm run serve`: serve the built site/ on 127.0.0.1, port 8080 or the next free one (or PORT). */
import { DEFAULT_SITE } from './site/build.ts';
import { serveOnFreePort, serverUrl, wantedPort } from './site/server.ts';

const server = await serveOnFreePort(DEFAULT_SITE.out, wantedPort());
console.log(`Serving site/ at ${serverUrl(server)}  (Ctrl+C to stop; restart after a rebuild)`);
