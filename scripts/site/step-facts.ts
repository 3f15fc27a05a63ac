/**
 * Facts about a step that the site shows: its lesson, its source files, its size,
 * its change against the previous step, its demo's output and its public names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT, STEPS, stepDir, type StepInfo } from '../../shared/steps.ts';
import { outputPath } from '../outputs/demo-outputs.ts';
import { diffSteps, stepFiles, totals, type FileDiff } from '../diffs/file-diffs.ts';

/** Two-digit number of a step, as in its folder name: "03". */
export function twoDigits(step: StepInfo): string {
  return String(step.number).padStart(2, '0');
}

/** "Step 03: Time and timers". */
export function stepTitle(step: StepInfo): string {
  return `Step ${twoDigits(step)}: ${step.title}`;
}

/** The built steps before and after `step`. */
export function neighbours(step: StepInfo): { previous?: StepInfo; next?: StepInfo } {
  const i = STEPS.findIndex((s) => s.number === step.number);
  return { ...(i > 0 ? { previous: STEPS[i - 1]! } : {}), ...(i + 1 < STEPS.length ? { next: STEPS[i + 1]! } : {}) };
}

/** The step's lesson, or null while it is not written. */
export function readLesson(step: StepInfo): string | null {
  const path = join(stepDir(step.number), 'README.md');
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** The step's demo output as committed in docs/outputs/, or null if it was never generated. */
export function readOutput(step: StepInfo): string | null {
  const path = join(ROOT, outputPath(step));
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** The step's code files (non-test .ts) with their text, in reading order (main.ts last). */
export function sourceFiles(step: StepInfo): Array<{ file: string; text: string }> {
  return stepFiles(step.number).map((file) => ({ file, text: readFileSync(join(stepDir(step.number), file), 'utf8') }));
}

/** Non-blank lines of the step's code files: its size in lines of code. */
export function linesOfCode(step: StepInfo): number {
  return sourceFiles(step).reduce((sum, f) => sum + f.text.split('\n').filter((l) => l.trim() !== '').length, 0);
}

/** A step's diff from the previous built step, with its totals. */
export interface Change {
  readonly previous: StepInfo;
  readonly diffs: FileDiff[];
  readonly added: number;
  readonly removed: number;
}

/** The diff from the previous built step, or null for the first step. */
export function changeFromPrevious(step: StepInfo): Change | null {
  const { previous } = neighbours(step);
  if (!previous) return null;
  const diffs = diffSteps(previous.number, step.number);
  return { previous, diffs, ...totals(diffs) };
}

/** Names that the step's index.ts exports (export lists and exported declarations). */
export function exportedNames(step: StepInfo): string[] {
  const path = join(stepDir(step.number), 'index.ts');
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const node of source.statements) {
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
      names.push(...node.exportClause.elements.map((e) => e.name.text));
    } else if (isExported(node) && 'name' in node && node.name && ts.isIdentifier(node.name as ts.Node)) {
      names.push((node.name as ts.Identifier).text);
    } else if (isExported(node) && ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    }
  }
  return [...new Set(names)].sort();
}

/** Whether a statement carries the `export` modifier. */
function isExported(node: ts.Statement): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}
