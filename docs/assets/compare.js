// The compare page: pick two steps, fetch the pair's hunks and both steps'
// highlighted sources (assets/compare/, written when the site is built with the
// code of `npm run diff -- A B`), and draw them with diff-view.js as the step
// pages draw theirs. The address keeps the pair: #3-9.
(() => {
  const $ = (id) => document.getElementById(id);
  const base = document.documentElement.dataset.base ?? './';
  const pad = (n) => String(n).padStart(2, '0');
  const steps = new Map(); // step number → its highlighted sources, fetched once

  async function fetchJson(path) {
    const response = await fetch(`${base}assets/compare/${path}`);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  async function sources(n) {
    if (!steps.has(n)) steps.set(n, fetchJson(`step${pad(n)}.json`));
    return steps.get(n);
  }

  /** Show the diff of the two selected steps. */
  async function show() {
    const a = $('loop-compare-a').value;
    const b = $('loop-compare-b').value;
    const result = $('loop-compare-result');
    history.replaceState(null, '', `#${a}-${b}`);
    $('loop-compare-command').innerHTML = `In a terminal: <code>npm run diff -- ${a} ${b}</code>`;
    if (a === b) {
      result.loopDiffData = undefined;
      result.innerHTML = '<p>Pick two different steps.</p>';
      return;
    }
    try {
      const pair = fetchJson(`step${pad(a)}-step${pad(b)}.json`);
      const [files, before, after] = await Promise.all([pair, sources(a), sources(b)]);
      window.loopDiff.draw(result, { files, old: before, new: after });
    } catch (error) {
      result.innerHTML = `<p>Could not load this diff (${error.message}).</p>`;
    }
  }

  /** Select the pair the address names (#3-9); false when it names none. */
  function fromHash() {
    const match = /^#(\d+)-(\d+)$/.exec(location.hash);
    if (!match) return false;
    for (const [id, value] of [['loop-compare-a', match[1]], ['loop-compare-b', match[2]]]) {
      const select = $(id);
      if ([...select.options].some((o) => o.value === value)) select.value = value;
    }
    return true;
  }

  function start() {
    if (!$('loop-compare')) return;
    fromHash();
    $('loop-compare-a').addEventListener('change', show);
    $('loop-compare-b').addEventListener('change', show);
    $('loop-compare-swap').addEventListener('click', () => {
      const [a, b] = [$('loop-compare-a'), $('loop-compare-b')];
      [a.value, b.value] = [b.value, a.value];
      void show();
    });
    // A file link (#diff-loop-ts) only scrolls; a pair (#3-9) shows that pair.
    window.addEventListener('hashchange', () => void (fromHash() && show()));
    void show();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
