/**
 * `npm run step -- 3` runs steps/step03/main.ts with tsx in a child process, so
 * that each demo starts on a clean Node with nothing of this script loaded.
 * Accepts 3, 03 or step03; anything after the number is passed to the demo.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { constants } from 'node:os';
import { stepDir } from '../shared/steps.ts';
import { StepArgError, failWithStepList, parseStep } from './lib/step-args.ts';

const USAGE = 'Usage: npm run step -- <step>   (e.g. npm run step -- 3, or 03, or step03)';

/** The step the command line asks for, or the step list and exit 1. */
function chosenStep(arg: string | undefined): number {
  try {
    return parseStep(arg).number;
  } catch (error) {
    if (error instanceof StepArgError) failWithStepList(error.message, USAGE);
    throw error;
  }
}

/** The exit code a shell would show for a child that ended by `signal`. */
function signalCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** Run the demo with tsx (resolved from this project, so any working directory works). */
function runDemo(n: number, args: readonly string[]): void {
  const main = join(stepDir(n), 'main.ts');
  const tsx = import.meta.resolve('tsx');
  const child = spawn(process.execPath, ['--import', tsx, main, ...args], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? signalCode(signal) : (code ?? 1)));
}

const [arg, ...rest] = process.argv.slice(2);
runDemo(chosenStep(arg), rest);
