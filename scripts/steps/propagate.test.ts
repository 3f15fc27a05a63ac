/**
 * propagate on throwaway git repositories in the temp folder: the real steps are
 * never touched. Each repository is committed once (HEAD = base), then a test
 * edits step 01 in the working tree and carries the edit forward.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStep } from '../lib/step-args.ts';
import { formatPropagation, propagate, stepChange, stepNumbers } from './propagate.ts';

// A git hook's GIT_DIR or GIT_INDEX_FILE would point every git call below at the real repository.
for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete process.env[name];

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
}

/** A repository whose HEAD holds `files` (path → text), e.g. "steps/step01/loop.ts". */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'propagate-test-'));
  roots.push(root);
  git(root, 'init', '-q');
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'steps');
  return root;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function read(root: string, path: string): string | null {
  return existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : null;
}

/** Lines of a small file: one a line, so that merges have something to hold on to. */
const lines = (...items: string[]): string => `${items.join('\n')}\n`;
const LOOP = lines('class Loop {', '  a() {}', '  b() {}', '  c() {}', '}');

describe('stepChange', () => {
  it('lists modified, new and removed code files of the step, and leaves tests and the lesson out', () => {
    const root = repo({ 'steps/step01/loop.ts': LOOP, 'steps/step01/old.ts': 'x\n', 'steps/step01/README.md': '# 1\n', 'steps/step01/loop.test.ts': 't\n' });
    write(root, 'steps/step01/loop.ts', LOOP.replace('b() {}', 'b() { fixed }'));
    write(root, 'steps/step01/new.ts', 'n\n');
    unlinkSync(join(root, 'steps/step01/old.ts'));
    write(root, 'steps/step01/README.md', '# 1, edited\n');
    write(root, 'steps/step01/loop.test.ts', 't, edited\n');
    expect(stepChange(root, 1).map((c) => [c.file, c.base !== null, c.theirs !== null])).toEqual([
      ['loop.ts', true, true],
      ['new.ts', false, true],
      ['old.ts', true, false],
    ]);
  });
});

describe('propagate', () => {
  it('applies a change to later copies that still hold its lines, and reports a copy already fixed', () => {
    const root = repo({
      'steps/step01/loop.ts': LOOP,
      'steps/step02/loop.ts': LOOP.replace('  c() {}', '  c() {}\n  d() {}'),
      'steps/step03/loop.ts': LOOP.replace('b() {}', 'b() { fixed }'),
    });
    write(root, 'steps/step01/loop.ts', LOOP.replace('b() {}', 'b() { fixed }'));
    const { outcomes } = propagate(root, 1);
    expect(outcomes).toEqual([
      { step: 2, file: 'loop.ts', result: 'applied' },
      { step: 3, file: 'loop.ts', result: 'already there' },
    ]);
    expect(read(root, 'steps/step02/loop.ts')).toBe(lines('class Loop {', '  a() {}', '  b() { fixed }', '  c() {}', '  d() {}', '}'));
    expect(git(root, 'diff', '--cached', '--name-only')).toBe(''); // the index is untouched
  });

  it('leaves conflict markers where a later step rewrote the same lines', () => {
    const root = repo({ 'steps/step01/loop.ts': LOOP, 'steps/step02/loop.ts': LOOP.replace('b() {}', 'b() { step two }') });
    write(root, 'steps/step01/loop.ts', LOOP.replace('b() {}', 'b() { fixed }'));
    const { outcomes } = propagate(root, 1);
    expect(outcomes).toEqual([{ step: 2, file: 'loop.ts', result: 'conflict', note: 'resolve the markers in steps/step02/loop.ts' }]);
    const text = read(root, 'steps/step02/loop.ts')!;
    expect(text).toContain('<<<<<<< step 02 loop.ts\n  b() { step two }\n=======\n  b() { fixed }\n>>>>>>> step 01 loop.ts (the change)\n');
    expect(text).toContain('  a() {}\n');
  });

  it('skips a later step that has no copy of the file', () => {
    const root = repo({ 'steps/step01/loop.ts': LOOP, 'steps/step02/main.ts': 'm\n', 'steps/step03/loop.ts': LOOP });
    write(root, 'steps/step01/loop.ts', LOOP.replace('a() {}', 'a() { fixed }'));
    expect(propagate(root, 1).outcomes).toEqual([
      { step: 2, file: 'loop.ts', result: 'skipped', note: 'step 02 has no loop.ts' },
      { step: 3, file: 'loop.ts', result: 'applied' },
    ]);
    expect(read(root, 'steps/step02/loop.ts')).toBeNull();
  });

  it('copies a new file to later steps that lack it, and marks a conflict where a step has its own', () => {
    const root = repo({ 'steps/step01/loop.ts': LOOP, 'steps/step02/loop.ts': LOOP, 'steps/step03/util.ts': lines('own', 'util') });
    write(root, 'steps/step01/util.ts', lines('new', 'util'));
    expect(propagate(root, 1).outcomes).toEqual([
      { step: 2, file: 'util.ts', result: 'applied', note: 'new file, copied from step 01' },
      { step: 3, file: 'util.ts', result: 'conflict', note: 'both steps have their own util.ts; resolve the markers in steps/step03/util.ts' },
    ]);
    expect(read(root, 'steps/step02/util.ts')).toBe(lines('new', 'util'));
    expect(read(root, 'steps/step03/util.ts')).toContain('<<<<<<< step 03 util.ts');
  });

  it('removes a deleted file where the later copy is unchanged, and marks a conflict where it changed', () => {
    const root = repo({ 'steps/step01/old.ts': LOOP, 'steps/step02/old.ts': LOOP, 'steps/step03/old.ts': LOOP.replace('c() {}', 'c() { three }'), 'steps/step04/main.ts': 'm\n' });
    unlinkSync(join(root, 'steps/step01/old.ts'));
    expect(propagate(root, 1).outcomes).toEqual([
      { step: 2, file: 'old.ts', result: 'applied', note: 'removed, as in step 01' },
      { step: 3, file: 'old.ts', result: 'conflict', note: 'step 02 removed old.ts, step 03 changed it; resolve the markers in steps/step03/old.ts' },
      { step: 4, file: 'old.ts', result: 'not reached', note: 'resolve step 03 first, then npm run propagate -- 3' },
    ]);
    expect(read(root, 'steps/step02/old.ts')).toBeNull();
    expect(read(root, 'steps/step03/old.ts')).toContain('>>>>>>> step 02 old.ts (the change)');
  });

  it('goes one step at a time: a conflict shows once, in the first step that rewrote the lines', () => {
    const rewritten = LOOP.replace('  a() {}', '  a() { two }');
    const root = repo({
      'steps/step01/loop.ts': LOOP,
      'steps/step02/loop.ts': rewritten,
      'steps/step03/loop.ts': rewritten,
    });
    write(root, 'steps/step01/loop.ts', LOOP.replace('  a() {}', '  a() { fixed }'));
    const first = propagate(root, 1).outcomes;
    expect(first.map((o) => `${o.step} ${o.result}`)).toEqual(['2 conflict', '3 not reached']);
    expect(read(root, 'steps/step03/loop.ts')).toBe(rewritten);
    const resolved = LOOP.replace('  a() {}', '  a() { two, fixed }');
    write(root, 'steps/step02/loop.ts', resolved);
    expect(propagate(root, 2).outcomes).toEqual([{ step: 3, file: 'loop.ts', result: 'applied' }]);
    expect(read(root, 'steps/step03/loop.ts')).toBe(resolved);
  });

  it('places a replaced line next to a line a later step inserted, where git merge-file conflicts', () => {
    const inserted = LOOP.replace('  b() {}', '  inserted() {}\n  b() {}');
    const root = repo({ 'steps/step01/loop.ts': LOOP, 'steps/step02/loop.ts': inserted });
    write(root, 'steps/step01/loop.ts', LOOP.replace('  a() {}', '  a() { fixed }'));
    expect(propagate(root, 1).outcomes).toEqual([
      { step: 2, file: 'loop.ts', result: 'applied', note: 'placed by the lines it replaces' },
    ]);
    expect(read(root, 'steps/step02/loop.ts')).toBe(inserted.replace('  a() {}', '  a() { fixed }'));
  });

  it('changes nothing the second time: every copy already has the change', () => {
    const root = repo({ 'steps/step01/loop.ts': LOOP, 'steps/step02/loop.ts': LOOP });
    write(root, 'steps/step01/loop.ts', LOOP.replace('c() {}', 'c() { fixed }'));
    propagate(root, 1);
    expect(propagate(root, 1).outcomes).toEqual([{ step: 2, file: 'loop.ts', result: 'already there' }]);
  });

  it('leaves earlier steps alone and finds the step folders', () => {
    const root = repo({ 'steps/step01/loop.ts': LOOP, 'steps/step02/loop.ts': LOOP, 'steps/step03/loop.ts': LOOP, 'steps/notes/x.ts': 'x\n' });
    write(root, 'steps/step02/loop.ts', LOOP.replace('a() {}', 'a() { fixed }'));
    expect(stepNumbers(root)).toEqual([1, 2, 3]);
    expect(propagate(root, 2).outcomes).toEqual([{ step: 3, file: 'loop.ts', result: 'applied' }]);
    expect(read(root, 'steps/step01/loop.ts')).toBe(LOOP);
  });
});

describe('formatPropagation', () => {
  it('prints one line per step and file, the totals and what to do next', () => {
    const changes = [{ file: 'loop.ts', base: 'a', theirs: 'b' }, { file: 'heap.ts', base: null, theirs: 'h' }];
    const report = formatPropagation(3, changes, [
      { step: 4, file: 'loop.ts', result: 'applied' },
      { step: 4, file: 'heap.ts', result: 'skipped', note: 'step 04 has no heap.ts' },
      { step: 5, file: 'loop.ts', result: 'conflict', note: 'resolve the markers in steps/step05/loop.ts' },
      { step: 5, file: 'heap.ts', result: 'already there' },
    ]);
    expect(report).toBe(
      [
        'step 03 changed loop.ts, heap.ts (new); carrying it forward:',
        '  step 04  loop.ts  applied',
        '  step 04  heap.ts  skipped (step 04 has no heap.ts)',
        '  step 05  loop.ts  conflict (resolve the markers in steps/step05/loop.ts)',
        '  step 05  heap.ts  already there',
        '1 applied, 1 already there, 1 skipped, 1 conflict.',
        'Resolve the <<<<<<< ======= >>>>>>> markers in the files marked conflict, then run npm run check:steps.',
      ].join('\n'),
    );
  });

  it('says when there is nothing to carry', () => {
    expect(formatPropagation(7, [], [])).toBe('step 07 has no uncommitted change in its code files (tests and README.md are not propagated).');
  });
});

describe('the step argument', () => {
  it('accepts 3, 03 and step03', () => {
    expect(['3', '03', 'step03'].map((arg) => parseStep(arg).number)).toEqual([3, 3, 3]);
  });
});
