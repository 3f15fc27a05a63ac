/** A lesson's links, written for GitHub, point where they mean on the site. */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, STEPS, SYLLABUS, stepDir } from '../../shared/steps.ts';
import { anchorOf, rewriteLessonLinks } from './lesson-links.ts';

const PAGES = join(ROOT, 'node_modules/.cache/loop-docs-test');
const first = STEPS[0]!;
const rewrite = (md: string): string => rewriteLessonLinks(md, stepDir(first.number), join(PAGES, 'pages'));

describe('lesson links', () => {
  it('uses TypeDoc heading anchors', () => {
    expect(anchorOf('loop.ts')).toBe('loopts');
    expect(anchorOf('Run it')).toBe('run-it');
  });

  it('points other lessons, files, outputs and diffs at the step pages', () => {
    expect(rewrite(`[next](../${first.id}/README.md#the-idea)`)).toBe(`[next](./${first.id}.md#the-idea)`);
    expect(rewrite('[the loop](./loop.ts)')).toBe(`[the loop](./${first.id}.md#loopts)`);
    expect(rewrite(`[out](../../docs/outputs/${first.id}.txt)`)).toBe(`[out](./${first.id}.md#run-it)`);
    expect(rewrite(`[diff](../../docs/diffs/${first.id}.md)`)).toBe(`[diff](./${first.id}.md#what-changed)`);
  });

  it('points other repository files at their real path from the page', () => {
    const expected = relative(join(PAGES, 'pages'), join(ROOT, 'shared/trace.ts'));
    expect(rewrite('see [trace](../../shared/trace.ts).')).toBe(`see [trace](${expected}).`);
    expect(rewrite('[ref]: ../../shared/trace.ts')).toBe(`[ref]: ${expected}`);
  });

  it('keeps absolute links, anchors and code as they are', () => {
    const text = ['[py](https://docs.python.org/3/)', '[up](#the-problem)', '`[x](./loop.ts)`', '```md', '[x](./loop.ts)', '```'].join('\n');
    expect(rewrite(text)).toBe(text);
  });

  it('unlinks a step that is not built yet', () => {
    const missing = SYLLABUS.find((s) => !STEPS.includes(s));
    if (missing) expect(rewrite(`[later](../${missing.id}/README.md)`)).toBe('later');
  });
});
