/**
 * The docs site in a real browser: builds the site into a temporary folder (unless
 * site/ is fresh), serves it, and opens it in Debian's Chromium (playwright-core)
 * at a desktop size and a phone size, checking what a reader sees. Screenshots of
 * a few pages, and of any failure, go to screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, STEPS, type StepInfo } from '../../shared/steps.ts';
import { diffSteps, stepFiles } from '../diffs/file-diffs.ts';
import { buildSite, DEFAULT_SITE, isFresh } from './build.ts';
import { serve, serverUrl } from './server.ts';
import { diffAnchor } from './step-page.ts';
import { expectedPanels, shownPanels, walkViewer } from '../ticks/viewer-check.ts';
import { readRecording } from '../ticks/viewer-html.ts';

/** The page's globals, as the checks that run inside it use them (tsconfig.json has no DOM types). */
declare const document: {
  readonly documentElement: { readonly scrollWidth: number };
  getElementById(id: string): unknown;
  querySelector(selector: string): { getBoundingClientRect(): { top: number } } | null;
};
declare const window: { readonly innerWidth: number; readonly scrollY: number };

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const SHOTS = join(ROOT, 'screenshots');
const DESKTOP = { width: 1400, height: 900 } as const;
const PHONE = { width: 390, height: 844 } as const;
type Size = typeof DESKTOP | typeof PHONE;

/** Time for one test: a page or two in Chromium, on a busy two-core machine. */
const PAGE_TIME = 60_000;

/** Steps whose pages are photographed at both sizes, whatever happens. */
const PHOTOGRAPHED = new Set([6, 15]);

/** What a reader types, and the step page that must be among the first three results. */
const SEARCHES: ReadonlyArray<readonly [string, number]> = [
  ['gather', 9],
  ['callLater', 3],
  ['cancel', 10],
  ['selector', 13],
  ['tick', 1],
  ['streams', 15],
];

let browser: Browser;
let server: Server;
let base: string;
let top: string | undefined;

/** A page that records console errors, uncaught errors and failed requests. */
interface Watched {
  readonly page: Page;
  readonly problems: string[];
}

/** Open `path` of the site at `size` in a fresh page that records problems. */
async function open(path: string, size: Size): Promise<Watched> {
  const page = await browser.newPage({ viewport: size });
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => void problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`)));
  await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  // TypeDoc hides the body until its script has set the page up (and scrolled it).
  await page.waitForFunction("document.body.style.display !== 'none'");
  return { page, problems };
}

/** Run `check` on a page, photograph it when the check fails, and close it. */
async function visit(path: string, size: Size, shot: string, check: (p: Page) => Promise<void>): Promise<void> {
  const { page, problems } = await open(path, size);
  try {
    await check(page);
    expect(problems).toEqual([]);
  } catch (error) {
    await page.screenshot({ path: join(SHOTS, `FAILED-${shot}.png`) });
    throw error;
  } finally {
    await page.close();
  }
}

/** Every link of the page into the site must answer 200 (checked once per address). */
const checkedLinks = new Set<string>();
async function checkLinks(page: Page): Promise<void> {
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as { href: string }).href));
  const pages = new Set(hrefs.map((h) => h.split('#')[0]!));
  const inside = [...pages].filter((h) => h.startsWith(base) && !checkedLinks.has(h));
  for (const href of inside) {
    expect((await fetch(href, { method: 'HEAD' })).status, `link ${href} on ${page.url()}`).toBe(200);
    checkedLinks.add(href);
  }
}

/** In-page links (#x) whose target is missing. */
function brokenAnchors(page: Page, scope: string): Promise<string[]> {
  return page.locator(`${scope} a[href^="#"]`).evaluateAll((as) =>
    as
      .map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1)))
      .filter((id) => id !== '' && !document.getElementById(id)),
  );
}

/** How much wider than the viewport the page is (0 when it fits). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Diff boxes whose content is wider than the box: code hidden behind a sideways scroll. */
function hiddenOverflow(page: Page): Promise<string[]> {
  return page.locator('.loop-diff, .loop-diff-file, .loop-diff-table').evaluateAll((boxes) =>
    boxes.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => `${b.className} ${b.id}`.trim()),
  );
}

/** The page's top position of each selector, in document order. */
function tops(page: Page, selectors: readonly string[]): Promise<number[]> {
  return page.evaluate(
    (list) => list.map((s) => (document.querySelector(s)?.getBoundingClientRect().top ?? NaN) + window.scrollY),
    [...selectors],
  );
}

/** A lesson's title, as its first heading reads on the page. */
function lessonTitle(step: StepInfo): string {
  const lesson = readFileSync(join(ROOT, 'steps', step.id, 'README.md'), 'utf8');
  return /^#\s+(.+)$/m.exec(lesson)![1]!.replace(/[`*_]/g, '').trim();
}

/** The first non-empty line of a step's recorded output. */
function firstOutputLine(step: StepInfo): string {
  const output = readFileSync(join(ROOT, 'docs/outputs', `${step.id}.txt`), 'utf8');
  return output.split('\n').find((l) => l.trim() !== '')!.trim();
}

/** What a reader sees on a step page at 1400 px: order, diff, sources, links. */
async function checkStepDesktop(page: Page, step: StepInfo, i: number): Promise<void> {
  const content = page.locator('.col-content');
  await expect(content.locator('h1').first().textContent()).resolves.toContain(lessonTitle(step));
  const order = await tops(page, ['.col-content h1', '#what-changed', '#source-files']);
  expect(order.every(Number.isFinite), 'a lesson, #what-changed and #source-files').toBe(true);
  expect(order, 'the lesson, then what changed, then the sources').toEqual([...order].sort((a, b) => a - b));
  await expect(content.locator('pre', { hasText: firstOutputLine(step) }).count()).resolves.toBeGreaterThan(0);
  await expect(content.locator(`a[href*="modules/${step.id}.html"]`).count()).resolves.toBeGreaterThan(0);
  const previous = STEPS[i - 1];
  const changes = previous ? diffSteps(previous.number, step.number) : [];
  const folds = content.locator('details.loop-source');
  const opened = await folds.evaluateAll((ds) => ds.map((d) => (d as { open: boolean }).open));
  const changed = (file: string): boolean => !previous || changes.some((d) => d.file === file);
  expect(opened, 'open sources: the files this step changes').toEqual(stepFiles(step.number).map(changed));
  if (previous) {
    const drawn = await content.locator('.loop-diff-file').evaluateAll((fs) => fs.map((f) => f.id));
    expect(drawn).toEqual(changes.map((d) => diffAnchor(d.file)));
    await expect(content.locator('.loop-diff-files a').count()).resolves.toBe(changes.length);
    await expect(content.locator('.loop-code [class^="c"]').count()).resolves.toBeGreaterThan(0);
  }
  expect(await hiddenOverflow(page)).toEqual([]);
  expect(await brokenAnchors(page, '.col-content')).toEqual([]);
  const nav = page.locator('.loop-step-nav').first();
  const next = STEPS[i + 1];
  const href = (arrow: string): Promise<string | null> => nav.locator('a', { hasText: arrow }).getAttribute('href');
  if (previous) await expect(href('←')).resolves.toBe(`${previous.id}.html`);
  if (next) await expect(href('→')).resolves.toBe(`${next.id}.html`);
  await checkLinks(page);
}

/** Photograph the top of a page and its diff. */
async function photograph(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const diff = page.locator('.loop-diff-file').first();
  if ((await diff.count()) > 0) {
    await page.locator('#what-changed').evaluate((h) => h.scrollIntoView({ behavior: 'instant' }));
    // The on-this-page menu steps aside while a diff is on screen (a 0.2 s fade).
    await page.waitForFunction("document.documentElement.classList.contains('loop-diff-on-screen')");
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `${name}-diff.png`) });
  }
}

/** The first three results TypeDoc's search box lists for `query`. */
async function searchResults(page: Page, query: string): Promise<string[]> {
  const input = page.locator('#tsd-search-input');
  const results = page.locator('#tsd-search-results li');
  if (!(await input.isVisible())) await page.locator('#tsd-search-trigger').click();
  await input.fill('');
  await expect.poll(() => results.count()).toBe(0);
  await input.fill(query);
  await results.first().waitFor();
  return (await results.allTextContents()).slice(0, 3).map((t) => t.trim());
}

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser.test.ts skipped: no ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('the docs site in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    let site = DEFAULT_SITE.out;
    if (!isFresh(site)) {
      // Our own folder; `npm test` type-checks before, so TypeDoc need not check again.
      // The pages folder stays inside the repository: TypeDoc globs documents from one root.
      mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
      top = mkdtempSync(join(ROOT, 'node_modules/.cache/loop-site-test-'));
      site = join(top, 'site');
      const pagesDir = join(top, 'pages');
      await buildSite({ out: site, pagesDir, verbose: false, extraArgs: ['--skipErrorChecking'] });
    }
    server = await serve(site, 0);
    base = serverUrl(server);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (top) rmSync(top, { recursive: true, force: true });
  });

  for (const [i, step] of STEPS.entries()) {
    it(`${step.id}: the lesson, then the diff at full width, then the sources; fits a phone`, async () => {
      await visit(`documents/${step.id}.html`, DESKTOP, step.id, async (page) => {
        await checkStepDesktop(page, step, i);
        if (PHOTOGRAPHED.has(step.number)) await photograph(page, `${step.id}-1400`);
        // The same page on a phone: a resize redraws the diffs as a fresh load would draw them.
        await page.setViewportSize(PHONE);
        const files = page.locator('.loop-diff-file');
        const views = (): Promise<Array<string | null>> =>
          files.evaluateAll((fs) => fs.map((f) => f.getAttribute('data-view')));
        await expect.poll(async () => (await views()).every((v) => v === 'unified')).toBe(true);
        expect(await sidewaysOverflow(page), 'page wider than a phone').toBe(0);
        if (PHOTOGRAPHED.has(step.number)) await photograph(page, `${step.id}-390`);
      });
    }, PAGE_TIME);
  }

  for (const step of STEPS) {
    it(`${step.id}: the tick viewer replays every tick of the recording; keys; a phone`, async () => {
      const file = readRecording(step);
      expect(file, `docs/ticks/${step.id}.json: run npm run ticks`).not.toBeNull();
      const want = expectedPanels(file!);
      await visit(`documents/${step.id}.html`, DESKTOP, `${step.id}-ticks`, async (page) => {
        const viewer = page.locator('[data-tick-viewer]');
        await viewer.evaluate((v) => v.scrollIntoView({ behavior: 'instant' }));
        await walkViewer(page, file!);
        await page.keyboard.press('ArrowLeft');
        expect(await shownPanels(page)).toEqual(want.at(-2) ?? want[0]);
        await page.keyboard.press('ArrowRight');
        expect(await shownPanels(page)).toEqual(want.at(-1));
        if (PHOTOGRAPHED.has(step.number)) {
          await page.locator('[data-tick-slider]').fill('3');
          await viewer.screenshot({ path: join(SHOTS, `${step.id}-ticks-1400.png`) });
        }
        await page.setViewportSize(PHONE);
        expect(await sidewaysOverflow(page), 'page wider than a phone').toBe(0);
        const [ready, output] = await tops(page, ['[data-tick-panel="ready"]', '[data-tick-panel="timers"]']);
        expect(ready!, 'the panels stack on a phone').toBeLessThan(output!);
        if (PHOTOGRAPHED.has(step.number)) await viewer.screenshot({ path: join(SHOTS, `${step.id}-ticks-390.png`) });
      });
    }, PAGE_TIME);
  }

  it('the asyncio page has a table per CPython module, links its differences, and fits a phone', async () => {
    await visit('documents/asyncio.html', DESKTOP, 'asyncio-1400', async (page) => {
      await expect(page.locator('.col-content table').count()).resolves.toBeGreaterThan(5);
      await expect(page.locator('.col-content td a[href*="step"]').count()).resolves.toBeGreaterThan(0);
      await checkLinks(page);
      await page.screenshot({ path: join(SHOTS, 'asyncio-1400.png') });
    });
    await visit('documents/asyncio.html', PHONE, 'asyncio-390', async (page) => {
      expect(await sidewaysOverflow(page), 'page wider than a phone').toBe(0);
    });
  }, PAGE_TIME);

  it('the home page lists every step, and fits a phone', async () => {
    await visit('index.html', DESKTOP, 'home-1400', async (page) => {
      for (const step of STEPS) {
        await expect(page.locator(`table a[href="documents/${step.id}.html"]`).count()).resolves.toBe(1);
      }
      await checkLinks(page);
      await page.screenshot({ path: join(SHOTS, 'home-1400.png') });
    });
    await visit('index.html', PHONE, 'home-390', async (page) => {
      expect(await sidewaysOverflow(page), 'page wider than a phone').toBe(0);
      await page.screenshot({ path: join(SHOTS, 'home-390.png') });
    });
  }, PAGE_TIME);

  it('search finds the lesson first', async () => {
    await visit('index.html', DESKTOP, 'search', async (page) => {
      for (const [query, step] of SEARCHES) {
        const results = await searchResults(page, query);
        console.log(`search "${query}": ${results.join(' | ')}`);
        const lesson = `Step ${String(step).padStart(2, '0')}:`;
        expect(results.some((r) => r.startsWith(lesson)), `${query}: ${results.join(' | ')}`).toBe(true);
      }
    });
  }, PAGE_TIME);

  it('the compare page opens on two neighbouring steps, links each file to its diff, and fits a phone', async () => {
    const [first, second] = STEPS;
    await visit('documents/compare.html', DESKTOP, 'compare-1400', async (page) => {
      await page.locator('#loop-compare-result .loop-diff-file').first().waitFor();
      await expect(page.locator('#loop-compare-a').inputValue()).resolves.toBe(String(first!.number));
      await expect(page.locator('#loop-compare-b').inputValue()).resolves.toBe(String(second!.number));
      const firstOption = page.locator('#loop-compare-a option').first();
      await expect(firstOption.textContent()).resolves.toBe(`Step 01: ${first!.title}`);
      expect(await brokenAnchors(page, '#loop-compare-result')).toEqual([]);
      expect(await hiddenOverflow(page)).toEqual([]);
      const last = STEPS.at(-1)!;
      await page.selectOption('#loop-compare-b', String(last.number));
      await page.waitForFunction(`location.hash === '#${first!.number}-${last.number}'`);
      const command = page.locator('#loop-compare-command').textContent();
      await expect(command).resolves.toContain(`npm run diff -- ${first!.number} ${last.number}`);
      await page.locator('#loop-compare-result .loop-diff-file').first().waitFor();
      await page.selectOption('#loop-compare-b', String(second!.number));
      await page.screenshot({ path: join(SHOTS, 'compare-1400.png') });
    });
    await visit('documents/compare.html#14-15', PHONE, 'compare-390', async (page) => {
      await page.locator('#loop-compare-result .loop-diff-file').first().waitFor();
      expect(await sidewaysOverflow(page), 'page wider than a phone').toBe(0);
      await page.screenshot({ path: join(SHOTS, 'compare-390.png') });
    });
  }, PAGE_TIME);

  it('the benchmarks page leads with the charts, and fits a phone', async () => {
    await visit('documents/Benchmarks.html', DESKTOP, 'benchmarks-1400', async (page) => {
      const [chart, figures] = await tops(page, ['.bench-chart', '#how-these-figures-were-taken']);
      expect(chart!, 'the charts come before the bookkeeping').toBeLessThan(figures!);
      await page.screenshot({ path: join(SHOTS, 'benchmarks-1400.png') });
    });
    await visit('documents/Benchmarks.html', PHONE, 'benchmarks-390', async (page) => {
      expect(await sidewaysOverflow(page), 'page wider than a phone').toBe(0);
    });
  }, PAGE_TIME);

  it('a reader can switch the diff view, and the choice holds in the dark theme', async () => {
    const step = STEPS.find((s) => s.number === 6) ?? STEPS[1]!;
    await visit(`documents/${step.id}.html#what-changed`, DESKTOP, 'diff-views', async (page) => {
      const views = (): Promise<Array<string | null>> =>
        page.locator('.loop-diff-file').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-view')));
      await page.locator('.loop-diff-toggle button[data-view="split"]').click();
      expect(await views()).toContain('split');
      await page.locator('.loop-diff-file').nth(1).evaluate((f) => f.scrollIntoView({ behavior: 'instant' }));
      await page.screenshot({ path: join(SHOTS, 'diff-side-by-side.png') });
      await page.locator('.loop-diff-toggle button[data-view="unified"]').click();
      expect((await views()).every((v) => v === 'unified')).toBe(true);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SHOTS, 'diff-dark.png') });
      await page.locator('.loop-diff-toggle button[data-view="fit"]').click();
    });
  }, PAGE_TIME);
});
