/**
 * `npm run typecheck`: type-checks the scripts and shared helpers with
 * tsconfig.json, then each step folder on its own, with the `#step` alias that
 * its tests import pointing at that step's index.ts (with the step's cases in
 * conformance/). So a test type-checks against the step that introduces it, as
 * vitest's project of that step runs it.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT, STEPS, stepDir } from '../shared/steps.ts';

/** tsconfig.json's options, read once; every program below starts from them. */
function rootConfig(): ts.ParsedCommandLine {
  const path = join(ROOT, 'tsconfig.json');
  const read = ts.readConfigFile(path, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, path);
}

/** A compiler host that parses each library file once for all the programs. */
function sharingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const cache = new Map<string, ts.SourceFile | undefined>();
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (file, ...rest) => {
    if (!file.includes('/node_modules/')) return parse(file, ...rest);
    if (!cache.has(file)) cache.set(file, parse(file, ...rest));
    return cache.get(file);
  };
  return host;
}

/** Diagnostics of one program over `files`. */
function check(files: string[], options: ts.CompilerOptions, host: ts.CompilerHost): readonly ts.Diagnostic[] {
  return ts.getPreEmitDiagnostics(ts.createProgram({ rootNames: files, options, host }));
}

/** The step's own .ts files, tests included, and its cases ported from CPython's tests. */
function stepFiles(n: number): string[] {
  const files = ts.sys.readDirectory(stepDir(n), ['.ts'], undefined, undefined, 1);
  const ported = join(ROOT, 'conformance', `step${String(n).padStart(2, '0')}.test.ts`);
  return ts.sys.fileExists(ported) ? [...files, ported] : files;
}

function main(): void {
  const config = rootConfig();
  const host = sharingHost(config.options);
  const found = [...check(config.fileNames, config.options, host)];
  for (const step of STEPS) {
    const paths = { '#step': [join(stepDir(step.number), 'index.ts')] };
    found.push(...check(stepFiles(step.number), { ...config.options, paths }, host));
  }
  if (found.length === 0) return;
  const format: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(found, format));
  process.exitCode = 1;
}

main();
