/**
 * The markdown of one step's page on the site: navigation, the lesson, how to run
 * it with the demo's real output, every source file, the diff from the previous
 * step (a diff2html fragment the TypeDoc plugin inserts) and links into its API.
 */
import { stepDir, type StepInfo } from '../../shared/steps.ts';
import { anchorOf, rewriteLessonLinks } from './lesson-links.ts';
import { DEMO_OUTPUT_MARKERS } from './lesson-output.ts';
import { changeFromPrevious, exportedNames, neighbours, readLesson, readOutput, sourceFiles, twoDigits } from './step-facts.ts';

/** A fenced block that its content can never close. */
export function fenced(lang: string, text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}

/** "Step 03: Time and timers". */
export function stepTitle(step: StepInfo): string {
  return `Step ${twoDigits(step)}: ${step.title}`;
}

/** Path of a step's page inside the generated pages folder. */
export function stepPagePath(step: StepInfo): string {
  return `pages/${step.id}.md`;
}

/** Path of a step's diff fragment inside the generated pages folder. */
export function diffFragmentPath(step: StepInfo): string {
  return `fragments/${step.id}-diff.html`;
}

/** The previous / API / next bar shown above and below the page. */
function navBar(step: StepInfo): string {
  const { previous, next } = neighbours(step);
  const prev = previous ? `[← ${stepTitle(previous)}](./${previous.id}.md)` : '<span>First step</span>';
  const after = next ? `[${stepTitle(next)} →](./${next.id}.md)` : '<span>Last step built so far</span>';
  return `<nav class="loop-step-nav">\n\n${prev} {@link ${step.id}! | API of step ${twoDigits(step)}} ${after}\n\n</nav>`;
}

/** Front matter: title for the navigation, a stable slug for the URL, the group. */
function frontMatter(step: StepInfo): string {
  return ['---', `title: ${JSON.stringify(stepTitle(step))}`, `slug: ${step.id}`, 'group: Steps', '---'].join('\n');
}

/** The output as the page shows it, or a note while it was never recorded. */
function outputBlock(step: StepInfo): string {
  const output = readOutput(step);
  return output === null ? '_No output recorded yet: run `npm run outputs`._' : fenced('text', output);
}

/** The lesson with its links rewritten and its output filled in, or a placeholder while it is not written. */
function lesson(step: StepInfo, pagesDir: string): { text: string; showsOutput: boolean } {
  const text = readLesson(step);
  if (text === null) {
    const placeholder = `> The lesson for this step is not written yet (it will be \`steps/${step.id}/README.md\`). Its idea: ${step.idea}.`;
    return { text: `# ${stepTitle(step)}\n\n${placeholder}`, showsOutput: false };
  }
  const showsOutput = DEMO_OUTPUT_MARKERS.test(text);
  const withOutput = text.replace(DEMO_OUTPUT_MARKERS, () => outputBlock(step));
  return { text: rewriteLessonLinks(withOutput, stepDir(step.number), `${pagesDir}/pages`).trim(), showsOutput };
}

/** How to run the demo, and what it printed when the docs were generated (unless the lesson shows it). */
function runSection(step: StepInfo, lessonShowsOutput: boolean): string {
  const recorded = `recorded by \`npm run outputs\` in \`docs/outputs/${step.id}.txt\``;
  return [
    '## Run this step',
    fenced('bash', `npm run step -- ${step.number}`),
    lessonShowsOutput
      ? `The demo is \`steps/${step.id}/main.ts\`; the lesson above shows its real output, ${recorded}.`
      : `The demo is \`steps/${step.id}/main.ts\`. This is its real output, ${recorded}:\n\n${outputBlock(step)}`,
    `Set \`LOOP_TRACE=1\` to watch every tick: \`LOOP_TRACE=1 npm run step -- ${step.number}\`.`,
  ].join('\n\n');
}

/** Every code file of the step, highlighted. */
function sourceSection(step: StepInfo): string {
  const files = sourceFiles(step);
  const list = files.map((f) => `[${f.file}](#${anchorOf(f.file)})`).join(' · ');
  const blocks = files.map((f) => `### ${f.file}\n\n${fenced('ts', f.text)}`);
  return ['## Source files', `The step's code, test files left out: ${list}.`, ...blocks].join('\n\n');
}

/** The change from the previous step: a table of files and the diff2html fragment. */
function diffSection(step: StepInfo): string {
  const change = changeFromPrevious(step);
  if (change === null) {
    return '## What changed\n\nThis is the first step: it has no previous step to compare with, so every line above is new.';
  }
  const from = twoDigits(change.previous);
  const rows = change.diffs.map((d) => `| \`${d.file}\` | ${d.status} | +${d.added} | −${d.removed} |`);
  const table = ['| File | Status | Added | Removed |', '|---|---|---:|---:|', ...rows].join('\n');
  return [
    '## What changed',
    `From [step ${from}](./${change.previous.id}.md) to step ${twoDigits(step)}: **+${change.added} −${change.removed}** lines in ${change.diffs.length} ${change.diffs.length === 1 ? 'file' : 'files'}. ` +
      `The same diff in a terminal: \`npm run diff -- ${change.previous.number} ${step.number}\`; any two steps: [compare](./compare.md).`,
    change.diffs.length ? table : '',
    `<div data-include="${diffFragmentPath(step)}"></div>`,
  ].join('\n\n');
}

/** Links to the step's module page and to each name it exports. */
function apiSection(step: StepInfo): string {
  const names = exportedNames(step).map((name) => `{@link ${step.id}!${name} | ${name}}`);
  const list = names.length ? ` It exports ${names.join(', ')}.` : '';
  return `## API reference\n\nThe reference of this step's public API (\`steps/${step.id}/index.ts\`): {@link ${step.id}! | module ${step.id}}.${list}`;
}

/** The whole page's markdown. `pagesDir` is the absolute folder the page is generated in. */
export function stepPage(step: StepInfo, pagesDir: string): string {
  const { text, showsOutput } = lesson(step, pagesDir);
  const parts = [frontMatter(step), navBar(step), text, runSection(step, showsOutput), sourceSection(step), diffSection(step), apiSection(step), navBar(step)];
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}
