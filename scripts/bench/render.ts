/**
 * The docs page, rendered from docs/bench.json: per bench a hand-made inline SVG
 * chart across the steps and a table of the figures, then how they were taken
 * and, for maintainers, the targets table.
 * Pure: the same JSON always gives the same page (a test checks the committed one).
 */
import { BENCHES, type BenchSpec } from './benches.ts';
import { formatNumber, formatRatio, ratio } from './stats.ts';
import { checkTargets, statusLabel, TARGET_STEP } from './targets.ts';
import type { BenchFile, Meta, Row } from './types.ts';

const COLORS = { ours: '#e8743b', asyncio: '#3572a5', node: '#3c873a', grid: '#d0d0d0', text: '#555' } as const;
const W = 640;
const H = 260;
const PAD = { left: 56, right: 96, top: 34, bottom: 40 } as const;

/** Escape text for HTML and SVG. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round step for `count` gridlines up to `max`: 1, 2 or 5 times a power of ten. */
export function niceStep(max: number, count = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/** A coordinate with at most one decimal, so the SVG stays short and stable. */
function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The label under a bar: the step, or the size for scaling rows. */
function xLabel(row: Row, scaling: boolean): string {
  if (scaling) return `n=10^${Math.round(Math.log10(row.n))}`;
  return row.step === null ? '' : `step ${String(row.step).padStart(2, '0')}`;
}

/** The value of a baseline across the rows (they share one measurement), or null. */
function baseline(rows: readonly Row[], impl: 'asyncio' | 'node'): number | null {
  return rows.find((r) => r[impl] !== null)?.[impl] ?? null;
}

/** The chart's y range top: the largest figure (with its spread), with a little headroom. */
function yTop(rows: readonly Row[]): number {
  const all = rows.flatMap((r) => [r.oursMax, r.ours, r.asyncio, r.node]).filter((v): v is number => v !== null);
  const max = Math.max(0, ...all) * 1.15;
  const step = niceStep(max);
  return Math.ceil(max / step) * step || 1;
}

/** Horizontal gridlines with their labels. */
function grid(top: number, y: (v: number) => number): string[] {
  const out: string[] = [];
  const step = niceStep(top);
  for (let v = 0; v <= top + step / 2; v += step) {
    out.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${px(y(v))}" y2="${px(y(v))}" stroke="${COLORS.grid}" stroke-width="1"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${px(y(v) + 4)}" text-anchor="end" font-size="11" fill="${COLORS.text}">${formatNumber(v)}</text>`);
  }
  return out;
}

/** A dashed line across the plot for a baseline, labelled at its right end (at `labelY`, moved apart from the other label). */
function baselineLine(value: number | null, name: 'asyncio' | 'node', y: (v: number) => number, labelY: number): string[] {
  if (value === null) return [];
  const yy = px(y(value));
  return [
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${yy}" y2="${yy}" stroke="${COLORS[name]}" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<text x="${W - PAD.right + 6}" y="${px(labelY + 4)}" font-size="11" fill="${COLORS[name]}">${name} ${formatNumber(value)}</text>`,
  ];
}

/** Label heights for two baselines, pushed at least a line apart so they never overlap. */
export function labelPositions(a: number, b: number, gap = 13): [number, number] {
  if (Math.abs(a - b) >= gap) return [a, b];
  const mid = (a + b) / 2;
  return a <= b ? [mid - gap / 2, mid + gap / 2] : [mid + gap / 2, mid - gap / 2];
}

/** Both baselines as dashed lines. */
function baselines(rows: readonly Row[], y: (v: number) => number): string[] {
  const a = baseline(rows, 'asyncio');
  const n = baseline(rows, 'node');
  const [ya, yn] = labelPositions(y(a ?? 0), y(n ?? 0));
  return [...baselineLine(a, 'asyncio', y, a !== null && n !== null ? ya : y(a ?? 0)), ...baselineLine(n, 'node', y, a !== null && n !== null ? yn : y(n ?? 0))];
}

/** One bar for our median, a whisker for min-max, the ratio to asyncio above and the label below. */
function bar(row: Row, i: number, count: number, scaling: boolean, y: (v: number) => number): string[] {
  const slot = (W - PAD.left - PAD.right) / count;
  const width = Math.min(44, slot * 0.6);
  const cx = PAD.left + slot * (i + 0.5);
  const out = [`<text x="${px(cx)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="${COLORS.text}">${xLabel(row, scaling)}</text>`];
  if (row.ours === null) return out;
  out.push(`<rect x="${px(cx - width / 2)}" y="${px(y(row.ours))}" width="${px(width)}" height="${px(y(0) - y(row.ours))}" fill="${COLORS.ours}"/>`);
  if (row.oursMin !== null && row.oursMax !== null) {
    out.push(`<line x1="${px(cx)}" x2="${px(cx)}" y1="${px(y(row.oursMin))}" y2="${px(y(row.oursMax))}" stroke="#333" stroke-width="1.5"/>`);
  }
  const r = ratio(row.ours, row.asyncio, row.better);
  const label = r === null ? formatNumber(row.ours) : `${formatRatio(r)}`;
  out.push(`<text x="${px(cx)}" y="${px(y(row.oursMax ?? row.ours) - 5)}" text-anchor="middle" font-size="11" fill="#222">${label}</text>`);
  return out;
}

/** The legend along the top. */
function legend(scaling: boolean): string {
  const items = scaling ? [['ours', 'our loop (bar), min-max (whisker)']] as const
    : [['ours', 'ours (bar, min-max whisker, label = x asyncio)'], ['asyncio', 'asyncio'], ['node', 'Node']] as const;
  let x = PAD.left;
  const parts: string[] = [];
  for (const [impl, text] of items) {
    parts.push(`<rect x="${x}" y="8" width="12" height="12" fill="${COLORS[impl]}"/><text x="${x + 16}" y="18" font-size="11" fill="#222">${escapeXml(text)}</text>`);
    x += 24 + text.length * 6;
  }
  return parts.join('');
}

/** The inline SVG chart of one bench's rows. */
export function chart(spec: BenchSpec, rows: readonly Row[]): string {
  const scaling = spec.name.startsWith('scaling');
  const top = yTop(rows);
  const y = (v: number): number => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const body = [
    ...grid(top, y),
    ...baselines(rows, y),
    ...rows.flatMap((row, i) => bar(row, i, rows.length, scaling, y)),
    legend(scaling),
  ];
  if (rows.every((r) => r.ours === null)) {
    body.push(`<text x="${px((W - PAD.right + PAD.left) / 2)}" y="${px(H / 2)}" text-anchor="middle" font-size="13" fill="${COLORS.text}">no step has this feature yet</text>`);
  }
  const title = `${spec.title} (${spec.unit}, ${spec.better} is better)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" style="max-width:100%;height:auto" role="img" aria-label="${escapeXml(title)}" font-family="sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** A figure with its spread: "1.2M (1.1M-1.3M)". */
function withSpread(median: number | null, min: number | null, max: number | null): string {
  if (median === null) return '–';
  return min === null || max === null ? formatNumber(median) : `${formatNumber(median)} (${formatNumber(min)}-${formatNumber(max)})`;
}

/** Out-of-order and early fires per implementation, for the timers table. */
function countsCell(row: Row): string {
  const c = row.counts;
  if (!c) return '';
  return (['ours', 'asyncio', 'node'] as const)
    .filter((impl) => c[impl])
    .map((impl) => `${impl}: ${c[impl]!.outOfOrder} / ${c[impl]!.early}`)
    .join('; ');
}

/** The markdown table of one bench's rows. */
export function table(spec: BenchSpec, rows: readonly Row[]): string {
  const scaling = spec.name.startsWith('scaling');
  const timers = rows.some((r) => r.counts);
  const head = [scaling ? 'n' : 'step', 'ours', 'asyncio', 'Node', 'ours vs asyncio', 'ours vs Node'];
  if (timers) head.push('out of order / early (worst run)');
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const cells = [
      scaling ? formatNumber(r.n) : r.step === null ? 'none yet' : String(r.step),
      withSpread(r.ours, r.oursMin, r.oursMax),
      withSpread(r.asyncio, r.asyncioMin, r.asyncioMax),
      withSpread(r.node, r.nodeMin, r.nodeMax),
      formatRatio(ratio(r.ours, r.asyncio, r.better)),
      formatRatio(ratio(r.ours, r.node, r.better)),
    ];
    if (timers) cells.push(countsCell(r));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The targets table. */
function targetsSection(rows: readonly Row[]): string {
  const lines = ['| target | step | figure | status |', '|---|---|---|---|'];
  for (const t of checkTargets(rows)) {
    lines.push(`| ${escapeXml(t.target)} | ${t.step ?? '–'} | ${escapeXml(t.figure)} | ${escapeXml(statusLabel(t))} |`);
  }
  return lines.join('\n');
}

/** The paragraph saying how and where the figures were taken. */
function metaSection(meta: Meta): string {
  const mode = meta.mode === 'quick'
    ? 'a `--quick` run (smaller workloads, the same per-second units; per bench only the latest step that can run it, and one run of the scaling benches; a full run measures every step)'
    : 'a full run';
  return [
    `These figures come from ${mode} on ${meta.date}: ${meta.runs} runs of each implementation, interleaved, each in a fresh process;`,
    `Node ${meta.node}, Python ${meta.python}, ${meta.cpus}.`,
    `Steps built at the time: ${meta.stepsPresent.join(', ') || 'none'}.`,
  ].join('\n');
}

/** One bench's section: heading, what it does, chart, table. */
function benchSection(spec: BenchSpec, rows: readonly Row[], meta: Meta): string {
  const steps = meta.measured[spec.name] ?? [];
  const n = rows[0]?.n;
  const sized = spec.name.startsWith('scaling') ? '' : ` n = ${n === undefined ? '–' : n.toLocaleString('en-US')} per run.`;
  const which = steps.length > 0 ? `Steps measured: ${steps.join(', ')}.` : 'No step has this feature yet: only the baselines were measured.';
  return [
    `## ${spec.title}`,
    '',
    `${spec.about}${sized} Unit: ${spec.unit}, ${spec.better} is better. ${which}`,
    '',
    '<div class="bench-chart">',
    chart(spec, rows),
    '</div>',
    '',
    table(spec, rows),
  ].join('\n');
}

/** What a reader learns from the charts, before any of them. */
const READING_GUIDE = [
  'Each chart shows one workload across the steps: a bar is our loop at that step (the median of the runs,',
  'its whisker the fastest and slowest run), labelled with its speed as a multiple of asyncio\'s;',
  'the dashed lines are CPython\'s asyncio and Node itself on the same workload.',
  'Read the bars from left to right to see what each idea costs: a step whose idea adds work to every',
  'tick shows as a drop, and the tables under the charts give the figures.',
].join('\n');

/** The whole page, front matter included: the charts first, the bookkeeping after. */
export function renderPage(file: BenchFile): string {
  const sections = BENCHES
    .map((spec) => [spec, file.rows.filter((r) => r.bench === spec.name)] as const)
    .filter(([, rows]) => rows.length > 0)
    .map(([spec, rows]) => benchSection(spec, rows, file.meta));
  return [
    '---',
    'title: Benchmarks',
    '---',
    '',
    '# Benchmarks',
    '',
    'How fast is each step\'s loop, beside CPython\'s asyncio and Node itself running the same workload?',
    '',
    READING_GUIDE,
    '',
    ...sections.flatMap((s) => [s, '']),
    '## How these figures were taken',
    '',
    'Run `npm run bench` (or `npm run bench -- --quick`, under a minute) to measure on your machine;',
    'it prints a table, writes `docs/bench.json` and regenerates this page from it.',
    'The machine is noisy, so read the ratios: they compare runs taken side by side in the same minute.',
    'Each figure is the median of the runs, with min-max beside it.',
    '',
    metaSection(file.meta),
    '',
    `## For maintainers: targets for the step-${TARGET_STEP} loop`,
    '',
    `The goals the project set for its last loop, also printed by \`npm run bench\`. Where a bench cannot run on step ${TARGET_STEP} yet, the latest step that runs it is shown as a preview.`,
    '',
    targetsSection(file.rows),
    '',
  ].join('\n');
}
