// Diffs on the site come in two views, side by side and unified: the toggle
// buttons switch every diff on the page and the choice is remembered.
(() => {
  const KEY = 'loop-diff-view';
  const VIEWS = ['side-by-side', 'line-by-line'];

  /** Show `view` in every diff of the page and mark the pressed buttons. */
  function applyView(view) {
    if (!VIEWS.includes(view)) return;
    for (const diff of document.querySelectorAll('.loop-diff[data-view]')) diff.dataset.view = view;
    for (const button of document.querySelectorAll('.loop-diff-toggle button')) {
      button.setAttribute('aria-pressed', String(button.dataset.view === view));
    }
  }

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('.loop-diff-toggle button') : null;
    if (!button) return;
    try {
      localStorage.setItem(KEY, button.dataset.view);
    } catch {
      // Storage may be disabled: the toggle still works for this page.
    }
    applyView(button.dataset.view);
  });

  /** The remembered view, if any. */
  function savedView() {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  }

  window.loopApplyDiffView = () => applyView(savedView() ?? VIEWS[0]);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', window.loopApplyDiffView);
  else window.loopApplyDiffView();
})();
