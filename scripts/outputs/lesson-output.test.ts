import { describe, expect, it } from 'vitest';
import { lessonsWithOutputs, withDemoOutput } from './lesson-output.ts';

describe('demo outputs in the lessons', () => {
  it('places the output in a text block between the markers, replacing what was there', () => {
    const lesson = 'before\n<!-- demo-output:start -->\nold\n<!-- demo-output:end -->\nafter\n';
    expect(withDemoOutput(lesson, 'line 1\nline 2\n')).toBe(
      'before\n<!-- demo-output:start -->\n```text\nline 1\nline 2\n```\n<!-- demo-output:end -->\nafter\n',
    );
    expect(withDemoOutput('no markers', 'x')).toBe('no markers');
  });

  it('every lesson shows the output its demo really prints (run `npm run outputs` if this fails)', () => {
    expect([...lessonsWithOutputs().keys()]).toEqual([]);
  });
});
