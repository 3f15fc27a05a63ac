/** docs/outputs/ must be what the demos print now, byte for byte. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, STEPS } from '../../shared/steps.ts';
import { staleFiles } from '../lib/generated-files.ts';
import { OUTPUTS_DIR, portableStderr, renderOutputs } from './demo-outputs.ts';

describe('docs/outputs', () => {
  it('is up to date (run npm run outputs)', async () => {
    const files = await renderOutputs();
    expect(files.size).toBe(STEPS.length);
    const stale = staleFiles(ROOT, join(ROOT, OUTPUTS_DIR), files);
    expect(stale, 'docs/outputs/ is stale: run npm run outputs').toEqual([]);
  }, 120_000);

  it('renders the same bytes twice (demos must not print timings)', async () => {
    const first = await renderOutputs(STEPS.slice(0, 3));
    const second = await renderOutputs(STEPS.slice(0, 3));
    expect(second).toEqual(first);
  }, 120_000);

  it('drops stack frames and the checkout path from stderr', () => {
    const err = `Error: boom\n    at f (${ROOT}/steps/step02/main.ts:3:9)\nsee ${ROOT}/x\n`;
    expect(portableStderr(err)).toBe('Error: boom\nsee ./x\n');
  });
});
