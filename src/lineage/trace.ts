/**
 * The project's lineage as one edge list (upstream → downstream), and the walk that
 * `kiln lineage` and the docs site's highlighting share: from a node or one of its columns,
 * up and/or down, to a depth counted in node hops.
 */
import type { LineageKind } from '../sql/columnLineage.js';
import type { NodeLineage } from './projectLineage.js';

export interface LineageEnd {
  node: string;
  column: string | null;
}

export interface LineageEdge {
  from: LineageEnd;
  to: LineageEnd;
  kind: LineageKind;
}

const CLAUSE_KINDS = new Set<LineageKind>(['filter', 'join', 'group_by']);

/** Every edge of the project: column edges, clause edges, and model-level edges where columns are unknown. */
export function lineageEdges(lineage: Map<string, NodeLineage>): LineageEdge[] {
  const edges: LineageEdge[] = [];
  for (const [id, node] of lineage) {
    const covered = new Set<string>();
    for (const column of node.columns) {
      for (const from of column.from) {
        edges.push({ from: { node: from.node, column: from.column }, to: { node: id, column: column.name }, kind: from.kind });
        covered.add(from.node);
      }
    }
    for (const clause of node.clauses) {
      edges.push({ from: { node: clause.node, column: clause.column }, to: { node: id, column: null }, kind: clause.kind });
      covered.add(clause.node);
    }
    for (const parent of node.reads) {
      if (!covered.has(parent)) edges.push({ from: { node: parent, column: null }, to: { node: id, column: null }, kind: 'derived' });
    }
  }
  return edges;
}

export interface TraceOptions {
  direction: 'upstream' | 'downstream' | 'both';
  /** Node hops; undefined walks to the ends. */
  depth?: number;
}

/**
 * The edges on the path of `root`. A whole node (column null) starts from all its columns.
 * A filter/join/group_by edge ends at its model: the model depends on the column, but none
 * of its columns carries the values on.
 */
export function traceLineage(edges: LineageEdge[], root: LineageEnd, options: TraceOptions): LineageEdge[] {
  const out = new Set<LineageEdge>();
  if (options.direction !== 'downstream') walk(edges, root, options.depth, 'upstream', out);
  if (options.direction !== 'upstream') walk(edges, root, options.depth, 'downstream', out);
  return edges.filter((e) => out.has(e));
}

function walk(edges: LineageEdge[], root: LineageEnd, depth: number | undefined, direction: 'upstream' | 'downstream', out: Set<LineageEdge>): void {
  const step = lineageStep(edges, direction);
  const seen = new Set<string>();
  let frontier: LineageEnd[] = [root];
  for (let hop = 0; frontier.length > 0 && (depth === undefined || hop < depth); hop++) {
    const next: LineageEnd[] = [];
    for (const end of frontier) {
      if (seen.has(endKey(end))) continue;
      seen.add(endKey(end));
      for (const edge of step(end)) {
        if (out.has(edge)) continue;
        out.add(edge);
        const far = direction === 'upstream' ? edge.from : edge.to;
        if (direction === 'downstream' && CLAUSE_KINDS.has(edge.kind)) continue;
        next.push(far);
      }
    }
    frontier = next;
  }
}

/**
 * The edges one step from an end, upstream or downstream: a whole node takes every edge at
 * that node, a column only its own, and a column of a node whose lineage is model-level only
 * goes on through the node's model-level edges. The walk above and `kiln lineage`'s tree share it.
 */
export function lineageStep(edges: LineageEdge[], direction: 'upstream' | 'downstream'): (end: LineageEnd) => LineageEdge[] {
  const byEnd = new Map<string, LineageEdge[]>();
  const byNode = new Map<string, LineageEdge[]>();
  for (const edge of edges) {
    const near = direction === 'upstream' ? edge.to : edge.from;
    push(byEnd, endKey(near), edge);
    push(byNode, near.node, edge);
  }
  return (end) => {
    if (end.column === null) return byNode.get(end.node) ?? [];
    const own = byEnd.get(endKey(end)) ?? [];
    return own.length > 0 ? own : (byEnd.get(endKey({ node: end.node, column: null })) ?? []).filter(isModelLevel);
  };
}

function isModelLevel(edge: LineageEdge): boolean {
  return edge.from.column === null && edge.to.column === null;
}

/** One string per end, for maps and sets. */
export function endKey(end: LineageEnd): string {
  return `${end.node}\0${end.column ?? ''}`;
}

export function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
