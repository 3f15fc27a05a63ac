/**
 * `npm run docs`: regenerate what is generated (docs/diffs/, docs/outputs/), then
 * build the site into site/ with TypeDoc and our plugin.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../shared/steps.ts';
import { DIFFS_DIR, renderDiffFolder } from './diffs/docs-diffs.ts';
import { writeFolder } from './lib/generated-files.ts';
import { buildSite, DEFAULT_SITE } from './site/build.ts';
import { writeOutputs } from './write-outputs.ts';

/** Regenerate docs/diffs/ and docs/outputs/, then build the site. */
export async function docs(): Promise<void> {
  const diffs = renderDiffFolder();
  writeFolder(ROOT, join(ROOT, DIFFS_DIR), diffs);
  console.log(`wrote ${diffs.size} files to ${DIFFS_DIR}/`);
  console.log(`wrote ${await writeOutputs()} files to docs/outputs/`);
  await buildSite(DEFAULT_SITE);
  console.log(`site built in ${DEFAULT_SITE.out}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await docs();
