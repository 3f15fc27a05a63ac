import { describe, expect, inject, it } from 'vitest';
import type {} from '../../shared/retired-setup.ts'; // types inject('step')
import { stepDir } from '../../shared/steps.ts';
import type * as HeapModule from './heap.ts';

// index.ts does not export the heap: load heap.ts from the folder of the step under test.
const path = `${stepDir(inject('step'))}/heap.ts`;
const { Heap } = (await import(/* @vite-ignore */ path)) as typeof HeapModule;

describe('the binary heap', () => {
  it('pops in order, whatever the push order', () => {
    const heap = new Heap<number>((a, b) => a < b);
    const values = Array.from({ length: 500 }, () => Math.floor(Math.random() * 100));
    for (const v of values) heap.push(v);
    expect(heap.size()).toBe(500);
    const out: number[] = [];
    while (heap.size() > 0) out.push(heap.pop() as number);
    expect(out).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
    expect(heap.peek()).toBeUndefined();
  });
});
