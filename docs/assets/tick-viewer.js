// The tick viewer on each step page: plays back docs/ticks/stepNN.json, a real
// run of the step's demo recorded tick by tick (shared/recorder.ts). The file
// stores each tick's state as what changed since the tick before; the viewer
// rebuilds the full state of every tick once, then shows one at a time.
(() => {
  const PLAY_MS = 900;

  /** Apply one tick's stored changes to the state after the tick before. */
  function nextState(state, after) {
    const next = { ...state };
    for (const [key, value] of Object.entries(after)) {
      if (key === 'tasks' || key === 'sockets') next[key] = mergeById(next[key] ?? [], value);
      else if (key === 'tasksGone' || key === 'socketsGone') {
        const list = key.replace('Gone', '');
        next[list] = (next[list] ?? []).filter((item) => !value.includes(item.id));
      } else next[key] = value;
    }
    return next;
  }

  function mergeById(list, changed) {
    const byId = new Map(list.map((item) => [item.id, item]));
    for (const item of changed) byId.set(item.id, item);
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Every tick with its whole state, and the program's output up to the end of it. */
  function rebuild(file) {
    let state = { queue: [] };
    const output = [];
    return file.ticks.map((tick) => {
      state = nextState(state, tick.after);
      const ran = (tick.ran ?? []).map((r) => (typeof r === 'string' ? { handle: r, output: [] } : r));
      const start = output.length;
      output.push(...(tick.before ?? []).map((text) => ({ text, mine: false })));
      for (const r of ran) output.push(...r.output.map((text) => ({ text, mine: true })));
      return { tick, ran, state, output: output.slice(), start };
    });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A list of lines; those not in `previous` are marked as new since the last tick. */
  function list(items, previous, empty) {
    if (items.length === 0) return el('p', 'tv-empty', empty);
    const ol = el('ol', 'tv-list');
    const before = new Set(previous);
    for (const item of items) ol.append(el('li', before.has(item) ? '' : 'tv-new', item));
    return ol;
  }

  function panel(root, name, title) {
    const box = root.querySelector(`[data-tick-panel="${name}"]`);
    box.replaceChildren(el('h4', 'tv-title', title));
    return box;
  }

  function seconds(s) {
    return `${Math.round(s * 1000)} ms`;
  }

  function waitText(wait) {
    if (!wait) return 'It ran at once: this loop never waits.';
    if (wait.seconds === null) return `Before it, the loop waited until woken (${wait.why}).`;
    if (wait.seconds === 0 && wait.why === 'ready work') return 'Before it, the loop did not wait (ready work).';
    if (wait.seconds === 0) return `Before it, the loop waited under a millisecond (${wait.why}).`;
    return `Before it, the loop waited ${seconds(wait.seconds)} (${wait.why}).`;
  }

  function showReady(root, view) {
    const box = panel(root, 'ready', 'This tick ran');
    if (view.ran.length === 0) box.append(el('p', 'tv-empty', 'nothing was ready'));
    const ol = el('ol', 'tv-list');
    for (const r of view.ran) {
      const li = el('li', r.skipped ? 'tv-skipped' : '', r.handle);
      if (r.skipped) li.title = 'cancelled: skipped';
      if (r.output.length > 0) li.append(el('div', 'tv-printed', r.output.join('\n')));
      ol.append(li);
    }
    if (view.ran.length > 0) box.append(ol);
    if ((view.tick.due ?? []).length > 0) box.append(el('p', 'tv-note', `due timers: ${view.tick.due.join(', ')}`));
    if ((view.tick.io ?? []).length > 0) box.append(el('p', 'tv-note', `I/O events: ${view.tick.io.join(', ')}`));
    box.append(el('h5', 'tv-subtitle', 'Queued for the next tick'));
    box.append(list(view.state.queue, view.previous?.state.queue ?? [], 'empty'));
  }

  function showTimers(root, view) {
    const box = panel(root, 'timers', 'Timers');
    if (view.state.timers === undefined) return box.append(el('p', 'tv-empty', 'no timers before step 03'));
    const lines = view.state.timers.map((t) => `${seconds(t.at)}: ${t.handle}`);
    const old = (view.previous?.state.timers ?? []).map((t) => `${seconds(t.at)}: ${t.handle}`);
    box.append(list(lines, old, 'none scheduled'));
  }

  function showTasks(root, view) {
    const box = panel(root, 'tasks', 'Tasks');
    if (view.state.tasks === undefined) return box.append(el('p', 'tv-empty', 'no tasks before step 04'));
    const text = (t) => `task ${t.id}: ${t.state}${t.waits ? `, waits on ${t.waits}` : ''}`;
    box.append(list(view.state.tasks.map(text), (view.previous?.state.tasks ?? []).map(text), 'none yet'));
  }

  function showSockets(root, view) {
    const box = root.querySelector('[data-tick-panel="sockets"]');
    if (!box) return;
    panel(root, 'sockets', 'Watched sockets');
    const text = (s) => `${s.kind} ${s.id}: ${s.events}`;
    const now = (view.state.sockets ?? []).map(text);
    box.append(list(now, (view.previous?.state.sockets ?? []).map(text), 'none watched'));
    if (view.state.promises !== undefined) box.append(el('p', 'tv-note', `promises in play: ${view.state.promises}`));
  }

  function showOutput(root, view) {
    const box = panel(root, 'output', 'Output so far');
    const pre = el('pre', 'tv-output');
    for (const line of view.output) {
      const mark = line.mine && view.output.indexOf(line) >= view.start;
      pre.append(el('span', mark ? 'tv-line tv-new' : 'tv-line', `${line.text}\n`));
    }
    if (view.output.length === 0) pre.textContent = '(nothing printed yet)';
    box.append(pre);
    pre.scrollTop = pre.scrollHeight;
  }

  /** Draw tick `i` (0-based) of `views` into the viewer. */
  function show(root, views, i) {
    const view = { ...views[i], previous: views[i - 1] };
    const t = view.tick;
    root.querySelector('[data-tick-number]').textContent = String(t.n);
    root.querySelector('[data-tick-loop]').textContent = t.loop ? ` of loop ${t.loop}` : '';
    root.querySelector('[data-tick-position]').textContent = `(${i + 1} of ${views.length})`;
    root.querySelector('[data-tick-wait]').textContent = waitText(t.wait);
    root.querySelector('[data-tick-slider]').value = String(i + 1);
    root.querySelector('[data-tick-prev]').disabled = i === 0;
    root.querySelector('[data-tick-next]').disabled = i === views.length - 1;
    showReady(root, view);
    showTimers(root, view);
    showTasks(root, view);
    showSockets(root, view);
    showOutput(root, view);
  }

  /** Wire one viewer: buttons, slider, keys, play/pause, and a link to a tick (#tick-N). */
  function mount(root) {
    const file = JSON.parse(root.querySelector('script.tick-data').textContent);
    const views = rebuild(file);
    if (views.length === 0) return;
    let i = 0;
    let timer = null;
    const go = (k) => {
      i = Math.max(0, Math.min(views.length - 1, k));
      show(root, views, i);
      if (i === views.length - 1) stop();
    };
    const play = root.querySelector('[data-tick-play]');
    const stop = () => {
      clearInterval(timer);
      timer = null;
      play.textContent = 'Play';
    };
    play.addEventListener('click', () => {
      if (timer !== null) return stop();
      if (i === views.length - 1) go(0);
      play.textContent = 'Pause';
      timer = setInterval(() => go(i + 1), PLAY_MS);
    });
    root.querySelector('[data-tick-prev]').addEventListener('click', () => go(i - 1));
    root.querySelector('[data-tick-next]').addEventListener('click', () => go(i + 1));
    const slider = root.querySelector('[data-tick-slider]');
    slider.max = String(views.length);
    slider.addEventListener('input', () => go(Number(slider.value) - 1));
    document.addEventListener('keydown', (e) => {
      if (e.target instanceof HTMLElement && e.target.closest('input:not([type=range]), textarea')) return;
      if (e.key === 'ArrowLeft') go(i - 1);
      else if (e.key === 'ArrowRight') go(i + 1);
    });
    const fromHash = () => {
      const m = /^#tick-(\d+)$/.exec(location.hash);
      if (!m) return;
      const k = views.findIndex((v) => v.tick.n === Number(m[1]));
      if (k < 0) return;
      go(k);
      root.scrollIntoView();
    };
    window.addEventListener('hashchange', fromHash);
    go(0);
    fromHash();
  }

  window.tickViewer = { rebuild };
  const start = () => document.querySelectorAll('[data-tick-viewer]').forEach(mount);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
