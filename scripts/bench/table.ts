/**
 * The terminal table: one line per row, columns padded to fit.
 */
import { formatNumber, formatRatio, ratio } from './stats.ts';
import { checkTargets, statusLabel } from './targets.ts';
import type { Row } from './types.ts';

/** Lay out `cells` in columns padded to their widest entry. */
export function columns(cells: readonly (readonly string[])[]): string {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  return cells.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** A median with its spread: "1.2M [1.1M-1.3M]". */
function spread(median: number | null, min: number | null, max: number | null): string {
  if (median === null) return '–';
  return `${formatNumber(median)} [${formatNumber(min)}-${formatNumber(max)}]`;
}

/** The results as text, for the terminal. */
export function resultsTable(rows: readonly Row[]): string {
  const head = ['bench', 'step', 'n', 'unit', 'ours [min-max]', 'asyncio', 'node', 'vs asyncio', 'vs node', 'out-of-order/early'];
  const body = rows.map((r) => [
    r.bench, r.step === null ? '–' : String(r.step), formatNumber(r.n), r.unit,
    spread(r.ours, r.oursMin, r.oursMax), spread(r.asyncio, r.asyncioMin, r.asyncioMax), spread(r.node, r.nodeMin, r.nodeMax),
    formatRatio(ratio(r.ours, r.asyncio, r.better)), formatRatio(ratio(r.ours, r.node, r.better)),
    r.counts ? Object.entries(r.counts).map(([impl, c]) => `${impl} ${c.outOfOrder}/${c.early}`).join(' ') : '',
  ]);
  return columns([head, ...body]);
}

/** The targets as text, for the terminal. */
export function targetsTable(rows: readonly Row[]): string {
  return columns([['target', 'figure', 'status'], ...checkTargets(rows).map((t) => [t.target, t.figure, statusLabel(t)])]);
}
