/** docs/ticks/ must be what the recorder writes now, byte for byte, and recording must be repeatable. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TickView } from '../../shared/recorder.ts';
import { ROOT, STEPS } from '../../shared/steps.ts';
import { compact, MAX_TICKS, renderAllTicks, renderTicks, TICKS_DIR, type StepRecording } from './record.ts';

describe('tick recordings', () => {
  it('are up to date (run npm run ticks)', async () => {
    const files = await renderAllTicks();
    const stale = [...files].filter(([path, text]) => {
      const target = join(ROOT, path);
      return !existsSync(target) || readFileSync(target, 'utf8') !== text;
    });
    const extra = readdirSync(join(ROOT, TICKS_DIR)).filter((f) => !files.has(`${TICKS_DIR}/${f}`));
    expect([...stale.map(([path]) => path), ...extra], 'docs/ticks/ is stale: run npm run ticks').toEqual([]);
  }, 180_000);

  it('records the same bytes twice, and stays under 200 KB a step', async () => {
    const step = STEPS.find((s) => s.number === 6)!;
    const first = await renderTicks(step);
    expect(await renderTicks(step)).toBe(first);
    for (const s of STEPS) {
      const size = readFileSync(join(ROOT, TICKS_DIR, `${s.id}.json`)).length;
      expect(size, `${s.id}.json is ${size} bytes`).toBeLessThan(200 * 1024);
    }
  }, 60_000);

  it('step 06: every tick, in order, with what ran and what it printed', () => {
    const file = JSON.parse(readFileSync(join(ROOT, TICKS_DIR, 'step06.json'), 'utf8')) as StepRecording;
    expect(file.ticks.map((t) => t.n)).toEqual(file.ticks.map((_, i) => i + 1));
    expect(file.ticks[0]!.ran).toEqual([
      {
        handle: '<Handle step()> of task 1',
        output: ['  main created <Task pending> and <Task pending>, and waits for the slow one first'],
      },
    ]);
    expect(file.ticks.length).toBeLessThanOrEqual(MAX_TICKS);
  });

  it('stores the state after a tick as what changed: lists by id, the rest whole', () => {
    const tick = (n: number, after: TickView['after']): TickView => ({
      n, before: [], due: [], io: [], ready: ['h'], ran: [{ handle: 'h', output: [] }], after,
    });
    const one = { id: 1, state: 'pending', waits: '' };
    const stored = compact([
      tick(1, { queue: ['a'], tasks: [one, { id: 2, state: 'pending', waits: '' }] }),
      tick(2, { queue: ['a'], tasks: [{ ...one, state: 'done' }] }),
    ]);
    expect(stored[1]).toEqual({
      n: 2, ran: ['h'], after: { tasks: [{ id: 1, state: 'done', waits: '' }], tasksGone: [2] },
    });
  });
});
