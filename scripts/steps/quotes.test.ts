import { describe, expect, it } from 'vitest';
import { isElision, matchQuote, quoteProblems, tsFences, type QuoteSource } from './quotes.ts';

const LOOP = `export class Loop {
  private ready: Handle[] = [];

  /** Run one tick. */
  runOnce(): void {
    const batch = this.ready;
    this.ready = [];
    for (const handle of batch) handle.run();
  }
}
`;

const TASK = `function badYield(value: unknown): TypeError {
  const what = isGenerator(value)
    ? 'a generator'
    : 'something else';
  return new TypeError(what);
}
`;

/** A lesson's fence around `lines`, with an info string. */
function fence(info: string, ...lines: string[]): string {
  return ['```' + info, ...lines, '```'].join('\n');
}

const SOURCE: QuoteSource = {
  files: ['loop.ts', 'task.ts'],
  read: (path) => ({ 'loop.ts': LOOP, 'task.ts': TASK, '../step01/loop.ts': LOOP })[path] ?? null,
};

describe('tsFences', () => {
  it('finds ts fences with their line and label, and skips other fences', () => {
    const md = ['# Lesson', fence('ts loop.ts', 'a'), '', fence('', 'diagram'), fence('bash', 'npm test'), fence('typescript example', 'b', 'c')].join('\n');
    expect(tsFences(md)).toEqual([
      { line: 2, label: 'loop.ts', body: ['a'] },
      { line: 12, label: 'example', body: ['b', 'c'] },
    ]);
  });

  it('reads an unclosed fence to the end', () => {
    expect(tsFences('text\n```ts loop.ts\na\nb')).toEqual([{ line: 2, label: 'loop.ts', body: ['a', 'b'] }]);
  });

  it('does not end a fence at a line that only starts like one', () => {
    const md = ['````ts loop.ts', '```ts', 'x', '```', '````'].join('\n');
    expect(tsFences(md)).toEqual([{ line: 1, label: 'loop.ts', body: ['```ts', 'x', '```'] }]);
  });
});

describe('matchQuote', () => {
  it('accepts consecutive lines, whatever their indentation and blank lines', () => {
    expect(matchQuote(['const batch = this.ready;', '  this.ready = [];'], LOOP)).toBeNull();
    expect(matchQuote(['private ready: Handle[] = [];', '/** Run one tick. */'], LOOP)).toBeNull();
  });

  it('refuses a quote that silently drops a line, and says where', () => {
    expect(matchQuote(['runOnce(): void {', 'this.ready = [];'], LOOP)).toEqual({
      bodyLine: 2,
      text: 'this.ready = [];',
      after: { from: 5, to: 5 },
    });
  });

  it('lets a line that is only … or // … skip lines', () => {
    expect(matchQuote(['runOnce(): void {', '…', 'this.ready = [];'], LOOP)).toBeNull();
    expect(matchQuote(['export class Loop {', '  // …', 'for (const handle of batch) handle.run();'], LOOP)).toBeNull();
    expect(isElision('  // …')).toBe(true);
    expect(isElision('...')).toBe(false);
  });

  it('keeps the order of the code', () => {
    expect(matchQuote(['this.ready = [];', '…', 'const batch = this.ready;'], LOOP)).toMatchObject({ bodyLine: 3 });
  });

  it('lets … inside a line stand for any text, a trailing … for the rest of the line', () => {
    expect(matchQuote(['for (const handle of batch) …'], LOOP)).toBeNull();
    expect(matchQuote(['for (const … of batch) handle.run();'], LOOP)).toBeNull();
    expect(matchQuote(['for (const handle of …) handle.stop();'], LOOP)).toMatchObject({ bodyLine: 1 });
  });

  it('refuses a line the code does not have, even with a comment added', () => {
    expect(matchQuote(['const what = isGenerator(value) // from loop.ts'], TASK)).toEqual({
      bodyLine: 1,
      text: 'const what = isGenerator(value) // from loop.ts',
    });
  });
});

describe('quoteProblems', () => {
  const lesson = (...fences: string[]): string => ['# Step', '', ...fences].join('\n');

  it('accepts quotes of the step, quotes of another step and examples', () => {
    const md = lesson(fence('ts loop.ts', 'runOnce(): void {', '…', '}'), fence('ts ../step01/loop.ts', 'this.ready = [];'), fence('ts example', 'whatever();'));
    expect(quoteProblems('steps/step02/README.md', md, SOURCE)).toEqual([]);
  });

  it('wants every ts fence to say whether it quotes a file', () => {
    const problems = quoteProblems('L.md', lesson(fence('ts', 'x'), fence('ts sketch', 'y')), SOURCE);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^L\.md:3: a ts fence must say what it shows: ```ts <file> for a quote/);
    expect(problems[1]).toMatch(/\(it says "sketch"\)\.$/);
  });

  it('catches a wrong label and names the file the quote comes from', () => {
    const md = lesson(fence('ts loop.ts', 'const what = isGenerator(value)', "? 'a generator'"));
    expect(quoteProblems('L.md', md, SOURCE)).toEqual([
      'L.md:4: the quote from loop.ts does not match it at `const what = isGenerator(value)`. ' +
        'Quote the code as it is (lines in order; a line `…` skips lines, a `…` inside a line stands for any text). ' +
        'The whole quote is in task.ts: is the label wrong?',
    ]);
  });

  it('points at the quoted line that is not in the code', () => {
    const md = lesson(fence('ts task.ts', 'function badYield(value: unknown): TypeError {', "  ? 'a generator'"));
    expect(quoteProblems('L.md', md, SOURCE)).toEqual([
      "L.md:5: the quote from task.ts does not match it at `? 'a generator'`; the lines before it match task.ts:1. " +
        'Quote the code as it is (lines in order; a line `…` skips lines, a `…` inside a line stands for any text).',
    ]);
  });

  it('reports a quote that shows nothing', () => {
    expect(quoteProblems('L.md', lesson(fence('ts loop.ts', '', '…')), SOURCE)).toEqual(['L.md:3: the quote from loop.ts shows no line of it.']);
  });

  it('reports a quote of a file that does not exist', () => {
    expect(quoteProblems('L.md', lesson(fence('ts nope.ts', 'x')), SOURCE)).toEqual([
      'L.md:3: the quote names nope.ts, which does not exist next to the lesson.',
    ]);
  });
});
