import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, STEPS, SYLLABUS } from '../shared/steps.ts';
import { DIFFS_DIR, renderDiffPages } from './lib/diff-pages.ts';
import { diffSteps, isDiffedFile, stepFiles, totals } from './lib/step-diff.ts';

/** Every file under `dir`, as paths relative to the repository root (a walk that works on every Node 20). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path);
      return entry.isFile() ? [relative(ROOT, path).split('\\').join('/')] : [];
    })
    .sort();
}

const STALE = 'docs/diffs/ is stale: run `npm run diffs` and commit docs/diffs/';

describe('docs/diffs/ is up to date', () => {
  const rendered = renderDiffPages();

  it('has exactly the files the renderer makes', () => {
    expect(filesUnder(join(ROOT, DIFFS_DIR)), STALE).toEqual([...rendered.keys()].sort());
  });

  it('holds the same bytes the renderer makes', () => {
    for (const [path, content] of rendered) {
      const onDisk = existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : '(missing)';
      expect(onDisk, `${STALE} (${path} differs)`).toBe(content);
    }
  });

  it('renders the same bytes twice', () => {
    expect([...renderDiffPages()]).toEqual([...rendered]);
  });

  it('has a page for every built step after the first', () => {
    const pages = [...rendered.keys()].filter((p) => p.endsWith('.md'));
    expect(pages).toEqual(STEPS.slice(1).map((s) => `${DIFFS_DIR}/${s.id}.md`));
  });
});

describe('the step-diff library on the real steps', () => {
  it('diffs only code: not the lesson, not the tests', () => {
    expect(isDiffedFile('loop.ts')).toBe(true);
    expect(isDiffedFile('loop.test.ts')).toBe(false);
    expect(isDiffedFile('README.md')).toBe(false);
    expect(stepFiles(1)).toContain('loop.ts');
    expect(stepFiles(1).every(isDiffedFile)).toBe(true);
  });

  it('finds nothing between a step and itself', () => {
    expect(diffSteps(1, 1)).toEqual([]);
    expect(totals([])).toEqual({ added: 0, removed: 0 });
  });

  const [first, second] = STEPS;
  it.skipIf(second === undefined)('finds changes from the first step to the second, with counts that match the patch', () => {
    const diffs = diffSteps(first!.number, second!.number);
    expect(diffs.length).toBeGreaterThan(0);
    for (const d of diffs) {
      const body = d.patch.split('\n').filter((l) => !l.startsWith('+++') && !l.startsWith('---'));
      expect(d.added).toBe(body.filter((l) => l.startsWith('+')).length);
      expect(d.removed).toBe(body.filter((l) => l.startsWith('-')).length);
      expect(d.patch.startsWith(`diff --git a/${d.file} b/${d.file}\n`)).toBe(true);
      if (d.status === 'added') expect(d.removed).toBe(0);
      if (d.status === 'added') expect(d.patch).toContain('new file mode 100644');
    }
    const sum = totals(diffs);
    expect(sum.added + sum.removed).toBeGreaterThan(0);
  });

  it.skipIf(second === undefined)('reverses: a diff backwards swaps added and removed', () => {
    const forward = totals(diffSteps(first!.number, second!.number));
    const backward = totals(diffSteps(second!.number, first!.number));
    expect(backward).toEqual({ added: forward.removed, removed: forward.added });
  });

  it('knows all fifteen steps of the syllabus', () => {
    expect(SYLLABUS).toHaveLength(15);
  });
});
