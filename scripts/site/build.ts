/**
 * Building the site: write the generated pages into a build folder, then run the
 * TypeDoc CLI on the steps, with typedoc.json and our plugin (plugin.ts, loaded
 * through tsx). Warnings count as errors, so a broken link fails the build.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, SYLLABUS } from '../../shared/steps.ts';
import { listFiles, writeFolder } from '../lib/generated-files.ts';
import { projectDocuments } from './home-page.ts';
import { renderSitePages } from './pages.ts';

/** Where `npm run docs` writes the site and its generated pages (both git-ignored). */
export const DEFAULT_SITE = {
  out: join(ROOT, 'site'),
  pagesDir: join(ROOT, 'node_modules/.cache/loop-docs'),
};

export interface SiteOptions {
  /** The site's folder (absolute). */
  readonly out: string;
  /** The folder for the generated pages (absolute); replaced on every build. */
  readonly pagesDir: string;
  /** Print TypeDoc's output as it comes (default true); otherwise it is part of the error. */
  readonly verbose?: boolean;
  /** More TypeDoc arguments, e.g. ['--logLevel', 'Warn']. */
  readonly extraArgs?: readonly string[];
}

/** TypeDoc's command line for this build: Node with tsx, so that the plugin is TypeScript. */
function typedocArgs(options: SiteOptions): string[] {
  const handWritten = projectDocuments().map((p) => join(ROOT, p));
  const docs = [join(options.pagesDir, 'pages/*.md'), ...handWritten];
  return [
    '--import', import.meta.resolve('tsx'),
    join(ROOT, 'node_modules/typedoc/bin/typedoc'),
    '--options', join(ROOT, 'typedoc.json'),
    '--out', resolve(options.out),
    '--name', `An event loop in ${SYLLABUS.length} steps`,
    '--stepPagesDir', options.pagesDir,
    '--readme', join(options.pagesDir, 'home.md'),
    ...docs.flatMap((d) => ['--projectDocuments', d]),
    '--treatWarningsAsErrors',
    ...(options.extraArgs ?? []),
  ];
}

/** Run TypeDoc; resolves with its output, rejects with it when it fails. */
function runTypedoc(options: SiteOptions): Promise<string> {
  const loud = options.verbose !== false;
  return new Promise((resolvePromise, reject) => {
    const env = { ...process.env, NO_COLOR: '1' };
    const child = spawn(process.execPath, typedocArgs(options), { cwd: ROOT, env });
    let log = '';
    const collect = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      if (loud) process.stdout.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(log);
      else reject(new Error(`TypeDoc failed (exit ${code})${loud ? '' : `:\n${log}`}`));
    });
  });
}

/** What a build reads: a site whose stamp holds the hash of these files is fresh. */
const INPUTS = ['steps', 'shared', 'docs/outputs', 'docs/pages', 'docs/assets', 'scripts'];
const INPUT_FILES = ['typedoc.json', 'tsconfig.json', 'package-lock.json'];

/** The file in a built site that records the hash of its inputs. */
const STAMP = '.build-hash';

/** A hash of every input of the site, to tell whether a built site is fresh. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const dirs = INPUTS.flatMap((dir) => listFiles(ROOT, join(ROOT, dir)));
  const files = [...dirs, ...INPUT_FILES.filter((f) => existsSync(join(ROOT, f)))];
  for (const file of files.sort()) {
    hash.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update('\0');
  }
  return hash.digest('hex');
}

/** Whether the site in `out` was built from the inputs as they are now. */
export function isFresh(out: string): boolean {
  const stamp = join(out, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === inputsHash();
}

/** Generate the pages and build the site into `options.out`, stamped with its inputs' hash. */
export async function buildSite(options: SiteOptions = DEFAULT_SITE): Promise<void> {
  const hash = inputsHash();
  writeFolder(options.pagesDir, options.pagesDir, await renderSitePages(options.pagesDir));
  await runTypedoc(options);
  writeFileSync(join(options.out, STAMP), hash);
}
