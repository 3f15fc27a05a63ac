import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../shared/steps.ts';
import { benchSpec } from './benches.ts';
import { chart, escapeXml, labelPositions, niceStep, renderPage } from './render.ts';
import type { BenchFile, Row } from './types.ts';

const committed = JSON.parse(readFileSync(join(ROOT, 'docs', 'bench.json'), 'utf8')) as BenchFile;

/** A row with every figure given. */
function row(step: number, ours: number): Row {
  return {
    bench: 'chain', step, unit: 'callbacks/s', better: 'higher', n: 1000, runs: 3,
    ours, asyncio: 100, node: 200, oursMin: ours - 1, oursMax: ours + 1,
    asyncioMin: 99, asyncioMax: 101, nodeMin: 199, nodeMax: 201,
  };
}

describe('the benchmarks page', () => {
  it('is the render of the committed docs/bench.json (rerun `npm run bench` to refresh both)', () => {
    const page = readFileSync(join(ROOT, 'docs', 'pages', 'benchmarks.md'), 'utf8');
    expect(page).toBe(renderPage(committed));
  });
  it('has the front matter the docs site needs, and no blank line inside a chart', () => {
    const page = renderPage(committed);
    expect(page.startsWith('---\ntitle: Benchmarks\n---\n')).toBe(true);
    for (const block of page.match(/<div class="bench-chart">[\s\S]*?<\/div>/g) ?? []) expect(block).not.toMatch(/\n\s*\n/);
  });
  it('has rows in the shape the issue asks for', () => {
    for (const r of committed.rows) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['bench', 'step', 'unit', 'ours', 'asyncio', 'node']));
    }
  });
});

describe('the chart', () => {
  it('draws one bar per step and labels it with the ratio to asyncio', () => {
    const svg = chart(benchSpec('chain'), [row(1, 300), row(2, 150)]);
    expect(svg.match(/<rect [^>]*width="44" [^>]*fill="#e8743b"\/>/g)).toHaveLength(2);
    expect(svg).toContain('>3.00x<');
    expect(svg).toContain('>1.50x<');
    expect(svg).toContain('step 01');
  });
  it('says so when no step has the feature', () => {
    const svg = chart(benchSpec('echo-streams-seq'), [{ ...row(1, 0), step: null, ours: null, oursMin: null, oursMax: null }]);
    expect(svg).toContain('no step has this feature yet');
  });
  it('escapes text and picks round gridlines', () => {
    expect(escapeXml('a < b & "c"')).toBe('a &lt; b &amp; &quot;c&quot;');
    expect(niceStep(1000)).toBe(500);
    expect(niceStep(3.3)).toBe(1);
    expect(niceStep(0)).toBe(1);
  });
  it('keeps the baseline labels apart', () => {
    expect(labelPositions(100, 150)).toEqual([100, 150]);
    expect(labelPositions(100, 104)).toEqual([95.5, 108.5]);
    expect(labelPositions(104, 100)).toEqual([108.5, 95.5]);
  });
});
