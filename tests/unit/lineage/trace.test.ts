import { describe, expect, it } from 'vitest';
import type { NodeLineage } from '../../../src/lineage/projectLineage.js';
import { lineageEdges, traceLineage, type LineageEdge } from '../../../src/lineage/trace.js';

const node = (partial: Partial<NodeLineage>): NodeLineage => ({ columns: [], clauses: [], reads: [], resolved: true, warnings: [], ...partial });

// raw → stg (column level) → mart (column level, filters on stg.status) ; blob (model level only) reads stg; tail reads blob.
const lineage = new Map<string, NodeLineage>([
  ['stg', node({ columns: [{ name: 'amount', from: [{ node: 'raw', column: 'amount_cents', kind: 'derived' }] }, { name: 'status', from: [{ node: 'raw', column: 'status', kind: 'passthrough' }] }], reads: ['raw'] })],
  ['mart', node({ columns: [{ name: 'total', from: [{ node: 'stg', column: 'amount', kind: 'aggregated' }] }], clauses: [{ node: 'stg', column: 'status', kind: 'filter' }], reads: ['stg'] })],
  ['blob', node({ columns: [{ name: 'x', from: [] }], reads: ['stg'], resolved: false })],
  ['tail', node({ columns: [{ name: 'x', from: [{ node: 'blob', column: 'x', kind: 'passthrough' }] }], reads: ['blob'] })],
]);
const edges = lineageEdges(lineage);
const show = (list: LineageEdge[]): string[] => list.map((e) => `${e.from.node}.${e.from.column ?? '*'}>${e.to.node}.${e.to.column ?? '*'}:${e.kind}`).sort();

describe('lineage edges and tracing', () => {
  it('adds a model-level edge only for parents no column edge covers', () => {
    expect(show(edges)).toEqual([
      'blob.x>tail.x:passthrough',
      'raw.amount_cents>stg.amount:derived',
      'raw.status>stg.status:passthrough',
      'stg.*>blob.*:derived',
      'stg.amount>mart.total:aggregated',
      'stg.status>mart.*:filter',
    ]);
  });

  it('walks a column upstream to the ends, or to a depth in node hops', () => {
    expect(show(traceLineage(edges, { node: 'mart', column: 'total' }, { direction: 'upstream' }))).toEqual(['raw.amount_cents>stg.amount:derived', 'stg.amount>mart.total:aggregated']);
    expect(show(traceLineage(edges, { node: 'mart', column: 'total' }, { direction: 'upstream', depth: 1 }))).toEqual(['stg.amount>mart.total:aggregated']);
  });

  it('stops downstream at a filter edge: the model depends on the column, none of its columns carries it', () => {
    expect(show(traceLineage(edges, { node: 'raw', column: 'status' }, { direction: 'downstream' }))).toEqual(['raw.status>stg.status:passthrough', 'stg.status>mart.*:filter']);
  });

  it('goes on through a model whose lineage is model-level only', () => {
    expect(show(traceLineage(edges, { node: 'tail', column: 'x' }, { direction: 'upstream' }))).toEqual([
      'blob.x>tail.x:passthrough',
      'raw.amount_cents>stg.amount:derived',
      'raw.status>stg.status:passthrough',
      'stg.*>blob.*:derived',
    ]);
  });

  it('takes every edge of a whole node, in both directions', () => {
    expect(show(traceLineage(edges, { node: 'stg', column: null }, { direction: 'both', depth: 1 }))).toEqual([
      'raw.amount_cents>stg.amount:derived',
      'raw.status>stg.status:passthrough',
      'stg.*>blob.*:derived',
      'stg.amount>mart.total:aggregated',
      'stg.status>mart.*:filter',
    ]);
  });
});
