import { describe, expect, it } from 'vitest';
import { hasCycle } from '../../../src/graph/dag.js';

describe('hasCycle', () => {
  it('finds none in a DAG with fan-in and fan-out, and ignores parents outside the map', () => {
    expect(hasCycle({ a: [], b: ['a'], c: ['a'], d: ['b', 'c', 'source.x'] })).toBe(false);
  });
  it('finds a self-loop and a longer cycle', () => {
    expect(hasCycle({ a: ['a'] })).toBe(true);
    expect(hasCycle({ a: [], b: ['a', 'd'], c: ['b'], d: ['c'] })).toBe(true);
  });
});
