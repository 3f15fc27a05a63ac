/**
 * `npm run propagate -- N`: carry the uncommitted change of step N's code files
 * into every later step, by a three-way merge per file (see steps/propagate.ts).
 * Accepts 3, 03 or step03. Exits 1 when a merge left conflict markers.
 */
import { ROOT } from '../shared/steps.ts';
import { StepArgError, failWithStepList, parseStep } from './lib/step-args.ts';
import { formatPropagation, propagate } from './steps/propagate.ts';

const USAGE = 'Usage: npm run propagate -- <step>   (e.g. npm run propagate -- 3, or 03, or step03)';

/** The step the command line asks for, or the step list and exit 1. */
function chosenStep(arg: string | undefined): number {
  try {
    return parseStep(arg).number;
  } catch (error) {
    if (error instanceof StepArgError) failWithStepList(error.message, USAGE);
    throw error;
  }
}

const n = chosenStep(process.argv[2]);
const { changes, outcomes } = propagate(ROOT, n);
console.log(formatPropagation(n, changes, outcomes));
if (outcomes.some((o) => o.result === 'conflict')) process.exitCode = 1;
