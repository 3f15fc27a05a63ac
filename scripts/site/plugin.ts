/**
 * The site's TypeDoc plugin, loaded through tsx (see build.ts). scripts/site/pages.ts
 * writes the generated pages, HTML fragments and static data into the folder named
 * by the `stepPagesDir` option; this plugin
 *  - replaces `<div data-include="fragments/x.html"></div>` in rendered pages with that fragment,
 *  - links the site's CSS and scripts in every page's head (and extra scripts
 *    named by a document's `scripts` front matter),
 *  - copies those assets and the folder's `static/` files into the site's `assets/`,
 *  - shapes the search index so that lessons come first (search.ts).
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Converter,
  DocumentReflection,
  JSX,
  KindRouter,
  PageEvent,
  ParameterType,
  Reflection,
  ReflectionKind,
  Renderer,
  RendererEvent,
  type Application,
  type Logger,
} from 'typedoc';
import { ROOT } from '../../shared/steps.ts';
import { LessonFirstSearch } from './search.ts';

/** Files copied into the site's assets/ folder: name in the site → source path. */
const ASSETS: Readonly<Record<string, string>> = {
  'loop-site.css': join(ROOT, 'docs/assets/site.css'),
  'loop-site.js': join(ROOT, 'docs/assets/site.js'),
  'loop-diff-view.js': join(ROOT, 'docs/assets/diff-view.js'),
  'loop-compare.js': join(ROOT, 'docs/assets/compare.js'),
  'loop-tick-viewer.js': join(ROOT, 'docs/assets/tick-viewer.js'),
  'loop-tick-viewer.css': join(ROOT, 'docs/assets/tick-viewer.css'),
};

/** What every page links: the site's styles (the diffs' colours come from static/) and scripts. */
const STYLES = ['loop-site.css', 'loop-highlight.css', 'loop-tick-viewer.css'];
const SCRIPTS = ['loop-diff-view.js', 'loop-site.js', 'loop-tick-viewer.js'];

/** A placeholder a generated page leaves for a fragment; the path stays inside the pages folder. */
const INCLUDE = /<div data-include="((?:[\w-]+\/)*[\w-]+\.html)"><\/div>/g;

/**
 * TypeDoc's default router, except that a document with a `slug` in its front matter
 * lives at documents/<slug>.html: step pages keep their URL when a title changes.
 */
class StepRouter extends KindRouter {
  override getIdealBaseName(reflection: Reflection): string {
    const slug = reflection instanceof DocumentReflection ? reflection.frontmatter['slug'] : undefined;
    if (typeof slug === 'string' && /^[\w-]+$/.test(slug)) return `documents/${slug}`;
    return super.getIdealBaseName(reflection);
  }
}

export function load(app: Application): void {
  app.renderer.defineRouter('loop-steps', StepRouter);
  app.options.addDeclaration({
    name: 'stepPagesDir',
    help: 'Folder of the generated pages, fragments and static files (from scripts/site/pages.ts).',
    type: ParameterType.Path,
    defaultValue: join(ROOT, 'node_modules/.cache/loop-docs'),
  });
  const pagesDir = (): string => app.options.getValue('stepPagesDir') as string;
  // Hand-written pages (docs/pages/*.md) without a group join the compare page under "Guides".
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, doc) => {
    if (!('group' in doc.frontmatter)) doc.frontmatter['group'] = 'Guides';
  });
  app.renderer.hooks.on('head.end', (context) => {
    const href = (name: string): string => context.relativeURL(`assets/${name}`, true);
    const link = (name: string): JSX.Element => JSX.createElement('link', { rel: 'stylesheet', href: href(name) });
    const script = (name: string): JSX.Element => JSX.createElement('script', { defer: true, src: href(name) });
    const scripts = [...SCRIPTS, ...pageScripts(context.page.model)];
    return JSX.createElement(JSX.Fragment, null, ...STYLES.map(link), ...scripts.map(script));
  });
  app.renderer.hooks.on('content.begin', (context) => {
    return apiBackLink(context.page.model, (path) => context.relativeURL(path));
  });
  app.renderer.on(PageEvent.END, (page) => {
    if (page.contents) page.contents = includeFragments(page.contents, pagesDir(), app.logger);
  });
  const search = new LessonFirstSearch((reflection) => app.renderer.router!.getFullUrl(reflection));
  app.renderer.on(Renderer.EVENT_PREPARE_INDEX, (event) => search.prepare(event));
  app.renderer.on(RendererEvent.END, (event) => {
    copyAssets(event.outputDirectory, pagesDir());
    search.relabel(event.outputDirectory);
  });
}

/** On the API pages of a step, a way back to the step's page: lesson, diff and sources. */
function apiBackLink(model: unknown, url: (path: string) => string): JSX.Element {
  const step = model instanceof Reflection ? stepOf(model) : undefined;
  if (!step) return JSX.createElement(JSX.Fragment, null);
  const name = `the ${step.replace('step', 'step ')} page`;
  const link = JSX.createElement('a', { href: url(`documents/${step}.html`) }, name);
  const text = 'This is the API of one step. Its lesson, diff and source are on ';
  return JSX.createElement('p', { class: 'loop-api-back' }, text, link, '.');
}

/** The step ("step03") whose API a reflection belongs to: the module at the top of its parents. */
function stepOf(reflection: Reflection): string | undefined {
  if (reflection.isProject()) return undefined;
  let top = reflection;
  while (top.parent && !top.parent.isProject()) top = top.parent;
  return top.kindOf(ReflectionKind.Module) && /^step\d\d$/.test(top.name) ? top.name : undefined;
}

/** Extra scripts a document asks for in its front matter (`scripts: [loop-compare.js]`). */
function pageScripts(model: unknown): string[] {
  if (!(model instanceof DocumentReflection)) return [];
  const list: unknown = model.frontmatter['scripts'];
  if (!Array.isArray(list)) return [];
  return list.filter((name): name is string => typeof name === 'string' && name in ASSETS);
}

/** Copy the site's assets and the generated static files into the site's assets/. */
function copyAssets(outputDirectory: string, pagesDir: string): void {
  const assets = join(outputDirectory, 'assets');
  for (const [name, source] of Object.entries(ASSETS)) cpSync(source, join(assets, name));
  const staticDir = join(pagesDir, 'static');
  if (existsSync(staticDir)) cpSync(staticDir, assets, { recursive: true });
}

/** Replace every include placeholder with its fragment; a missing fragment is an error. */
function includeFragments(html: string, dir: string, logger: Logger): string {
  return html.replace(INCLUDE, (_match, path: string) => {
    const file = join(dir, path);
    if (existsSync(file)) return readFileSync(file, 'utf8');
    logger.error(`plugin.ts: missing fragment ${file}`);
    return '';
  });
}
