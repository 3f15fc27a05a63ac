// Draws every diff on the site, the same way on the step pages (which embed the
// data) and on the compare page (which fetches it); scripts/site/diff-data.ts
// describes the data. A file is drawn unified or side by side: "Fit", the
// default, picks side by side only on a wide screen where both sides' longest
// lines fit, so that no code hides behind a sideways scroll. A reader can pick
// a view; the choice is remembered.
(() => {
  const KEY = 'loop-diff-view';
  const VIEWS = { fit: 'Fit', split: 'Side by side', unified: 'Unified' };
  /** Below this window width (px), "Fit" is always unified. */
  const WIDE = 1000;
  const KIND = { ' ': 'ctx', '+': 'add', '-': 'del' };

  const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  /** The anchor of a file's diff, as scripts/site/step-page.ts names it. */
  const anchor = (file) => `diff-${file.replace(/[^\w]+/g, '-')}`;
  const count = (added, removed) =>
    `<span class="loop-count"><span class="loop-added">+${added}</span> ` +
    `<span class="loop-removed">−${removed}</span></span>`;
  const status = (s) => `<span class="loop-status loop-status-${s}">${s}</span>`;

  /** The view the reader chose, or "fit". */
  function chosenView() {
    try {
      const view = localStorage.getItem(KEY);
      return view in VIEWS ? view : 'fit';
    } catch {
      return 'fit'; // storage may be disabled: the default still works
    }
  }

  function saveView(view) {
    try {
      localStorage.setItem(KEY, view);
    } catch {
      // storage may be disabled: the choice lasts for this page
    }
  }

  /** The lines of a hunk with their numbers on each side (0: not on that side). */
  function numbered(hunk) {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    return [...hunk.kinds].map((kind) => ({
      kind,
      old: kind === '+' ? 0 : oldLine++,
      new: kind === '-' ? 0 : newLine++,
    }));
  }

  /** A hunk's header, as in the patch: "@@ -3,7 +3,9 @@". */
  function hunkRow(hunk, columns) {
    const lines = numbered(hunk);
    const olds = lines.filter((l) => l.old).length;
    const news = lines.filter((l) => l.new).length;
    const header = `@@ -${hunk.oldStart},${olds} +${hunk.newStart},${news} @@`;
    return `<tr class="loop-hunk"><td colspan="${columns}">${header}</td></tr>`;
  }

  /** The number cell and code cell of one side of a line; an empty pair where the side has none. */
  function side(line, which, text) {
    if (!line) return '<td class="loop-ln loop-empty"></td><td class="loop-code loop-empty"></td>';
    const kind = KIND[line.kind];
    const number = `<td class="loop-ln loop-${kind}" data-n="${line[which]}"></td>`;
    return `${number}<td class="loop-code loop-${kind}">${text(line)}</td>`;
  }

  /** One table row per line: old number, new number, code. */
  function unified(file, code) {
    const rows = file.hunks.flatMap((hunk) => [
      hunkRow(hunk, 3),
      ...numbered(hunk).map((line) => {
        const kind = KIND[line.kind];
        const number = (n) => `<td class="loop-ln" data-n="${n || ''}"></td>`;
        const numbers = number(line.old) + number(line.new);
        return `<tr class="loop-${kind}">${numbers}<td class="loop-code">${code(line)}</td></tr>`;
      }),
    ]);
    const cols = '<colgroup><col class="loop-ln-col"><col class="loop-ln-col"><col></colgroup>';
    return `<table class="loop-diff-table loop-unified">${cols}${rows.join('')}</table>`;
  }

  /** Rows of old | new: context on both sides, removed lines beside the added lines that follow. */
  function splitRows(hunk) {
    const lines = numbered(hunk);
    const rows = [];
    for (let i = 0; i < lines.length; ) {
      if (lines[i].kind === ' ') {
        rows.push([lines[i], lines[i]]);
        i++;
        continue;
      }
      const removed = [];
      const added = [];
      while (lines[i]?.kind === '-') removed.push(lines[i++]);
      while (lines[i]?.kind === '+') added.push(lines[i++]);
      const pairs = Math.max(removed.length, added.length);
      for (let j = 0; j < pairs; j++) rows.push([removed[j], added[j]]);
    }
    return rows;
  }

  /** One table row per pair: old side, new side. */
  function split(file, code) {
    const rows = file.hunks.flatMap((hunk) => [
      hunkRow(hunk, 4),
      ...splitRows(hunk).map(([before, after]) => {
        return `<tr>${side(before, 'old', code)}${side(after, 'new', code)}</tr>`;
      }),
    ]);
    const half = '<col class="loop-ln-col"><col>';
    const cols = `<colgroup>${half}${half}</colgroup>`;
    return `<table class="loop-diff-table loop-split">${cols}${rows.join('')}</table>`;
  }

  /** The width of one character of code in `container`, in px. */
  function charWidth(container) {
    const probe = document.createElement('span');
    probe.className = 'loop-code-probe';
    probe.textContent = '0'.repeat(20);
    container.append(probe);
    const width = probe.getBoundingClientRect().width / 20;
    probe.remove();
    return width || 8;
  }

  /** Side by side or unified, for one file in a container `width` px wide. */
  function viewOf(file, choice, width, char) {
    if (file.status !== 'modified') return 'unified'; // one side only
    if (choice !== 'fit') return choice;
    const sideWidth = (file.width + 7) * char; // a line number and margins: about 7 characters
    return window.innerWidth >= WIDE && 2 * sideWidth <= width ? 'split' : 'unified';
  }

  /** A file's head (name, status, counts) and its table. */
  function fileBlock(file, data, view) {
    const line = (l) =>
      (l.kind === '+' ? data.new[file.file][l.new - 1] : data.old[file.file][l.old - 1]) || '';
    const id = anchor(file.file);
    const name = `<a href="#${id}"><code>${escape(file.file)}</code></a>`;
    const facts = `${status(file.status)} ${count(file.added, file.removed)}`;
    const head = `<div class="loop-diff-file-head">${name} ${facts}</div>`;
    const table = view === 'split' ? split(file, line) : unified(file, line);
    return `<section class="loop-diff-file" id="${id}" data-view="${view}">${head}${table}</section>`;
  }

  /** The summary, the view buttons and the table of files, each linked to its diff. */
  function toolbar(data, choice) {
    const added = data.files.reduce((sum, f) => sum + f.added, 0);
    const removed = data.files.reduce((sum, f) => sum + f.removed, 0);
    const files = `${data.files.length} ${data.files.length === 1 ? 'file' : 'files'} changed`;
    const buttons = Object.entries(VIEWS).map(
      ([view, label]) =>
        `<button type="button" data-view="${view}" aria-pressed="${view === choice}">${label}</button>`,
    );
    const rows = data.files.map((f) => {
      const name = `<a href="#${anchor(f.file)}"><code>${escape(f.file)}</code></a>`;
      return `<tr><td>${name}</td><td>${status(f.status)}</td><td>${count(f.added, f.removed)}</td></tr>`;
    });
    return [
      '<div class="loop-diff-bar">',
      `<p class="loop-diff-summary">${files} ${count(added, removed)}</p>`,
      `<div class="loop-diff-toggle" role="group" aria-label="Diff view">${buttons.join('')}</div>`,
      '</div>',
      `<table class="loop-diff-files"><tbody>${rows.join('')}</tbody></table>`,
    ].join('');
  }

  /** Draw `data` into `container`, in the view the reader chose. */
  function draw(container, data) {
    container.loopDiffData = data;
    if (data.files.length === 0) {
      container.innerHTML = '<p class="loop-diff-summary">No code changed.</p>';
      return;
    }
    const choice = chosenView();
    const width = container.clientWidth;
    const char = charWidth(container);
    const blocks = data.files.map((f) => fileBlock(f, data, viewOf(f, choice, width, char)));
    container.innerHTML = toolbar(data, choice) + blocks.join('');
  }

  /** Draw every diff of the page again: after a view is picked, or the window resized. */
  function redrawAll() {
    for (const container of document.querySelectorAll('.loop-diff')) {
      if (container.loopDiffData) draw(container, container.loopDiffData);
    }
  }

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const button = target?.closest('.loop-diff-toggle button');
    if (!button) return;
    saveView(button.dataset.view);
    redrawAll();
  });

  let resizeTimer = 0;
  let lastWidth = window.innerWidth;
  window.addEventListener('resize', () => {
    if (window.innerWidth === lastWidth) return; // a phone's toolbar sliding away is no resize
    lastWidth = window.innerWidth;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(redrawAll, 150);
  });

  window.loopDiff = { draw };
})();
