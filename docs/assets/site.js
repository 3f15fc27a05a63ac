// The step pages: draw the diff each page embeds (with diff-view.js), let it
// use the on-this-page column while it is on screen, and open a folded source
// file when a link points into it.
(() => {
  /** Draw each embedded diff; its data is JSON in a script element inside it. */
  function drawEmbeddedDiffs() {
    for (const script of document.querySelectorAll('.loop-diff > script.loop-diff-data')) {
      window.loopDiff.draw(script.parentElement, JSON.parse(script.textContent));
    }
  }

  /**
   * A diff spans the content and the on-this-page column; that column's menu
   * steps aside while any diff is on screen, and comes back after.
   */
  function hideMenuBesideDiffs() {
    const diffs = document.querySelectorAll('.loop-diff');
    if (diffs.length === 0 || !('IntersectionObserver' in window)) return;
    const onScreen = new Set();
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) onScreen.add(entry.target);
        else onScreen.delete(entry.target);
      }
      document.documentElement.classList.toggle('loop-diff-on-screen', onScreen.size > 0);
    });
    for (const diff of diffs) observer.observe(diff);
  }

  /** The folded file under a source file's heading. */
  function foldedAfter(heading) {
    const next = heading.nextElementSibling;
    return next?.matches('details.loop-source') ? next : null;
  }

  /** Open the folded file the address points into, and bring the target into view. */
  function showTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    const details = target.closest('details') ?? foldedAfter(target);
    if (details) details.open = true;
    target.scrollIntoView({ behavior: 'instant' });
  }

  function start() {
    drawEmbeddedDiffs();
    hideMenuBesideDiffs();
    // The diffs are drawn now: an address that names one can be followed.
    if (location.hash) showTarget();
    window.addEventListener('hashchange', showTarget);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
