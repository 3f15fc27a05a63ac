/** The site's generated pages: step pages built around the diff, the home table, the compare data. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, STEPS } from '../../shared/steps.ts';
import { diffSteps, stepFiles } from '../diffs/file-diffs.ts';
import { fileData, keepLines, shownLines, type DiffData, type FileData } from './diff-data.ts';
import { plainDiagrams } from './lesson.ts';
import { renderSitePages } from './pages.ts';
import { stepsLabel } from './search.ts';

const PAGES = join(ROOT, 'node_modules/.cache/loop-docs-test');
const [first, second] = STEPS;
let files: Map<string, string>;

beforeAll(async () => {
  files = await renderSitePages(PAGES);
}, 60_000);

/** Where each of `needles` first appears in `text` (-1 when it does not). */
const positions = (text: string, needles: readonly string[]): number[] => needles.map((n) => text.indexOf(n));

describe('a step page', () => {
  it('leads with the lesson, then what changed, then the sources, then the API', () => {
    for (const step of STEPS) {
      const page = files.get(`pages/${step.id}.md`)!;
      const at = positions(page, ['<nav class="loop-step-nav">', '## What changed', '## Source files', '## API reference']);
      expect(at.every((p) => p >= 0), step.id).toBe(true);
      expect([...at].sort((a, b) => a - b), step.id).toEqual(at);
      expect(page.indexOf(`npm run step -- ${step.number}`), step.id).toBeLessThan(at[1]!);
    }
  });

  it('opens the sources this step adds or changes and folds the others, main.ts last', () => {
    const page = files.get(`pages/${second!.id}.md`)!;
    const changed = new Set(diffSteps(first!.number, second!.number).map((d) => d.file));
    const headings = [...page.matchAll(/^### (\S+)\n\n<details class="loop-source"( open)?>/gm)];
    expect(headings.map((h) => h[1])).toEqual(stepFiles(second!.number));
    for (const [, file, open] of headings) expect(open !== undefined, file).toBe(changed.has(file!));
    expect(headings.at(-1)?.[1]).toBe('main.ts');
  });

  it('links each changed source to its diff, and embeds the diff with the lines it shows', () => {
    const page = files.get(`pages/${second!.id}.md`)!;
    expect(page).toContain(`<div data-include="fragments/${second!.id}-diff.html"></div>`);
    expect(page).toContain(' · <a href="#diff-loop-ts">see its diff</a></summary>');
    const fragment = files.get(`fragments/${second!.id}-diff.html`)!;
    const json = /<script type="application\/json" class="loop-diff-data">(.*)<\/script>/.exec(fragment)![1]!;
    const data = JSON.parse(json) as DiffData;
    expect(data.files.map((f) => f.file)).toEqual(diffSteps(first!.number, second!.number).map((d) => d.file));
    expect(fragment).toContain(`href="compare.html#${first!.number}-${second!.number}"`);
  });

  it('says so on the first step, which has nothing to compare with', () => {
    expect(files.get(`pages/${first!.id}.md`)).toContain('no previous step');
  });
});

describe('the home and compare pages', () => {
  it('lists every built step on the home page', () => {
    for (const step of STEPS) expect(files.get('home.md')).toContain(`(pages/${step.id}.md)`);
  });

  it('writes every step\'s highlighted sources and the hunks of every ordered pair', () => {
    const data = [...files.keys()].filter((k) => k.startsWith('static/compare/'));
    expect(data.length).toBe(STEPS.length + STEPS.length * (STEPS.length - 1));
    const pair = JSON.parse(files.get(`static/compare/${first!.id}-${second!.id}.json`)!) as FileData[];
    expect(pair).toEqual(diffSteps(first!.number, second!.number).map(fileData));
  });

  it('opens the compare page on two neighbouring steps, with full titles', () => {
    const page = files.get('pages/compare.md')!;
    expect(page).toContain(`<option value="${first!.number}" selected>Step 01: ${first!.title}</option>`);
    expect(page).toContain(`<option value="${second!.number}" selected>Step 02: ${second!.title}</option>`);
  });
});

describe('diff data', () => {
  const diff = `diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -2,3 +2,3 @@\n a\n-b\n+c\n d\n`;
  const file = fileData({ file: 'x.ts', status: 'modified', added: 1, removed: 1, patch: diff });

  it('keeps the patch\'s hunks as start lines and one character per line', () => {
    expect(file.hunks).toEqual([{ oldStart: 2, newStart: 2, kinds: ' -+ ' }]);
    expect(file.width).toBe(1);
  });

  it('carries only the lines a hunk shows', () => {
    expect(shownLines(file)).toEqual({ old: new Set([2, 3, 4]), new: new Set([2, 3, 4]) });
    expect(keepLines(['1', '2', '3', '4', '5'], new Set([2, 3]))).toEqual([0, '2', '3', 0, 0]);
  });
});

describe('lessons and search on the site', () => {
  it('marks fences without a language as text, and leaves the others', () => {
    const md = ['```', 'queue', '```', '```ts', 'code', '```', '````', '```', '````'].join('\n');
    expect(plainDiagrams(md)).toBe(['```text', 'queue', '```', '```ts', 'code', '```', '````text', '```', '````'].join('\n'));
  });

  it('names the steps that share a symbol', () => {
    expect(stepsLabel([9, 10, 11, 12, 13, 14, 15])).toBe('step09–15');
    expect(stepsLabel([3])).toBe('step03');
    expect(stepsLabel([2, 4, 5])).toBe('step02, step04–05');
  });
});
