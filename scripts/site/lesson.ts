/**
 * A lesson (steps/stepNN/README.md) as its step page shows it: links rewritten for
 * the site, the demo's recorded output between the demo-output markers, and
 * plain-text diagrams kept plain (a fence without a language is a diagram).
 */
import { stepDir, type StepInfo } from '../../shared/steps.ts';
import { fenced } from '../lib/markdown.ts';
import { readRecording } from '../ticks/viewer-html.ts';
import { DEMO_OUTPUT_MARKERS } from '../outputs/lesson-output.ts';
import { rewriteLessonLinks } from './lesson-links.ts';
import { readLesson, readOutput, stepTitle } from './step-facts.ts';

/** Path of a step's tick viewer fragment inside the generated pages folder. */
export function ticksFragmentPath(step: StepInfo): string {
  return `fragments/${step.id}-ticks.html`;
}

/**
 * The demo's output where the lesson runs it, in a box of its own, followed by
 * the tick viewer that replays the same run one tick at a time.
 */
export function runOutput(step: StepInfo): string {
  const output = readOutput(step);
  const missing = '_No output recorded yet: run `npm run outputs`._';
  const block = output === null ? missing : fenced('text', output);
  const viewer = readRecording(step) === null ? '' : [
    '### Tick by tick',
    'The same run, replayed: what each tick ran, what it printed, and the state it left.',
    `<div data-include="${ticksFragmentPath(step)}"></div>`,
  ].join('\n\n');
  const box = `<div class="loop-run" data-step="${step.number}">\n\n${block}\n\n</div>`;
  return viewer === '' ? box : `${box}\n\n${viewer}`;
}

/** Opening fences without a language get `text`, so TypeDoc does not colour diagrams as code. */
export function plainDiagrams(markdown: string): string {
  let open: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const fence = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
      if (!fence) return line;
      const [, indent = '', marks = '', info = ''] = fence;
      if (open !== null) {
        if (marks.startsWith(open) && info.trim() === '') open = null;
        return line;
      }
      open = marks;
      return info.trim() === '' ? `${indent}${marks}text` : line;
    })
    .join('\n');
}

/** The lesson as the page shows it, and whether it shows the demo's output itself. */
export function lessonMarkdown(step: StepInfo, pagesDir: string): { text: string; showsOutput: boolean } {
  const text = readLesson(step);
  if (text === null) {
    const path = `steps/${step.id}/README.md`;
    const note = `> The lesson for this step is not written yet (it will be \`${path}\`). Its idea: ${step.idea}.`;
    return { text: `# ${stepTitle(step)}\n\n${note}`, showsOutput: false };
  }
  const showsOutput = DEMO_OUTPUT_MARKERS.test(text);
  const withOutput = plainDiagrams(text).replace(DEMO_OUTPUT_MARKERS, () => runOutput(step));
  const linked = rewriteLessonLinks(withOutput, stepDir(step.number), `${pagesDir}/pages`);
  return { text: linked.trim(), showsOutput };
}
