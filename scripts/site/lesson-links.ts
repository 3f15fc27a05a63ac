/**
 * A lesson (steps/stepNN/README.md) is written for GitHub: its links are relative to
 * the step's folder. On the site the lesson becomes part of a generated page, so each
 * relative link is rewritten to what it means there: another step's page, a section
 * of a step page, a project document, or (for any other repository file) a path
 * TypeDoc can resolve from the generated page's folder.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROOT, STEPS } from '../../shared/steps.ts';

/** TypeDoc's heading anchor for a heading text (its Slugger, lower-cased, first use). */
export function anchorOf(heading: string): string {
  const slug = heading
    .trim()
    .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, '')
    .replace(/\s/g, '-')
    .replace(/--+/, '-');
  return (slug || '_').toLocaleLowerCase();
}

/** Where a link to a repository path (relative to ROOT, POSIX) points on the site, or null to unlink it. */
type Resolver = (repoPath: string, hash: string) => string | null;

/** Anchors of the sections every step page has (see step-page.ts); "Run it" is the lesson's own. */
const SECTION = { run: 'run-it', source: 'source-files', diff: 'what-changed' } as const;

/** The link target on the site for a path inside the repository. */
function siteTarget(repoPath: string, hash: string, pageDir: string): string | null {
  const step = /^steps\/(step\d\d)(?:\/(.*))?$/.exec(repoPath);
  const page = (id: string, anchor: string): string => `./${id}.md${anchor}`;
  if (step) {
    const [, id, file = ''] = step;
    if (!STEPS.some((s) => s.id === id)) return null; // a step not built yet: keep the text only
    if (file === '' || file === 'README.md') return page(id!, hash);
    if (file.endsWith('.ts') && !file.endsWith('.test.ts')) return page(id!, `#${anchorOf(file)}`);
  }
  const output = /^docs\/(?:outputs\/(step\d\d)\.txt|diffs\/(step\d\d)(?:\.md|\/.*))$/.exec(repoPath);
  if (output) {
    const id = output[1] ?? output[2]!;
    return page(id, `#${output[1] ? SECTION.run : SECTION.diff}`);
  }
  if (!existsSync(join(ROOT, repoPath))) return `${repoPath}${hash}`; // left broken: the build reports it
  return `${relative(pageDir, join(ROOT, repoPath)).split('\\').join('/')}${hash}`;
}

/** Rewrite one link target written relative to `fromDir` (absolute). */
function rewriteTarget(target: string, fromDir: string, resolveLink: Resolver): string | null {
  if (/^(?:[a-z][\w+.-]*:|#|\/\/)/i.test(target)) return target; // absolute URL or in-page anchor
  const [path = '', hash = ''] = /^([^#?]*)(.*)$/.exec(target)!.slice(1);
  const repoPath = relative(ROOT, resolve(fromDir, decodeURI(path))).split('\\').join('/');
  return resolveLink(repoPath, hash);
}

/** Apply `rewrite` to the links of lines outside fenced code blocks. */
function mapLinks(markdown: string, rewrite: (target: string) => string | null): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker && (fence === null || marker.startsWith(fence))) {
        fence = fence === null ? marker : null;
        return line;
      }
      if (fence !== null) return line;
      return rewriteLine(line, rewrite);
    })
    .join('\n');
}

/** Rewrite inline links `[text](target)` / `![alt](target)` and reference definitions `[id]: target`. */
function rewriteLine(line: string, rewrite: (target: string) => string | null): string {
  const def = /^(\s{0,3}\[[^\]]+\]:\s*)(\S+)(.*)$/.exec(line);
  if (def) {
    const target = rewrite(def[2]!);
    return target === null ? `${def[1]}#${def[3]}` : `${def[1]}${target}${def[3]}`;
  }
  return line.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)(\s+"[^"]*")?\)/g, (whole, bang: string, text: string, url: string, title = '') => {
    if (inCode(line, line.indexOf(whole))) return whole;
    const target = rewrite(url);
    return target === null ? text : `${bang}[${text}](${target}${title})`;
  });
}

/** Whether position `at` of `line` is inside an inline code span. */
function inCode(line: string, at: number): boolean {
  return (line.slice(0, at).match(/`/g) ?? []).length % 2 === 1;
}

/**
 * The lesson of a step with its links rewritten for a page generated in `pageDir`
 * (absolute), the folder where the other step pages are generated too.
 */
export function rewriteLessonLinks(markdown: string, stepFolder: string, pageDir: string): string {
  const resolver: Resolver = (repoPath, hash) => siteTarget(repoPath, hash, pageDir);
  return mapLinks(markdown, (target) => rewriteTarget(target, stepFolder, resolver));
}
