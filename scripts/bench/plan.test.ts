import { describe, expect, it } from 'vitest';
import { benchSpec, type Feature } from './benches.ts';
import { capableSteps, interleave, rotate, roundJobs, runsOf, stepsToMeasure } from './plan.ts';

const features = new Map<number, Set<Feature>>([
  [1, new Set<Feature>(['callSoon'])],
  [3, new Set<Feature>(['callSoon', 'callLater'])],
  [7, new Set<Feature>(['callSoon', 'callLater', 'tasks', 'sleepingTasks'])],
  [9, new Set<Feature>(['callSoon', 'callLater', 'tasks', 'sleepingTasks'])],
]);

describe('which steps a bench measures', () => {
  it('only steps with every feature the bench needs', () => {
    expect(capableSteps(benchSpec('timers'), features)).toEqual([3, 7, 9]);
    expect(capableSteps(benchSpec('echo-streams-seq'), features)).toEqual([]);
  });
  it('all of them in a full run, the latest only in --quick', () => {
    expect(stepsToMeasure(benchSpec('chain'), [1, 3, 7, 9], false)).toEqual([1, 3, 7, 9]);
    expect(stepsToMeasure(benchSpec('chain'), [1, 3, 7, 9], true)).toEqual([9]);
    expect(stepsToMeasure(benchSpec('memory'), [7, 9], true)).toEqual([9]);
  });
  it('the last step only for scaling', () => {
    expect(stepsToMeasure(benchSpec('scaling-tasks'), [7, 9], false)).toEqual([9]);
  });
  it('every run, but one run of the scaling benches in --quick', () => {
    expect(runsOf(benchSpec('chain'), 3, true)).toBe(3);
    expect(runsOf(benchSpec('scaling-timers'), 3, true)).toBe(1);
    expect(runsOf(benchSpec('scaling-timers'), 5, false)).toBe(5);
  });
});

describe('run order', () => {
  it('interleaves two lists', () => {
    expect(interleave<number | string>([1, 2, 3], ['a'])).toEqual([1, 'a', 2, 3]);
  });
  it('rotates by the round number', () => {
    expect(rotate([1, 2, 3], 1)).toEqual([2, 3, 1]);
    expect(rotate([1, 2, 3], 4)).toEqual([2, 3, 1]);
    expect(rotate([], 2)).toEqual([]);
  });
  it('alternates our steps with asyncio and Node, each once per round', () => {
    const jobs = roundJobs(benchSpec('chain'), [1, 9], 0);
    expect(jobs.map((j) => `${j.impl}${j.step ?? ''}`)).toEqual(['ours1', 'asyncio', 'ours9', 'node']);
    expect(roundJobs(benchSpec('chain'), [1, 9], 1).map((j) => j.impl)).toEqual(['asyncio', 'ours', 'node', 'ours']);
  });
});
