import { describe, expect, it } from 'vitest';
import { Heap } from './heap.ts';

describe('step 06: the binary heap', () => {
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
