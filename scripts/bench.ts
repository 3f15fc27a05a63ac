/**
 * `npm run bench [-- --quick]`: every step that has a bench's feature, side by
 * side with CPython asyncio and Node on the same workload. Runs alternate between
 * implementations, each in a fresh process; the table shows medians with min-max
 * and the ratios that count on a noisy machine. Writes docs/bench.json and
 * regenerates docs/pages/benchmarks.md from it.
 *
 * Options: --quick (smaller n, 3 runs (scaling: 1), only the latest step per bench), --runs N,
 * --bench chain,timers (a subset), --steps 1,3 (a subset), --write / --no-write,
 * --render (only regenerate the page from the committed docs/bench.json).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, STEPS, stepDir } from '../shared/steps.ts';
import { BENCHES, SCALING_SIZES, type BenchSpec, type Feature } from './bench/benches.ts';
import { featuresOf, importStep } from './bench/features.ts';
import { capableSteps, roundJobs, runsOf, stepsToMeasure, type Job } from './bench/plan.ts';
import { renderPage } from './bench/render.ts';
import { Samples } from './bench/results.ts';
import { bundledLaunch, pythonExecutable, runJob, tsxLaunch, type Launch } from './bench/run.ts';
import { formatNumber } from './bench/stats.ts';
import { resultsTable, targetsTable } from './bench/table.ts';
import type { BenchFile, Meta, Row, WorkerResult } from './bench/types.ts';

export const JSON_PATH = join(ROOT, 'docs', 'bench.json');
export const PAGE_PATH = join(ROOT, 'docs', 'pages', 'benchmarks.md');

interface Options {
  readonly quick: boolean;
  readonly runs: number;
  readonly benches: readonly BenchSpec[];
  readonly steps: readonly number[];
  readonly write: boolean;
  readonly render: boolean;
}

/** A comma-separated list option, or null when absent. */
function list(value: string | undefined): string[] | null {
  return value === undefined ? null : value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The command line, checked. A partial run (--bench/--steps) writes the docs only with --write. */
function options(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false }, runs: { type: 'string' }, bench: { type: 'string' },
      steps: { type: 'string' }, write: { type: 'boolean' }, 'no-write': { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick ?? false;
  const runs = values.runs === undefined ? (quick ? 3 : 5) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive whole number');
  const names = list(values.bench);
  const benches = names === null ? BENCHES : BENCHES.filter((b) => names.includes(b.name));
  const wanted = list(values.steps)?.map(Number) ?? null;
  const steps = STEPS.map((s) => s.number).filter((n) => wanted === null || wanted.includes(n));
  const partial = names !== null || wanted !== null;
  const write = values['no-write'] ? false : values.write ?? !partial;
  return { quick, runs, benches, steps, write, render: values.render ?? false };
}

/** Import every step and ask what it can do. */
async function stepFeatures(steps: readonly number[]): Promise<Map<number, Set<Feature>>> {
  const features = new Map<number, Set<Feature>>();
  for (const n of steps) features.set(n, featuresOf(await importStep(join(stepDir(n), 'index.ts'))));
  return features;
}

/** "Python 3.11.7" → "3.11.7"; "missing" when python3 does not run. */
function pythonVersion(): string {
  const probe = spawnSync(pythonExecutable(), ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim().replace(/^Python /, '') : 'missing';
}

/** A short name for one job, for the progress lines. */
function jobName(job: Job): string {
  return job.impl === 'ours' ? `ours@${job.step}` : job.impl;
}

/** Run every round of every bench, interleaved; progress goes to stderr. */
function measureAll(opts: Options, plan: ReadonlyMap<BenchSpec, number[]>, launch: Launch): Samples {
  const samples = new Samples();
  const timeout = opts.quick ? 30_000 : 300_000;
  for (let round = 0; round < opts.runs; round++) {
    const nodeRuns = new Map<string, WorkerResult>(); // this round's Node figures, by bench
    for (const [spec, steps] of plan) {
      if (round >= runsOf(spec, opts.runs, opts.quick)) continue;
      const n = opts.quick ? spec.n.quick : spec.n.full;
      const notes: string[] = [];
      for (const job of roundJobs(spec, steps, round)) {
        const shared = job.impl === 'node' && spec.nodeSameAs !== undefined ? nodeRuns.get(spec.nodeSameAs) : undefined;
        if (shared) {
          samples.add(spec.name, job, shared);
          notes.push(`node ${formatNumber(shared.value)} (the ${spec.nodeSameAs} run)`);
          continue;
        }
        const t0 = performance.now();
        const result = runJob(launch, job, spec.name, n, timeout);
        const took = `${((performance.now() - t0) / 1000).toFixed(1)}s`;
        if (result instanceof Error) notes.push(`${jobName(job)} FAILED (${result.message})`);
        else {
          samples.add(spec.name, job, result);
          if (job.impl === 'node') nodeRuns.set(spec.name, result);
          notes.push(`${jobName(job)} ${formatNumber(result.value)} (${took})`);
        }
      }
      process.stderr.write(`[run ${round + 1}/${opts.runs}] ${spec.name}: ${notes.join(', ')}\n`);
    }
  }
  return samples;
}

/** How and where this run took its figures. */
function meta(opts: Options, plan: ReadonlyMap<BenchSpec, number[]>): Meta {
  const cpu = cpus();
  return {
    mode: opts.quick ? 'quick' : 'full', runs: opts.runs, date: new Date().toISOString().slice(0, 10),
    node: process.version, python: pythonVersion(), cpus: `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    stepsPresent: opts.steps,
    measured: Object.fromEntries([...plan].map(([spec, steps]) => [spec.name, steps])),
  };
}

/** Write the page rendered from `file`. */
function writePage(file: BenchFile): void {
  mkdirSync(join(ROOT, 'docs', 'pages'), { recursive: true });
  writeFileSync(PAGE_PATH, renderPage(file));
}

/** Measure, print, and write docs/bench.json and the page. */
async function main(): Promise<void> {
  const started = performance.now();
  const opts = options(process.argv.slice(2));
  if (opts.render) {
    writePage(JSON.parse(readFileSync(JSON_PATH, 'utf8')) as BenchFile);
    process.stdout.write('rendered docs/pages/benchmarks.md from docs/bench.json\n');
    return;
  }
  const features = await stepFeatures(opts.steps);
  const plan = new Map(opts.benches.map((spec) => [spec, stepsToMeasure(spec, capableSteps(spec, features), opts.quick)] as const));
  const launch = (await bundledLaunch(opts.steps)) ?? tsxLaunch();
  if (opts.quick) process.stderr.write('--quick: smaller workloads (same per-second units), 3 runs (1 for the scaling benches), and per bench only the latest step that can run it (see "steps measured"); a full run measures every step.\n');
  const load = loadavg()[0]!;
  if (load > cpus().length) process.stderr.write(`load average ${load.toFixed(1)} on ${cpus().length} cores: other work competes, expect noisy figures (the ratios suffer least).\n`);
  const samples = measureAll(opts, plan, launch);
  const sizes = opts.quick ? SCALING_SIZES.quick : SCALING_SIZES.full;
  const rows: Row[] = [...plan].flatMap(([spec, steps]) => samples.rows(spec, steps, opts.quick ? spec.n.quick : spec.n.full, runsOf(spec, opts.runs, opts.quick), sizes));
  process.stdout.write(`\n${resultsTable(rows)}\n\nsteps measured: ${[...plan].map(([s, st]) => `${s.name} [${st.join(',') || 'none yet'}]`).join('; ')}\n`);
  process.stdout.write(`\nTargets (step 15):\n${targetsTable(rows)}\n`);
  if (opts.write) {
    mkdirSync(join(ROOT, 'docs', 'pages'), { recursive: true });
    const file: BenchFile = { meta: meta(opts, plan), rows };
    writeFileSync(JSON_PATH, `${JSON.stringify(file, null, 2)}\n`);
    writeFileSync(PAGE_PATH, renderPage(file));
    process.stdout.write(`\nwrote docs/bench.json and docs/pages/benchmarks.md\n`);
  }
  process.stdout.write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

await main();
