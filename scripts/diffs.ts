/**
 * `npm run diffs`: regenerate docs/diffs/ from the steps. The folder is deleted
 * and written again, so a file of a step that no longer changes never lingers.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../shared/steps.ts';
import { DIFFS_DIR, renderDiffPages } from './lib/diff-pages.ts';

/** Replace docs/diffs/ with exactly the rendered files. */
function writeDiffs(): number {
  const files = renderDiffPages();
  rmSync(join(ROOT, DIFFS_DIR), { recursive: true, force: true });
  for (const [path, content] of files) {
    const target = join(ROOT, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return files.size;
}

const count = writeDiffs();
console.log(`wrote ${count} files to ${DIFFS_DIR}/`);
