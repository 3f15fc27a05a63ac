/**
 * `npm run outputs`: run every built step's demo and write docs/outputs/stepNN.txt,
 * then copy each output into its lesson (between the demo-output markers).
 * The folder is replaced as a whole, so an output of a removed step never lingers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../shared/steps.ts';
import { writeFolder } from './lib/generated-files.ts';
import { lessonsWithOutputs } from './outputs/lesson-output.ts';
import { OUTPUTS_DIR, renderOutputs } from './outputs/demo-outputs.ts';

/** Render and write the outputs; returns how many files were written. */
export async function writeOutputs(): Promise<number> {
  const files = await renderOutputs();
  writeFolder(ROOT, join(ROOT, OUTPUTS_DIR), files);
  for (const [path, text] of lessonsWithOutputs()) writeFileSync(path, text);
  return files.size;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = await writeOutputs();
  console.log(`wrote ${count} files to ${OUTPUTS_DIR}/`);
}
