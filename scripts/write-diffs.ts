/**
 * `npm run diffs`: regenerate docs/diffs/ from the steps. The folder is replaced
 * as a whole, so a file of a step that no longer changes never lingers.
 */
import { join } from 'node:path';
import { ROOT } from '../shared/steps.ts';
import { DIFFS_DIR, renderDiffFolder } from './diffs/docs-diffs.ts';
import { writeFolder } from './lib/generated-files.ts';

const files = renderDiffFolder();
writeFolder(ROOT, join(ROOT, DIFFS_DIR), files);
console.log(`wrote ${files.size} files to ${DIFFS_DIR}/`);
