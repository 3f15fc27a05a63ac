/** The site's generated pages: lesson links, step pages, home table and compare data. */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, STEPS, SYLLABUS, stepDir } from '../shared/steps.ts';
import { anchorOf, rewriteLessonLinks } from './lib/lesson-links.ts';
import { pairPatch } from './lib/site-diffs.ts';
import { renderSitePages } from './lib/site-pages.ts';
import { stepFiles } from './lib/step-diff.ts';

const PAGES = join(ROOT, 'node_modules/.cache/loop-docs-test');
const first = STEPS[0]!;

describe('lesson links', () => {
  const rewrite = (md: string): string => rewriteLessonLinks(md, stepDir(first.number), join(PAGES, 'pages'));

  it('uses TypeDoc heading anchors', () => {
    expect(anchorOf('loop.ts')).toBe('loopts');
    expect(anchorOf('Run this step')).toBe('run-this-step');
  });

  it('points other lessons, files, outputs and diffs at the step pages', () => {
    expect(rewrite(`[next](../${first.id}/README.md#the-idea)`)).toBe(`[next](./${first.id}.md#the-idea)`);
    expect(rewrite('[the loop](./loop.ts)')).toBe(`[the loop](./${first.id}.md#loopts)`);
    expect(rewrite(`[out](../../docs/outputs/${first.id}.txt)`)).toBe(`[out](./${first.id}.md#run-this-step)`);
    expect(rewrite(`[diff](../../docs/diffs/${first.id}.md)`)).toBe(`[diff](./${first.id}.md#what-changed)`);
  });

  it('points other repository files at their real path from the page', () => {
    const expected = relative(join(PAGES, 'pages'), join(ROOT, 'shared/trace.ts'));
    expect(rewrite('see [trace](../../shared/trace.ts).')).toBe(`see [trace](${expected}).`);
    expect(rewrite('[ref]: ../../shared/trace.ts')).toBe(`[ref]: ${expected}`);
  });

  it('keeps absolute links, anchors and code as they are', () => {
    const text = ['[py](https://docs.python.org/3/)', '[up](#the-problem)', '`[x](./loop.ts)`', '```md', '[x](./loop.ts)', '```'].join('\n');
    expect(rewrite(text)).toBe(text);
  });

  it('unlinks a step that is not built yet', () => {
    const missing = SYLLABUS.find((s) => !STEPS.includes(s));
    if (missing) expect(rewrite(`[later](../${missing.id}/README.md)`)).toBe('later');
  });
});

describe('renderSitePages', () => {
  const files = renderSitePages(PAGES);

  it('has a home page, a compare page and a page per built step', () => {
    expect(files.has('home.md')).toBe(true);
    expect(files.has('pages/compare.md')).toBe(true);
    for (const step of STEPS) expect(files.has(`pages/${step.id}.md`)).toBe(true);
    const home = files.get('home.md')!;
    for (const step of STEPS) expect(home).toContain(`(pages/${step.id}.md)`);
  });

  it('shows how to run each step, its sources, its API and its diff', () => {
    for (const step of STEPS) {
      const page = files.get(`pages/${step.id}.md`)!;
      expect(page).toContain(`npm run step -- ${step.number}`);
      for (const file of stepFiles(step.number)) expect(page).toContain(`### ${file}\n`);
      expect(page).toContain(`{@link ${step.id}! |`);
      if (step === first) expect(page).toContain('no previous step');
      else expect(page).toContain(`<div data-include="fragments/${step.id}-diff.html"></div>`);
    }
  });

  it('precomputes the diff of every ordered pair, as npm run diff shows it', () => {
    const pairs = [...files.keys()].filter((k) => k.startsWith('static/compare/'));
    expect(pairs.length).toBe(STEPS.length * (STEPS.length - 1));
    const last = STEPS[STEPS.length - 1]!;
    if (last !== first) expect(files.get(`static/compare/${first.id}-${last.id}.diff`)).toBe(pairPatch(first, last));
  });
});
