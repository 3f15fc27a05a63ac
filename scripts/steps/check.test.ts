/**
 * `npm run check:steps` inside `npm test`: the same function, failing with the
 * same message, so that drift between step copies or a lesson quoting code its
 * step does not have stops the suite.
 */
import { describe, expect, it } from 'vitest';
import { checkSteps, formatReport } from './check.ts';

describe('check:steps', () => {
  it('finds every step changing only what it declares, and every lesson quoting its code', () => {
    const problems = checkSteps();
    if (problems.length > 0) throw new Error(formatReport(problems));
  });

  it('says so in one line when all is well', () => {
    expect(formatReport([])).toMatch(/^check:steps: every step/);
    expect(formatReport(['a', 'b'])).toBe('check:steps found 2 problems:\n- a\n- b');
  });
});
