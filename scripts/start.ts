/**
 * `npm start`: build the docs site (regenerating diffs and outputs first), then
 * serve site/ on 127.0.0.1, port 8080 or the next free one (PORT chooses).
 */
import { docs } from './build-site.ts';
import { DEFAULT_SITE } from './site/build.ts';
import { serveOnFreePort, serverUrl, wantedPort } from './site/server.ts';

await docs();
const server = await serveOnFreePort(DEFAULT_SITE.out, wantedPort());
console.log(`\nThe site is ready: ${serverUrl(server)}  (Ctrl+C to stop)`);
