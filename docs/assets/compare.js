// The compare page: pick two steps, fetch their precomputed patch
// (assets/compare/stepAA-stepBB.diff, the text `npm run diff -- A B` prints)
// and render it with diff2html, side by side and unified.
(() => {
  const $ = (id) => document.getElementById(id);
  const base = document.documentElement.dataset.base ?? './';
  const pad = (n) => String(n).padStart(2, '0');
  const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const badge = (added, removed) =>
    `<span class="loop-count"><span class="loop-added">+${added}</span> <span class="loop-removed">−${removed}</span></span>`;

  /** The per-file table and both views of a patch. */
  function render(patch) {
    const files = Diff2Html.parse(patch);
    if (files.length === 0) return '<p>No code changed between these steps.</p>';
    const added = files.reduce((sum, f) => sum + f.addedLines, 0);
    const removed = files.reduce((sum, f) => sum + f.deletedLines, 0);
    const rows = files.map((f) => {
      const status = f.isNew ? 'added' : f.isDeleted ? 'removed' : 'modified';
      const name = f.isDeleted ? f.oldName : f.newName;
      return `<li><code>${escape(name)}</code> <span class="loop-status loop-status-${status}">${status}</span> ${badge(f.addedLines, f.deletedLines)}</li>`;
    });
    // A new or removed file has one side only: both views show it unified, at full width.
    const html = (file, view) => Diff2Html.html([file], { drawFileList: false, outputFormat: file.isNew || file.isDeleted ? 'line-by-line' : view });
    const views = ['side-by-side', 'line-by-line'].map(
      (view) => `<div class="loop-view loop-view-${view}">${files.map((file) => html(file, view)).join('')}</div>`,
    );
    return `<p class="loop-diff-summary">${files.length} ${files.length === 1 ? 'file' : 'files'} changed ${badge(added, removed)}</p><ul class="loop-compare-files">${rows.join('')}</ul>${views.join('')}`;
  }

  /** Show the diff of the two selected steps. */
  async function show() {
    const a = $('loop-compare-a').value;
    const b = $('loop-compare-b').value;
    const result = $('loop-compare-result');
    history.replaceState(null, '', `#${a}-${b}`);
    $('loop-compare-command').innerHTML = `In a terminal: <code>npm run diff -- ${a} ${b}</code>`;
    if (a === b) {
      result.innerHTML = '<p>Pick two different steps.</p>';
      return;
    }
    const response = await fetch(`${base}assets/compare/step${pad(a)}-step${pad(b)}.diff`);
    result.innerHTML = response.ok ? render(await response.text()) : `<p>Could not load this diff (${response.status}).</p>`;
    window.loopApplyDiffView?.();
  }

  /** Select the pair named by the address (#3-9), if it names built steps. */
  function fromHash() {
    const match = /^#(\d+)-(\d+)$/.exec(location.hash);
    if (!match) return;
    for (const [id, value] of [['loop-compare-a', match[1]], ['loop-compare-b', match[2]]]) {
      const select = $(id);
      if ([...select.options].some((o) => o.value === value)) select.value = value;
    }
  }

  function start() {
    if (!$('loop-compare')) return;
    fromHash();
    $('loop-compare-a').addEventListener('change', show);
    $('loop-compare-b').addEventListener('change', show);
    $('loop-compare-swap').addEventListener('click', () => {
      [$('loop-compare-a').value, $('loop-compare-b').value] = [$('loop-compare-b').value, $('loop-compare-a').value];
      void show();
    });
    window.addEventListener('hashchange', () => {
      fromHash();
      void show();
    });
    void show();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
