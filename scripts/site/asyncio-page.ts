/**
 * The page "How close to asyncio is each step", built from docs/conformance.json
 * (written by `npm run conformance` from a real run of the cases ported from
 * CPython's own asyncio tests): one table per CPython module, one row per case,
 * one column per step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, STEPS } from '../../shared/steps.ts';
import { REPORT_PATH, type CaseReport, type ConformanceReport } from '../conformance/report.ts';

/** The report, or null when `npm run conformance` has not written one. */
export function readReport(): ConformanceReport | null {
  const path = join(ROOT, REPORT_PATH);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ConformanceReport) : null;
}

/** A table cell must not end the row or the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The cell of one case on one step: a symbol, and for a difference the link to the lesson's reason. */
function outcome(c: CaseReport, step: number): string {
  const result = c.steps[String(step)];
  if (result === undefined) return '·';
  if (result === 'same') return '=';
  if (result === 'fails') return '**✗**';
  const [id, anchor] = (c.lesson ?? '').split('#');
  return `[≠](./${id}.md${anchor ? `#${anchor}` : ''})`;
}

function row(c: CaseReport): string {
  const cells = STEPS.map((s) => outcome(c, s.number));
  return `| ${cell(c.title)}<br>\`${cell(c.source)}\` | ${cells.join(' | ')} |`;
}

/** How many cases apply to, match, and differ at each step. */
function summary(cases: readonly CaseReport[]): string {
  const count = (step: number, kind: string): number => cases.filter((c) => c.steps[String(step)] === kind).length;
  const head = `| | ${STEPS.map((s) => String(s.number).padStart(2, '0')).join(' | ')} |`;
  const rule = `|---|${STEPS.map(() => '---:').join('|')}|`;
  const line = (label: string, kind: string): string =>
    `| ${label} | ${STEPS.map((s) => count(s.number, kind)).join(' | ')} |`;
  return [head, rule, line('same as asyncio', 'same'), line('differs on purpose', 'differs'), line('fails', 'fails')].join('\n');
}

function moduleTable(module: string, cases: readonly CaseReport[]): string {
  const head = `| Case | ${STEPS.map((s) => String(s.number).padStart(2, '0')).join(' | ')} |`;
  const rule = `|---|${STEPS.map(() => ':-:').join('|')}|`;
  return [`### ${module} (${cases.length} cases)`, [head, rule, ...cases.map(row)].join('\n')].join('\n\n');
}

/** The page's markdown. */
export function asyncioPage(report = readReport()): string {
  const front = ['---', 'title: How close to asyncio is each step', 'slug: asyncio', 'group: Guides', '---'].join('\n');
  if (report === null) return `${front}\n\n# How close to asyncio is each step\n\n_Run \`npm run conformance\`._\n`;
  const modules = [...new Set(report.cases.map((c) => c.module))];
  const intro = [
    `We ported ${report.cases.length} cases from CPython 3.11's own asyncio tests ` +
      '(`Lib/test/test_asyncio`). Each is written twice, once on our loop and once on real ' +
      'asyncio, and the two traces must be the same line for line. A case runs on the first ' +
      'step whose API it needs and on every step after it. This page is built from a real run ' +
      '(`npm run conformance`); the cases are in `conformance/stepNN.test.ts`.',
    'In each cell: **=** same trace as asyncio; **≠** differs on purpose, linked to the ' +
      "lesson's reason (the test pins our trace and checks that asyncio's really differs); " +
      '**·** not in this step: not yet, or no longer (a later step changed that behaviour on purpose); **✗** fails (a bug).',
  ].join('\n\n');
  const tables = modules.map((m) => moduleTable(m, report.cases.filter((c) => c.module === m)));
  return [front, '# How close to asyncio is each step', intro, '## Per step', summary(report.cases),
    '## Per CPython module', ...tables].join('\n\n').concat('\n');
}
