/**
 * `npm run ticks`: record every step's demo tick by tick (shared/recorder.ts)
 * into docs/ticks/stepNN.json, which the site's tick viewer plays back.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../shared/steps.ts';
import { renderAllTicks, TICKS_DIR } from './ticks/record.ts';

const dir = join(ROOT, TICKS_DIR);
const files = await renderAllTicks();
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
for (const [path, text] of files) writeFileSync(join(ROOT, path), text);
for (const name of readdirSync(dir).sort()) {
  const text = files.get(`${TICKS_DIR}/${name}`) ?? '';
  const ticks = (JSON.parse(text) as { ticks: unknown[] }).ticks.length;
  console.log(`${TICKS_DIR}/${name}: ${ticks} ticks, ${(text.length / 1024).toFixed(1)} KB`);
}
