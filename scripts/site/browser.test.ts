/**
 * The docs site in a real browser: builds the site into a temporary folder, serves
 * it with serve(), opens every page in Debian's Chromium (playwright-core) and checks
 * what a reader sees. Screenshots go to screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, STEPS, stepDir, type StepInfo } from '../shared/steps.ts';
import { buildSite, DEFAULT_SITE, isFresh } from './lib/site-build.ts';
import { serve, serverUrl } from './serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(ROOT, 'screenshots');

/** A page that records console errors, uncaught errors and failed requests. */
interface Watched {
  readonly page: Page;
  readonly problems: string[];
}

let browser: Browser;
let server: Server;
let base: string;
let top: string;

/** Open `path` of the site in a fresh page that records problems. */
async function open(path: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => void problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`)));
  await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  return { page, problems };
}

/** Every link of the page into the site must answer 200 (checked once per address). */
const checkedLinks = new Set<string>();
async function checkLinks(page: Page): Promise<void> {
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
  const inside = [...new Set(hrefs.map((h) => h.split('#')[0]!))].filter((h) => h.startsWith(base) && !checkedLinks.has(h));
  for (const href of inside) {
    const response = await fetch(href, { method: 'HEAD' });
    expect(response.status, `link ${href} on ${page.url()}`).toBe(200);
    checkedLinks.add(href);
  }
}

/** Close a page after checking that it logged no problem. */
async function finish({ page, problems }: Watched): Promise<void> {
  expect(problems).toEqual([]);
  await page.close();
}

/** The first line of a lesson's text a reader sees: its title without the '#'. */
function lessonTitle(step: StepInfo): string | null {
  const path = join(stepDir(step.number), 'README.md');
  if (!existsSync(path)) return null;
  const heading = /^#\s+(.+)$/m.exec(readFileSync(path, 'utf8'));
  return heading ? heading[1]!.replace(/[`*_]/g, '').trim() : null;
}

/** The first non-empty line of a step's recorded output, or what the page says while there is none. */
function firstOutputLine(step: StepInfo): string {
  const path = join(ROOT, 'docs/outputs', `${step.id}.txt`);
  if (!existsSync(path)) return 'npm run outputs';
  return readFileSync(path, 'utf8').split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`site.test.ts skipped: ${CHROMIUM} is missing; install it with: apt-get install -y chromium`);

describe.skipIf(!hasChromium)('the docs site in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    let site = DEFAULT_SITE.out;
    if (!isFresh(site)) {
      // Build into a folder of our own; `tsc` in `npm test` has type-checked the code already.
      // The pages folder stays inside the repository: TypeDoc globs documents from one root.
      mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
      top = mkdtempSync(join(ROOT, 'node_modules/.cache/loop-site-test-'));
      site = join(top, 'site');
      await buildSite({ out: site, pagesDir: join(top, 'pages'), verbose: false, extraArgs: ['--skipErrorChecking'] });
    }
    server = await serve(site, 0);
    base = serverUrl(server);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (top) rmSync(top, { recursive: true, force: true });
  });

  it('home page lists every step with a link and its size', async () => {
    const w = await open('index.html');
    await expect(w.page.locator('h1').first().textContent()).resolves.toContain('event loop');
    await expect(w.page.locator('.tsd-typography code', { hasText: 'npm install && npm start' }).count()).resolves.toBeGreaterThan(0);
    for (const step of STEPS) {
      const link = w.page.locator(`table a[href="documents/${step.id}.html"]`);
      await expect(link.count()).resolves.toBe(1);
    }
    await checkLinks(w.page);
    await w.page.screenshot({ path: join(SHOTS, 'home.png'), fullPage: true });
    await finish(w);
  });

  for (const [i, step] of STEPS.entries()) {
    it(`${step.id} shows its lesson, output, sources, API link, diff and neighbours`, async () => {
      const w = await open(`documents/${step.id}.html`);
      const content = w.page.locator('.col-content');
      const title = lessonTitle(step);
      if (title) await expect(content.locator('h1').first().textContent()).resolves.toContain(title);
      else await expect(content.textContent()).resolves.toContain('not written yet');
      await expect(content.locator('pre, em', { hasText: firstOutputLine(step) }).count()).resolves.toBeGreaterThan(0);
      await expect(content.locator('#source-files').count()).resolves.toBe(1);
      await expect(content.locator(`a[href*="modules/${step.id}.html"]`).count()).resolves.toBeGreaterThan(0);
      if (i === 0) {
        await expect(content.textContent()).resolves.toContain('no previous step');
      } else {
        await expect(content.locator('.loop-view-side-by-side .d2h-file-wrapper').first().isVisible()).resolves.toBe(true);
        await expect(content.locator('.d2h-ins, .d2h-del').count()).resolves.toBeGreaterThan(0);
      }
      const nav = w.page.locator('.loop-step-nav').first();
      const previous = STEPS[i - 1];
      const next = STEPS[i + 1];
      if (previous) await expect(nav.locator('a', { hasText: '←' }).getAttribute('href')).resolves.toBe(`${previous.id}.html`);
      if (next) await expect(nav.locator('a', { hasText: '→' }).getAttribute('href')).resolves.toBe(`${next.id}.html`);
      await checkLinks(w.page);
      await w.page.screenshot({ path: join(SHOTS, `${step.id}.png`) });
      await finish(w);
    });
  }

  it('previous/next links walk through the steps, and the diff view toggles', async () => {
    const w = await open(`documents/${STEPS[0]!.id}.html`);
    if (STEPS.length > 1) {
      await w.page.locator('.loop-step-nav a', { hasText: '→' }).first().click();
      await w.page.waitForURL(`**/documents/${STEPS[1]!.id}.html`);
      await w.page.locator('.loop-step-nav a', { hasText: '←' }).first().click();
      await w.page.waitForURL(`**/documents/${STEPS[0]!.id}.html`);
      await w.page.locator('.loop-step-nav a', { hasText: '→' }).first().click();
      await w.page.waitForURL(`**/documents/${STEPS[1]!.id}.html`);
      const diff = w.page.locator('#what-changed ~ .loop-diff, .loop-diff').first();
      await diff.scrollIntoViewIfNeeded();
      await w.page.locator('.loop-diff-toggle button[data-view="line-by-line"]').first().click();
      await expect(diff.locator('.loop-view-line-by-line .d2h-file-wrapper').first().isVisible()).resolves.toBe(true);
      await expect(diff.locator('.loop-view-side-by-side').first().isVisible()).resolves.toBe(false);
      await w.page.screenshot({ path: join(SHOTS, 'diff-unified.png') });
      await w.page.locator('.loop-diff-toggle button[data-view="side-by-side"]').first().click();
      await w.page.screenshot({ path: join(SHOTS, 'diff-side-by-side.png') });
      await w.page.emulateMedia({ colorScheme: 'dark' });
      await w.page.screenshot({ path: join(SHOTS, 'diff-dark.png') });
    }
    await finish(w);
  });

  it('the compare page shows the diff of any pair', async () => {
    const first = STEPS[0]!;
    const last = STEPS[STEPS.length - 1]!;
    const w = await open(`documents/compare.html#${first.number}-${last.number}`);
    await expect(w.page.locator('#loop-compare-command').textContent()).resolves.toContain(`npm run diff -- ${first.number} ${last.number}`);
    if (STEPS.length > 1) {
      await w.page.locator('#loop-compare-result .d2h-file-wrapper').first().waitFor();
      const middle = STEPS[Math.floor(STEPS.length / 2)]!;
      await w.page.selectOption('#loop-compare-a', String(middle.number));
      await w.page.waitForFunction(`location.hash.startsWith('#${middle.number}-')`);
      await expect(w.page.locator('#loop-compare-command').textContent()).resolves.toContain(`npm run diff -- ${middle.number} ${last.number}`);
      await w.page.locator('#loop-compare-result .d2h-file-wrapper').first().waitFor();
    }
    await w.page.screenshot({ path: join(SHOTS, 'compare.png') });
    await finish(w);
  });

  it('search finds a step page and an API name', async () => {
    const w = await open('index.html');
    await w.page.locator('#tsd-search-trigger').click();
    await w.page.locator('#tsd-search-input').fill('Loop');
    await w.page.locator('#tsd-search-results li').first().waitFor();
    await expect(w.page.locator('#tsd-search-results li').count()).resolves.toBeGreaterThan(0);
    await finish(w);
  });
});
