/**
 * Everything the site is built from that is derived from the steps, as a map
 * path (relative to the generated pages folder) → content: the home page, a page
 * per step, the compare page, the diff fragments and the compare page's patches.
 */
import { STEPS } from '../../shared/steps.ts';
import { comparePage } from './compare-page.ts';
import { homePage } from './home-page.ts';
import { comparePatches, diffFragment } from './site-diffs.ts';
import { changeFromPrevious } from './step-facts.ts';
import { diffFragmentPath, stepPage, stepPagePath } from './step-page.ts';

/** The generated files for a site whose pages are written to `pagesDir` (absolute). */
export function renderSitePages(pagesDir: string): Map<string, string> {
  const files = new Map<string, string>();
  files.set('home.md', homePage(pagesDir));
  files.set('pages/compare.md', comparePage());
  for (const step of STEPS) {
    files.set(stepPagePath(step), stepPage(step, pagesDir));
    const change = changeFromPrevious(step);
    if (change) files.set(diffFragmentPath(step), diffFragment(change.diffs));
  }
  for (const [name, patch] of comparePatches()) files.set(`static/compare/${name}`, patch);
  return files;
}
