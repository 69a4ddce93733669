import { describe, expect, it } from 'vitest';
import { criticalPathPriority } from '../../../src/runner/runner.js';

/** Order `ready` the way the runner picks from its queue. */
function pickOrder(ids: string[], edges: [string, string][], ready: string[]): string[] {
  const deps = new Map(ids.map((id) => [id, new Set<string>()]));
  const children = new Map<string, string[]>();
  for (const [parent, child] of edges) {
    deps.get(child)!.add(parent);
    (children.get(parent) ?? children.set(parent, []).get(parent)!).push(child);
  }
  return [...ready].sort(criticalPathPriority(ids, deps, children));
}

describe('critical-path priority', () => {
  it('runs the head of the longest chain before leaves listed earlier', () => {
    const ids = ['leaf_a', 'leaf_b', 'chain_1', 'chain_2', 'chain_3'];
    const edges: [string, string][] = [['chain_1', 'chain_2'], ['chain_2', 'chain_3']];
    expect(pickOrder(ids, edges, ['leaf_a', 'leaf_b', 'chain_1'])).toEqual(['chain_1', 'leaf_a', 'leaf_b']);
  });

  it('keeps the selection order between nodes with equally long chains', () => {
    const ids = ['b', 'a', 'b_child', 'a_child'];
    const edges: [string, string][] = [['a', 'a_child'], ['b', 'b_child']];
    expect(pickOrder(ids, edges, ['a', 'b'])).toEqual(['b', 'a']);
  });

  it('measures a chain by its longest branch, wherever the ids list puts the children', () => {
    const ids = ['deep_3', 'root', 'deep_1', 'deep_2', 'shallow', 'other'];
    const edges: [string, string][] = [['root', 'deep_1'], ['deep_1', 'deep_2'], ['deep_2', 'deep_3'], ['other', 'shallow']];
    expect(pickOrder(ids, edges, ['other', 'root'])).toEqual(['root', 'other']);
  });
});
