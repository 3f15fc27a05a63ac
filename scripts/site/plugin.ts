// @ts-check
/**
 * The site's TypeDoc plugin. scripts/docs.ts writes the generated markdown pages,
 * HTML fragments (diff2html output) and static data into the folder named by the
 * `stepPagesDir` option; this plugin
 *  - replaces `<div data-include="fragments/x.html"></div>` in rendered pages with that fragment,
 *  - links diff2html's CSS, the site's CSS and script in every page's head
 *    (and extra scripts named by a document's `scripts` front matter),
 *  - copies those assets and the folder's `static/` files into the site's `assets/`.
 * It is plain .mjs so that TypeDoc loads it on Node 20 without a TypeScript loader.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter, DocumentReflection, JSX, KindRouter, PageEvent, ParameterType, ReflectionKind, RendererEvent } from 'typedoc';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files copied into the site's assets/ folder: name in the site → source path. */
const ASSETS = {
  'diff2html.min.css': join(ROOT, 'node_modules/diff2html/bundles/css/diff2html.min.css'),
  'diff2html.min.js': join(ROOT, 'node_modules/diff2html/bundles/js/diff2html.min.js'),
  'loop-site.css': join(ROOT, 'docs/assets/site.css'),
  'loop-site.js': join(ROOT, 'docs/assets/site.js'),
  'loop-compare.js': join(ROOT, 'docs/assets/compare.js'),
};

/** A placeholder a generated page leaves for a fragment; the path stays inside the pages folder. */
const INCLUDE = /<div data-include="((?:[\w-]+\/)*[\w-]+\.html)"><\/div>/g;

/**
 * TypeDoc's default router, except that a document with a `slug` in its front matter
 * lives at documents/<slug>.html: step pages keep their URL when a title changes.
 */
class StepRouter extends KindRouter {
  /** @param {import('typedoc').Reflection} reflection */
  getIdealBaseName(reflection) {
    const slug = reflection instanceof DocumentReflection ? reflection.frontmatter['slug'] : undefined;
    return typeof slug === 'string' && /^[\w-]+$/.test(slug) ? `documents/${slug}` : super.getIdealBaseName(reflection);
  }
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.defineRouter('loop-steps', StepRouter);
  // Hand-written pages (docs/pages/*.md) without a group join the compare page under "Guides".
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, doc) => {
    if (doc instanceof DocumentReflection && !('group' in doc.frontmatter)) doc.frontmatter['group'] = 'Guides';
  });
  app.options.addDeclaration({
    name: 'stepPagesDir',
    help: 'Folder of the generated step pages, fragments and static files (written by scripts/docs.ts).',
    type: ParameterType.Path,
    defaultValue: join(ROOT, 'node_modules/.cache/loop-docs'),
  });
  const pagesDir = () => /** @type {string} */ (app.options.getValue('stepPagesDir'));

  app.renderer.hooks.on('head.end', (context) => {
    const css = ['diff2html.min.css', 'loop-site.css'];
    const scripts = ['loop-site.js', ...pageScripts(context.page.model)];
    return JSX.createElement(
      JSX.Fragment,
      null,
      ...css.map((name) => JSX.createElement('link', { rel: 'stylesheet', href: context.relativeURL(`assets/${name}`, true) })),
      ...scripts.map((name) => JSX.createElement('script', { defer: true, src: context.relativeURL(`assets/${name}`, true) })),
    );
  });

  // API pages of a step link back to the step's page: lesson, source and diff.
  app.renderer.hooks.on('content.begin', (context) => {
    const step = stepOf(context.page.model);
    if (!step) return JSX.createElement(JSX.Fragment, null);
    const link = JSX.createElement('a', { href: context.relativeURL(`documents/${step}.html`) }, `the ${step.replace('step', 'step ')} page`);
    return JSX.createElement('p', { class: 'loop-api-back' }, 'This is the API of one step. Its lesson, source and diff are on ', link, '.');
  });

  app.renderer.on(PageEvent.END, (page) => {
    if (page.contents) page.contents = includeFragments(page.contents, pagesDir(), app.logger);
  });

  app.renderer.on(RendererEvent.END, (event) => {
    const assets = join(event.outputDirectory, 'assets');
    for (const [name, source] of Object.entries(ASSETS)) cpSync(source, join(assets, name));
    const staticDir = join(pagesDir(), 'static');
    if (existsSync(staticDir)) cpSync(staticDir, assets, { recursive: true });
  });
}

/**
 * The step ("step03") whose API a reflection belongs to: the module at the top of its parents.
 * @param {unknown} model
 * @returns {string | undefined}
 */
function stepOf(model) {
  /** @type {any} */
  let reflection = model;
  if (!reflection || typeof reflection.kindOf !== 'function' || reflection.isProject?.()) return undefined;
  while (reflection.parent && !reflection.parent.isProject()) reflection = reflection.parent;
  return reflection.kindOf(ReflectionKind.Module) && /^step\d\d$/.test(reflection.name) ? reflection.name : undefined;
}

/**
 * Extra scripts a document asks for in its front matter (`scripts: [loop-compare.js]`).
 * @param {unknown} model
 * @returns {string[]}
 */
function pageScripts(model) {
  if (typeof model !== 'object' || model === null || !('frontmatter' in model)) return [];
  const frontmatter = /** @type {{ scripts?: unknown }} */ (model.frontmatter);
  const list = Array.isArray(frontmatter.scripts) ? frontmatter.scripts : [];
  return list.filter((name) => typeof name === 'string' && Object.hasOwn(ASSETS, name));
}

/**
 * Replace every include placeholder with its fragment; a missing fragment is an error.
 * @param {string} html
 * @param {string} dir
 * @param {import('typedoc').Logger} logger
 */
function includeFragments(html, dir, logger) {
  return html.replace(INCLUDE, (_match, path) => {
    const file = join(dir, path);
    if (existsSync(file)) return readFileSync(file, 'utf8');
    logger.error(`typedoc-plugin: missing fragment ${file}`);
    return '';
  });
}
