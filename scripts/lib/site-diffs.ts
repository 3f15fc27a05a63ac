/**
 * Diffs on the site, rendered at build time by diff2html: every file of a step's
 * diff both side by side and unified (a toggle in site.js picks one), and the raw
 * patch of every ordered pair of steps for the compare page, which renders it in
 * the browser with the same library.
 */
import { html, type Diff2HtmlConfig } from 'diff2html';
import { STEPS, type StepInfo } from '../../shared/steps.ts';
import { diffSteps, totals, type FileDiff } from './step-diff.ts';

/** The two views of a diff, named as diff2html names them. */
export const VIEWS = ['side-by-side', 'line-by-line'] as const;

const CONFIG: Diff2HtmlConfig = { drawFileList: false };

/** Escape text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The +N −M badge of a file or a whole diff. */
export function countBadge(added: number, removed: number): string {
  return `<span class="loop-count"><span class="loop-added">+${added}</span> <span class="loop-removed">−${removed}</span></span>`;
}

/**
 * One file's header (name, status, counts) and its diff in both views. A file that is
 * new or gone has only one side, so both views show it unified, at full width.
 */
function fileBlock(d: FileDiff): string {
  const format = (view: (typeof VIEWS)[number]): (typeof VIEWS)[number] => (d.status === 'modified' ? view : 'line-by-line');
  const views = VIEWS.map((view) => `<div class="loop-view loop-view-${view}">${html(d.patch, { ...CONFIG, outputFormat: format(view) })}</div>`);
  return [
    `<section class="loop-diff-file" data-file="${escapeHtml(d.file)}">`,
    `<div class="loop-diff-file-head"><code>${escapeHtml(d.file)}</code> <span class="loop-status loop-status-${d.status}">${d.status}</span> ${countBadge(d.added, d.removed)}</div>`,
    ...views,
    '</section>',
  ].join('\n');
}

/** The buttons that switch every diff on the page between the two views. */
export function viewToggle(): string {
  return [
    '<div class="loop-diff-toggle" role="group" aria-label="Diff view">',
    '<button type="button" data-view="side-by-side" aria-pressed="true">Side by side</button>',
    '<button type="button" data-view="line-by-line" aria-pressed="false">Unified</button>',
    '</div>',
  ].join('');
}

/** The HTML of a whole diff: toggle, then every file; a note when nothing changed. */
export function diffFragment(diffs: readonly FileDiff[]): string {
  if (diffs.length === 0) return '<div class="loop-diff loop-diff-empty"><p>No code changed.</p></div>\n';
  const sum = totals(diffs);
  const summary = `<p class="loop-diff-summary">${diffs.length} ${diffs.length === 1 ? 'file' : 'files'} changed ${countBadge(sum.added, sum.removed)}</p>`;
  return `<div class="loop-diff" data-view="side-by-side">\n${viewToggle()}\n${summary}\n${diffs.map(fileBlock).join('\n')}\n</div>\n`;
}

/** The step before `step` among the built ones, if any. */
export function previousStep(step: StepInfo): StepInfo | undefined {
  const i = STEPS.findIndex((s) => s.number === step.number);
  return i > 0 ? STEPS[i - 1] : undefined;
}

/** File name of a pair's patch in the site's assets/compare/ folder. */
export function pairFile(a: StepInfo, b: StepInfo): string {
  return `${a.id}-${b.id}.diff`;
}

/** The text `npm run diff -- A B` compares: every changed file's patch, in file order. */
export function pairPatch(a: StepInfo, b: StepInfo): string {
  return diffSteps(a.number, b.number)
    .map((d) => (d.patch.endsWith('\n') ? d.patch : `${d.patch}\n`))
    .join('');
}

/** The patch of every ordered pair of distinct built steps: file name → patch. */
export function comparePatches(): Map<string, string> {
  const files = new Map<string, string>();
  for (const a of STEPS) for (const b of STEPS) if (a !== b) files.set(pairFile(a, b), pairPatch(a, b));
  return files;
}
