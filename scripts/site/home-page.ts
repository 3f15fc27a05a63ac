/**
 * The site's home page (TypeDoc's readme): what the reader will build, how to run
 * it, and a table of every step with its size and its change from the step before.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, STEPS, SYLLABUS, type StepInfo } from '../../shared/steps.ts';
import { fenced } from '../lib/markdown.ts';
import { stepPagePath } from './step-page.ts';
import { changeFromPrevious, linesOfCode, twoDigits } from './step-facts.ts';

/** Hand-written project documents (docs/pages/*.md), as repository paths. */
export function projectDocuments(): string[] {
  const dir = join(ROOT, 'docs/pages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/pages/${name}`);
}

/** A document's title: its front matter's `title`, else its file name. */
function documentTitle(path: string): string {
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(ROOT, path), 'utf8'))?.[1] ?? '';
  const title = /^title:\s*(.+)$/m.exec(front)?.[1]?.trim().replace(/^(['"])(.*)\1$/, '$2');
  return title || path.slice('docs/pages/'.length, -'.md'.length);
}

/** One row of the steps table; a step not built yet has no link and no numbers. */
function stepRow(step: StepInfo): string {
  if (!STEPS.some((s) => s.number === step.number)) {
    return `| ${twoDigits(step)} | ${step.title} _(not built yet)_ | ${step.idea} | | |`;
  }
  const change = changeFromPrevious(step);
  const delta = change ? `[+${change.added} −${change.removed}](${stepPagePath(step)}#what-changed)` : 'first step';
  return `| ${twoDigits(step)} | [${step.title}](${stepPagePath(step)}) | ${step.idea} | ${linesOfCode(step)} | ${delta} |`;
}

/** The table of all steps of the syllabus. */
function stepsTable(): string {
  return ['| Step | Title | Idea | Lines of code | Change from the previous step |', '|---:|---|---|---:|---|', ...SYLLABUS.map(stepRow)].join('\n');
}

/** Links to the compare page, the project documents and every step's API. */
function moreSection(pagesDir: string): string {
  const docs = projectDocuments().map((path) => `- [${documentTitle(path)}](${relative(pagesDir, join(ROOT, path))})`);
  const api = STEPS.map((s) => `{@link ${s.id}! | ${s.id}}`).join(' · ');
  return ['## More', '- [Compare any two steps](pages/compare.md)',
    '- [How close to asyncio is each step](pages/asyncio.md)', ...docs, `- API reference, one module per step: ${api}`].join('\n');
}

/** The home page's markdown. `pagesDir` is the absolute folder it is generated in. */
export function homePage(pagesDir: string): string {
  const first = STEPS[0];
  return [
    'We build an event loop like the one inside Python\'s asyncio, in TypeScript, one idea at a time: ' +
      'a queue of callbacks, handles, timers, generator coroutines, futures, tasks, errors, gather and wait, cancellation, ' +
      'queues and locks, a bridge to native `async`/`await`, a selector, non-blocking sockets and finally streams that talk HTTP. ' +
      'Every step is a complete, runnable loop with its own tests; each page shows the lesson, the code, the demo\'s real output and exactly what changed.',
    '## How to run it',
    fenced(
      'bash',
      [
        'npm install && npm start   # build this site, serve it on port 8080',
        'npm test                   # type-check, then run every test',
        'npm run step -- 3          # run the demo of step 3',
        'npm run diff -- 3 9        # what changed from step 3 to step 9',
      ].join('\n'),
    ),
    first ? `\`npm start\` prints the address to open (\`PORT=3000 npm start\` picks another port). Then start with [step ${twoDigits(first)}: ${first.title}](${stepPagePath(first)}).` : '',
    '## The steps',
    `${STEPS.length} of ${SYLLABUS.length} steps are built. Lines of code count the non-blank lines of a step's code (test files left out).`,
    stepsTable(),
    moreSection(pagesDir),
  ]
    .filter((p) => p !== '')
    .join('\n\n')
    .concat('\n');
}
