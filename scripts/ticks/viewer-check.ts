/**
 * What the tick viewer must show, computed from a step's recording on its own
 * (not with the viewer's code), and a walk through a viewer in the browser that
 * compares each tick's panels with it. Used by scripts/site/browser.test.ts.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { RanView, StateView, TaskView, SocketView, TimerView } from '../../shared/recorder.ts';
import type { StepRecording } from './record.ts';

/** The few DOM types the check below uses inside the page (tsconfig.json has no DOM types). */
interface Node {
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<Node>;
  readonly children: ArrayLike<Node>;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): ArrayLike<Node>;
}
declare const document: Node;

/** The text of each panel at one tick. */
export interface PanelTexts {
  readonly tick: string;
  readonly ran: string[];
  readonly queue: string[];
  readonly timers: string[];
  readonly tasks: string[];
  readonly sockets: string[];
  readonly output: string[];
}

/** The state after every tick, rebuilt from the stored deltas. */
function states(file: StepRecording): StateView[] {
  let state: Record<string, unknown> = { queue: [] };
  return file.ticks.map((tick) => {
    const next: Record<string, unknown> = { ...state };
    for (const [key, value] of Object.entries(tick.after)) {
      const list = key.replace(/Gone$/, '');
      const old = (next[list] ?? []) as { id: number }[];
      if (key.endsWith('Gone')) next[list] = old.filter((item) => !(value as number[]).includes(item.id));
      else if (key === 'tasks' || key === 'sockets') {
        const byId = new Map(old.map((item) => [item.id, item]));
        for (const item of value as { id: number }[]) byId.set(item.id, item);
        next[key] = [...byId.values()].sort((a, b) => a.id - b.id);
      } else next[key] = value;
    }
    state = next;
    return next as unknown as StateView;
  });
}

const ms = (t: TimerView): string => `${Math.round(t.at * 1000)} ms: ${t.handle}`;
const task = (t: TaskView): string => `task ${t.id}: ${t.state}${t.waits ? `, waits on ${t.waits}` : ''}`;
const socket = (s: SocketView): string => `${s.kind} ${s.id}: ${s.events}`;

/** What each panel must show at each tick of `file`. */
export function expectedPanels(file: StepRecording): PanelTexts[] {
  const output: string[] = [];
  return states(file).map((state, i) => {
    const tick = file.ticks[i]!;
    const ran = (tick.ran ?? []).map((r): RanView => (typeof r === 'string' ? { handle: r, output: [] } : r));
    output.push(...(tick.before ?? []), ...ran.flatMap((r) => r.output));
    return {
      tick: String(tick.n),
      ran: ran.map((r) => r.handle),
      queue: state.queue,
      timers: (state.timers ?? []).map(ms),
      tasks: (state.tasks ?? []).map(task),
      sockets: (state.sockets ?? []).map(socket),
      output: [...output],
    };
  });
}

/** What the viewer on `page` shows now. */
export function shownPanels(page: Page): Promise<PanelTexts> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-tick-viewer]')!;
    const items = (panel: string, nth = 0): string[] => {
      const list = root.querySelectorAll(`[data-tick-panel="${panel}"] > ol.tv-list`)[nth];
      return Array.from(list?.children ?? []).map((li) => li.childNodes[0]?.textContent ?? '');
    };
    const ready = root.querySelector('[data-tick-panel="ready"]')!;
    const queueList = ready.querySelector('h5 + ol.tv-list');
    const pre = root.querySelector('[data-tick-panel="output"] pre')!;
    const printed = pre.querySelectorAll('.tv-line');
    return {
      tick: root.querySelector('[data-tick-number]')!.textContent ?? '',
      ran: queueList === null || ready.querySelectorAll('ol.tv-list').length > 1 ? items('ready') : [],
      queue: Array.from(queueList?.children ?? []).map((li) => li.textContent ?? ''),
      timers: items('timers'),
      tasks: items('tasks'),
      sockets: items('sockets'),
      output: Array.from(printed).map((line) => (line.textContent ?? '').replace(/\n$/, '')),
    };
  });
}

/** Walk the viewer from the first tick to the last with the next button, panel by panel. */
export async function walkViewer(page: Page, file: StepRecording): Promise<void> {
  const expected = expectedPanels(file);
  const next = page.locator('[data-tick-next]');
  for (const [i, want] of expected.entries()) {
    if (i > 0) await next.click();
    expect(await shownPanels(page), `tick ${i + 1} of ${expected.length}`).toEqual(want);
  }
  await expect(next.isDisabled(), 'next is disabled on the last tick').resolves.toBe(true);
}
