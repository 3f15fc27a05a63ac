/**
 * Generated folders (docs/outputs/, the site's page folder) are written as a whole
 * from a map path → content, and compared with the disk by the staleness tests.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Replace folder `dir` (absolute) with exactly `files`, whose paths are relative to `base`. */
export function writeFolder(base: string, dir: string, files: ReadonlyMap<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of files) {
    const target = join(base, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** Every file under `dir`, as paths relative to `base`, sorted. */
export function listFiles(base: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(base, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** The paths whose content on disk differs from `files`, plus files on disk that `files` lacks. */
export function staleFiles(base: string, dir: string, files: ReadonlyMap<string, string>): string[] {
  const changed = [...files].filter(([path, content]) => {
    const target = join(base, path);
    return !existsSync(target) || readFileSync(target, 'utf8') !== content;
  });
  const extra = listFiles(base, dir).filter((path) => !files.has(path));
  return [...changed.map(([path]) => path), ...extra].sort();
}
