/**
 * Everything the site is built from that is derived from the steps, as a map
 * path (relative to the generated pages folder) → content: the home page, a page
 * per step with its diff fragment, the compare page with its data, and the CSS
 * of the diffs' syntax colours.
 */
import { STEPS, type StepInfo } from '../../shared/steps.ts';
import { readStepFile } from '../diffs/file-diffs.ts';
import { comparePage, compareData } from './compare-page.ts';
import { diffData, scriptJson, type SourceLines } from './diff-data.ts';
import { Highlighter } from './highlight.ts';
import { homePage } from './home-page.ts';
import { changeFromPrevious, type Change } from './step-facts.ts';
import { tickViewerHtml } from '../ticks/viewer-html.ts';
import { asyncioPage } from './asyncio-page.ts';
import { ticksFragmentPath } from './lesson.ts';
import { diffFragmentPath, stepPage, stepPagePath } from './step-page.ts';

/** Highlighted lines of each step's files, each file highlighted once per build. */
function sourceLines(highlighter: Highlighter): SourceLines {
  const cache = new Map<string, readonly string[]>();
  return (step, file) => {
    const key = `${step}/${file}`;
    if (!cache.has(key)) cache.set(key, highlighter.lines(readStepFile(step, file)));
    return cache.get(key)!;
  };
}

/**
 * A step's diff: the element docs/assets/diff-view.js fills from the data it
 * holds, and a link to the same pair on the compare page (plain HTML here, since
 * TypeDoc checks the links of markdown and would not know the page's `#5-6`).
 */
function diffFragment(change: Change, step: StepInfo, source: SourceLines): string {
  const data = diffData(change.diffs, change.previous.number, step.number, source);
  const pair = `${change.previous.number}-${step.number}`;
  return [
    '<div class="loop-diff">',
    `<script type="application/json" class="loop-diff-data">${scriptJson(data)}</script>`,
    '<p class="loop-diff-loading">Drawing the diff…</p>',
    '</div>',
    '<p class="loop-diff-more">The same diff beside any other pair:',
    `<a href="compare.html#${pair}">compare two steps</a>.</p>`,
  ].join('\n');
}

/** The generated files for a site whose pages are written to `pagesDir` (absolute). */
export async function renderSitePages(pagesDir: string): Promise<Map<string, string>> {
  const highlighter = await Highlighter.create();
  const source = sourceLines(highlighter);
  const files = new Map<string, string>();
  files.set('home.md', homePage(pagesDir));
  files.set('pages/compare.md', comparePage());
  files.set('pages/asyncio.md', asyncioPage());
  for (const step of STEPS) {
    files.set(stepPagePath(step), stepPage(step, pagesDir));
    const change = changeFromPrevious(step);
    if (change) files.set(diffFragmentPath(step), diffFragment(change, step, source));
    const viewer = tickViewerHtml(step);
    if (viewer !== '') files.set(ticksFragmentPath(step), viewer);
  }
  for (const [name, json] of compareData(source)) files.set(`static/compare/${name}`, json);
  files.set('static/loop-highlight.css', highlighter.css());
  return files;
}
