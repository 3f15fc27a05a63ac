/** The static server serves the site folder and nothing outside it, tested over real HTTP. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, serverUrl } from './server.ts';

/** GET a raw path (sent as is, not normalised by a URL parser); resolves with status and body. */
function get(server: Server, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const { port } = new URL(serverUrl(server));
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve()', () => {
  let top: string;
  let server: Server;

  beforeAll(async () => {
    top = mkdtempSync(join(tmpdir(), 'serve-test-'));
    const site = join(top, 'site');
    mkdirSync(join(site, 'docs'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<h1>home</h1>');
    writeFileSync(join(site, 'docs', 'index.html'), '<h1>docs</h1>');
    writeFileSync(join(site, 'a b.txt'), 'spaced');
    writeFileSync(join(top, 'package.json'), '{"secret": true}');
    server = await serve(site, 0);
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(top, { recursive: true, force: true });
  });

  it('serves files, folders as index.html, and encoded names', async () => {
    expect(await get(server, '/')).toEqual({ status: 200, body: '<h1>home</h1>' });
    expect((await get(server, '/docs/')).body).toBe('<h1>docs</h1>');
    expect((await get(server, '/a%20b.txt?x=1')).body).toBe('spaced');
    expect((await get(server, '/missing.html')).status).toBe(404);
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(server, '/', 'HEAD')).status).toBe(200);
    expect((await get(server, '/', 'POST')).status).toBe(405);
  });

  const escapes = [
    '/../package.json',
    '/docs/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/..%2Fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/..\\package.json',
    '/%252e%252e/package.json',
    '/%252e%252e%252fpackage.json',
    '/..%252fpackage.json',
    '/%c0%ae%c0%ae/package.json',
    '/%00/../package.json',
    '//package.json/../../package.json',
  ];
  for (const path of escapes) {
    it(`refuses ${path}`, async () => {
      const { status, body } = await get(server, path);
      expect([400, 403, 404]).toContain(status);
      expect(body).not.toContain('secret');
    });
  }
});
