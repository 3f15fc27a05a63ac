/** docs/diffs/ must be what `npm run diffs` writes now, byte for byte. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, STEPS } from '../../shared/steps.ts';
import { staleFiles } from '../lib/generated-files.ts';
import { DIFFS_DIR, renderDiffFolder } from './docs-diffs.ts';

describe('docs/diffs/', () => {
  const rendered = renderDiffFolder();

  it('is up to date (run `npm run diffs` and commit docs/diffs/)', () => {
    expect(staleFiles(ROOT, join(ROOT, DIFFS_DIR), rendered)).toEqual([]);
  });

  it('renders the same bytes twice', () => {
    expect([...renderDiffFolder()]).toEqual([...rendered]);
  });

  it('has a page for every built step after the first', () => {
    const pages = [...rendered.keys()].filter((p) => p.endsWith('.md'));
    expect(pages).toEqual(STEPS.slice(1).map((s) => `${DIFFS_DIR}/${s.id}.md`));
  });

  it('lists main.ts after the loop code, so the demo comes last', () => {
    for (const page of [...rendered].filter(([p]) => p.endsWith('.md')).map(([, text]) => text)) {
      const files = [...page.matchAll(/^## (\S+) \(/gm)].map((m) => m[1]);
      if (files.includes('main.ts')) expect(files.at(-1)).toBe('main.ts');
    }
  });
});
