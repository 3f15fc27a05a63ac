import { describe, expect, it } from 'vitest';
import { changedFiles, declarationProblems, isCodeFile, type StepCode } from './declared.ts';

/** A step made of `files` (name → text) declaring `changes`. */
function step(number: number, changes: string[], files: Record<string, string>): StepCode {
  return { number, changes, files: new Map(Object.entries(files)) };
}

const one = step(1, ['loop.ts', 'main.ts'], { 'loop.ts': 'a', 'main.ts': 'm1' });

describe('changedFiles', () => {
  it('lists modified, new and removed files, sorted', () => {
    const two = step(2, [], { 'main.ts': 'm2', 'heap.ts': 'h' });
    expect(changedFiles(one, two)).toEqual(['heap.ts', 'loop.ts', 'main.ts']);
  });
});

describe('isCodeFile', () => {
  it('takes .ts files and leaves tests and lessons out', () => {
    expect(['loop.ts', 'loop.test.ts', 'README.md'].filter(isCodeFile)).toEqual(['loop.ts']);
  });
});

describe('declarationProblems', () => {
  it('accepts steps that declare exactly what changed', () => {
    const two = step(2, ['heap.ts', 'main.ts'], { 'loop.ts': 'a', 'main.ts': 'm2', 'heap.ts': 'h' });
    expect(declarationProblems([one, two])).toEqual([]);
  });

  it('names the step, the file and both fixes for an undeclared difference', () => {
    const two = step(2, ['main.ts'], { 'loop.ts': 'a, fixed', 'main.ts': 'm2' });
    expect(declarationProblems([one, two])).toEqual([
      "step 02: loop.ts differs from step 01's copy, but step 02 does not declare it. " +
        "If step 02's idea changes it, add 'loop.ts' to the `changes` of step 02 in shared/steps.ts; " +
        'if the difference is drift, make the change in step 01 and run `npm run propagate -- 1`.',
    ]);
  });

  it('reports new and removed files that are not declared', () => {
    const two = step(2, ['main.ts'], { 'main.ts': 'm2', 'heap.ts': 'h' });
    const problems = declarationProblems([one, two]);
    expect(problems[0]).toMatch(/^step 02: heap\.ts is new in step 02, but step 02 does not declare it/);
    expect(problems[1]).toMatch(/^step 02: loop\.ts was removed in step 02, but step 02 does not declare it/);
  });

  it('reports a declared file that did not change', () => {
    const two = step(2, ['loop.ts', 'main.ts', 'gone.ts'], { 'loop.ts': 'a', 'main.ts': 'm2' });
    expect(declarationProblems([one, two])).toEqual([
      "step 02: declares that it changes loop.ts, but loop.ts is the same as in step 01. Remove 'loop.ts' from the `changes` of step 02 in shared/steps.ts.",
      "step 02: declares that it changes gone.ts, but neither step 01 nor step 02 has gone.ts. Remove 'gone.ts' from the `changes` of step 02 in shared/steps.ts.",
    ]);
  });

  it('wants the first step to declare all its files', () => {
    const first = step(1, ['loop.ts', 'heap.ts'], { 'loop.ts': 'a', 'main.ts': 'm1' });
    expect(declarationProblems([first])).toEqual([
      "step 01: main.ts is not declared. The first step declares all its files: add 'main.ts' to the `changes` of step 01 in shared/steps.ts.",
      "step 01: declares that it changes heap.ts, but step 01 has no heap.ts. Remove 'heap.ts' from the `changes` of step 01 in shared/steps.ts.",
    ]);
  });

  it('compares each step with the one before it, not with the first', () => {
    const two = step(2, ['main.ts'], { 'loop.ts': 'a', 'main.ts': 'm2' });
    const three = step(3, ['loop.ts'], { 'loop.ts': 'b', 'main.ts': 'm2' });
    expect(declarationProblems([one, two, three])).toEqual([]);
  });
});
