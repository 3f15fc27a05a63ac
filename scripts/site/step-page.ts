/**
 * The markdown of one step's page, built around the change: navigation, the
 * lesson (with the demo's real output where it runs it), then what changed since
 * the previous step (a diff the TypeDoc plugin inserts), then the sources, open
 * only where this step changes them, and links into the step's API.
 */
import type { StepInfo } from '../../shared/steps.ts';
import type { FileDiff } from '../diffs/file-diffs.ts';
import { fenced, plural } from '../lib/markdown.ts';
import { lessonMarkdown, runOutput } from './lesson.ts';
import {
  changeFromPrevious,
  exportedNames,
  neighbours,
  sourceFiles,
  stepTitle,
  twoDigits,
  type Change,
} from './step-facts.ts';

/** Path of a step's page inside the generated pages folder. */
export function stepPagePath(step: StepInfo): string {
  return `pages/${step.id}.md`;
}

/** Path of a step's diff fragment inside the generated pages folder. */
export function diffFragmentPath(step: StepInfo): string {
  return `fragments/${step.id}-diff.html`;
}

/** The anchor of a file's diff on the page: "loop.ts" → "diff-loop-ts". */
export function diffAnchor(file: string): string {
  return `diff-${file.replace(/[^\w]+/g, '-')}`;
}

/** The previous / API / next bar shown above and below the page. */
function navBar(step: StepInfo): string {
  const { previous, next } = neighbours(step);
  const first = '<span>First step</span>';
  const prev = previous ? `[← ${stepTitle(previous)}](./${previous.id}.md)` : first;
  const after = next ? `[${stepTitle(next)} →](./${next.id}.md)` : '<span>Last step</span>';
  const api = `{@link ${step.id}! | API of step ${twoDigits(step)}}`;
  return `<nav class="loop-step-nav">\n\n${prev} ${api} ${after}\n\n</nav>`;
}

/** Front matter: title for the navigation, a stable slug for the URL, the group. */
function frontMatter(step: StepInfo): string {
  const title = `title: ${JSON.stringify(stepTitle(step))}`;
  return ['---', title, `slug: ${step.id}`, 'group: Steps', '---'].join('\n');
}

/** How to run the demo, for a lesson that does not run it itself. */
function runSection(step: StepInfo): string {
  const command = fenced('bash', `npm run step -- ${step.number}`);
  return ['## Run it', command, runOutput(step)].join('\n\n');
}

/** The change from the previous step: one line of totals, then the diff fragment. */
function diffSection(step: StepInfo, change: Change | null): string {
  if (change === null) {
    const first = 'This is the first step: there is no previous step to compare with, ' +
      'so every line below is new.';
    return `## What changed\n\n${first}`;
  }
  const from = twoDigits(change.previous);
  const files = plural(change.diffs.length, 'file');
  const size = `**+${change.added} −${change.removed}** lines in ${files}`;
  return [
    '## What changed',
    `From [step ${from}](./${change.previous.id}.md) to step ${twoDigits(step)}: ${size}. ` +
      `In a terminal: \`npm run diff -- ${change.previous.number} ${step.number}\`.`,
    `<div data-include="${diffFragmentPath(step)}"></div>`,
  ].join('\n\n');
}

/** What a step did to a file. */
type Status = FileDiff['status'];

/** One source file: its heading, then the code, open if this step adds or changes it. */
function sourceBlock(file: string, text: string, status: Status | undefined, hasDiff: boolean): string {
  const lines = plural(text.split('\n').length - 1, 'line');
  const badge = status ? `<span class="loop-status loop-status-${status}">${status}</span> ` : '';
  const link = status && hasDiff ? ` · <a href="#${diffAnchor(file)}">see its diff</a>` : '';
  const summary = `<summary>${badge}${lines}${status ? '' : ', unchanged in this step'}${link}</summary>`;
  const open = `<details class="loop-source"${status ? ' open' : ''}>\n${summary}`;
  return [`### ${file}`, open, fenced('ts', text), '</details>'].join('\n\n');
}

/** Every code file of the step, main.ts last; files this step adds or changes are open. */
function sourceSection(step: StepInfo, change: Change | null): string {
  const status = new Map((change?.diffs ?? []).map((d) => [d.file, d.status]));
  const blocks = sourceFiles(step).map(({ file, text }) =>
    sourceBlock(file, text, change === null ? 'added' : status.get(file), change !== null),
  );
  const intro = "The step's code, test files left out. Files this step adds or changes are open; " +
    'the others are folded.';
  return ['## Source files', intro, ...blocks].join('\n\n');
}

/** Links to the step's module page and to each name it exports. */
function apiSection(step: StepInfo): string {
  const names = exportedNames(step).map((name) => `{@link ${step.id}!${name} | ${name}}`);
  const list = names.length ? ` It exports ${names.join(', ')}.` : '';
  const module = `{@link ${step.id}! | module ${step.id}}`;
  const api = `The reference of this step's public API (\`steps/${step.id}/index.ts\`): ${module}.`;
  return `## API reference\n\n${api}${list}`;
}

/** The whole page's markdown. `pagesDir` is the absolute folder the page is generated in. */
export function stepPage(step: StepInfo, pagesDir: string): string {
  const { text, showsOutput } = lessonMarkdown(step, pagesDir);
  const change = changeFromPrevious(step);
  const parts = [
    frontMatter(step),
    navBar(step),
    text,
    showsOutput ? '' : runSection(step),
    diffSection(step, change),
    sourceSection(step, change),
    apiSection(step),
    navBar(step),
  ];
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}
