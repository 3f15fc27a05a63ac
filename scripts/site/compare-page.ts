/**
 * The compare page: pick any two steps and see the diff `npm run diff -- A B`
 * prints, drawn as the step pages draw theirs. The build writes each step's
 * highlighted sources and each pair's hunks as static JSON; docs/assets/compare.js
 * fetches the chosen pair and draws it with docs/assets/diff-view.js.
 */
import { STEPS, type StepInfo } from '../../shared/steps.ts';
import { diffSteps, stepFiles } from '../diffs/file-diffs.ts';
import { fileData, type SourceLines } from './diff-data.ts';
import { stepTitle } from './step-facts.ts';

/** The pair the page opens on: the first two steps, neighbours as on a step page. */
const DEFAULT_PAIR = [STEPS[0], STEPS[1] ?? STEPS[0]] as const;

/** A <select> of every built step, by full title, with `chosen` selected. */
function stepSelect(id: string, label: string, chosen: StepInfo | undefined): string {
  const options = STEPS.map((s) => {
    const selected = s === chosen ? ' selected' : '';
    return `<option value="${s.number}"${selected}>${stepTitle(s)}</option>`;
  });
  return `<label>${label} <select id="${id}">${options.join('')}</select></label>`;
}

/** The compare page's markdown. */
export function comparePage(): string {
  const [from, to] = DEFAULT_PAIR;
  const form = [
    '<div id="loop-compare" class="loop-compare">',
    '<div class="loop-compare-form">',
    stepSelect('loop-compare-a', 'From', from),
    '<button type="button" id="loop-compare-swap" title="Swap the two steps">⇄ swap</button>',
    stepSelect('loop-compare-b', 'to', to),
    '</div>',
    '<p id="loop-compare-command" class="loop-compare-command"></p>',
    '<div id="loop-compare-result" class="loop-diff"><p>Loading…</p></div>',
    '</div>',
  ].join('\n');
  return [
    '---',
    'title: Compare any two steps',
    'slug: compare',
    'group: Guides',
    'scripts: [loop-compare.js]',
    '---',
    '# Compare any two steps',
    'Pick two steps to see every line of code that changed between them, file by file. ' +
      'The diffs are computed when the site is built, with the same code as ' +
      '`npm run diff -- A B` in a terminal. ' +
      'The address remembers the pair (`#3-9`), so a comparison can be linked.',
    form,
  ].join('\n\n').concat('\n');
}

/** The file of a pair's hunks in the site's assets/compare/ folder. */
function pairFile(a: StepInfo, b: StepInfo): string {
  return `${a.id}-${b.id}.json`;
}

/**
 * The compare page's data, file name → JSON: every step's highlighted sources
 * (stepNN.json) and the hunks of every ordered pair of distinct steps.
 */
export function compareData(source: SourceLines): Map<string, string> {
  const files = new Map<string, string>();
  for (const step of STEPS) {
    const lines = stepFiles(step.number).map((file) => [file, source(step.number, file)]);
    files.set(`${step.id}.json`, JSON.stringify(Object.fromEntries(lines)));
  }
  for (const a of STEPS) {
    for (const b of STEPS) {
      if (a === b) continue;
      files.set(pairFile(a, b), JSON.stringify(diffSteps(a.number, b.number).map(fileData)));
    }
  }
  return files;
}
