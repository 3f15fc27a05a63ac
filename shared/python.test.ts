import { describe, expect, it } from 'vitest';
import { itMatchesAsyncio, lines, pythonAvailable, runPython } from './python.ts';

describe('the python harness', () => {
  it('splits output into lines without a trailing empty one', () => {
    expect(lines('a\nb\n')).toEqual(['a', 'b']);
    expect(lines('a\r\nb')).toEqual(['a', 'b']);
  });

  it.skipIf(!pythonAvailable())('returns stdout of a python program', () => {
    expect(runPython('print("hi"); print(1 + 1)')).toBe('hi\n2\n');
  });

  it.skipIf(!pythonAvailable())('throws with stderr when python fails', () => {
    expect(() => runPython('raise SystemExit("boom")')).toThrow(/boom/);
  });

  itMatchesAsyncio('a trivial scenario', () => ['x', 'y'], 'print("x")\nprint("y")');
});
