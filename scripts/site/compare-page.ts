/**
 * The compare page: pick any two steps and see the diff, the same one that
 * `npm run diff -- A B` prints. Every pair's patch is precomputed as a static file;
 * docs/assets/compare.js fetches the chosen one and renders it with diff2html.
 */
import { STEPS, type StepInfo } from '../../shared/steps.ts';
import { viewToggle } from './site-diffs.ts';
import { stepTitle } from './step-page.ts';

/** A <select> of every built step, with `chosen` selected. */
function stepSelect(id: string, chosen: StepInfo | undefined): string {
  const options = STEPS.map((s) => `<option value="${s.number}"${s === chosen ? ' selected' : ''}>${stepTitle(s)}</option>`);
  return `<select id="${id}">${options.join('')}</select>`;
}

/** The compare page's markdown. */
export function comparePage(): string {
  const form = [
    '<div id="loop-compare" class="loop-compare">',
    '<div class="loop-compare-form">',
    `<label>From ${stepSelect('loop-compare-a', STEPS[0])}</label>`,
    `<label>to ${stepSelect('loop-compare-b', STEPS[STEPS.length - 1])}</label>`,
    '<button type="button" id="loop-compare-swap" title="Swap the two steps">⇄ swap</button>',
    '</div>',
    '<p id="loop-compare-command" class="loop-compare-command"></p>',
    `<div class="loop-diff" data-view="side-by-side">${viewToggle()}<div id="loop-compare-result" class="loop-compare-result"><p>Loading…</p></div></div>`,
    '</div>',
  ].join('\n');
  return [
    '---',
    'title: Compare any two steps',
    'slug: compare',
    'group: Guides',
    'scripts: [diff2html.min.js, loop-compare.js]',
    '---',
    '# Compare any two steps',
    'Pick two steps to see every line that changed between them, file by file. ' +
      'The diffs are computed when the site is built, with the same code as `npm run diff -- A B` in a terminal. ' +
      'The address remembers the pair (`#3-9`), so a comparison can be linked.',
    form,
  ].join('\n\n').concat('\n');
}
