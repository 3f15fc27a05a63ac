/**
 * `npm run check:steps`: every step changes only the code files it declares in
 * shared/steps.ts, and every lesson quotes only code its step has. Prints what
 * is wrong and how to fix it, and exits 1; `npm test` runs the same check.
 */
import { checkSteps, formatReport } from './steps/check.ts';

const problems = checkSteps();
(problems.length ? process.stderr : process.stdout).write(`${formatReport(problems)}\n`);
if (problems.length) process.exitCode = 1;
