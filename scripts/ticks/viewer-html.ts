/**
 * The tick viewer's markup on a step page: controls, the five panels, and the
 * step's recording embedded as JSON, so that the page works offline. Its
 * behaviour is docs/assets/tick-viewer.js; its look, docs/assets/tick-viewer.css.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type StepInfo } from '../../shared/steps.ts';
import { ticksPath, type StepRecording } from './record.ts';

/** The recording of a step, or null when `npm run ticks` has not made one. */
export function readRecording(step: StepInfo): StepRecording | null {
  const path = join(ROOT, ticksPath(step));
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as StepRecording) : null;
}

/** JSON that is safe inside a script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** What the viewer says under its controls about the recording itself. */
function caption(file: StepRecording): string {
  const shown = file.ticks.length;
  const total = file.totalTicks;
  const ticks = total === undefined ? `all ${shown} ticks` : `the first ${shown} of its ${total} ticks`;
  return `A real run of this step's demo (<code>main.ts</code>), recorded by <code>npm run ticks</code>: ${ticks}. Use the buttons, the slider, or the ← and → keys.`;
}

/**
 * One empty target per tick number, so that a lesson's link to `#tick-3` lands
 * on the viewer (which then shows that tick) and is a link the site can check.
 */
function anchors(file: StepRecording): string {
  const numbers = [...new Set(file.ticks.map((t) => t.n))];
  return `<div class="tv-anchors">${numbers.map((n) => `<span id="tick-${n}"></span>`).join('')}</div>`;
}

/** The viewer for `step`, or an empty string when it has no recording. */
export function tickViewerHtml(step: StepInfo, file = readRecording(step)): string {
  if (file === null || file.ticks.length === 0) return '';
  const sockets = file.ticks.some((t) => t.after.sockets !== undefined);
  const panels = ['ready', 'timers', 'tasks', ...(sockets ? ['sockets'] : []), 'output'];
  return [
    `<section class="tick-viewer" data-tick-viewer data-step="${step.number}">`,
    `<script type="application/json" class="tick-data">${scriptJson(file)}</script>`,
    `<p class="tv-caption">${caption(file)}</p>`,
    '<div class="tv-controls">',
    '<button type="button" data-tick-prev aria-label="Previous tick">← Prev</button>',
    '<button type="button" data-tick-play>Play</button>',
    '<button type="button" data-tick-next aria-label="Next tick">Next →</button>',
    `<input type="range" min="1" max="${file.ticks.length}" value="1" data-tick-slider aria-label="Tick">`,
    '<span class="tv-where">Tick <strong data-tick-number>1</strong><span data-tick-loop></span>',
    ' <span class="tv-position" data-tick-position></span></span>',
    '</div>',
    '<p class="tv-wait" data-tick-wait></p>',
    `<div class="tv-panels">${panels.map((p) => `<div class="tv-panel" data-tick-panel="${p}"></div>`).join('')}</div>`,
    anchors(file),
    '</section>',
  ].join('\n');
}
