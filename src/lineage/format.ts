/**
 * `kiln lineage` output: JSON (one object), a readable tree, Mermaid and Graphviz DOT.
 */
import { endKey, lineageStep, push, type LineageEdge, type LineageEnd } from './trace.js';

export type LineageFormat = 'text' | 'json' | 'mermaid' | 'dot';

export interface LineageReport {
  root: LineageEnd;
  edges: LineageEdge[];
  warnings: string[];
}

export function formatLineage(report: LineageReport, format: LineageFormat, label: (end: LineageEnd) => string): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2);
    case 'mermaid':
      return mermaid(report, label);
    case 'dot':
      return dot(report, label);
    default:
      return text(report, label);
  }
}

const CLAUSE = new Set(['filter', 'join', 'group_by']);

function text(report: LineageReport, label: (end: LineageEnd) => string): string {
  const lines = [label(report.root)];
  const tree = (direction: 'upstream' | 'downstream', arrow: string): void => {
    const byEnd = new Map<string, LineageEdge[]>();
    for (const edge of report.edges) push(byEnd, endKey(direction === 'upstream' ? edge.to : edge.from), edge);
    const step = lineageStep(report.edges, direction);
    // The root node's own (column-less) branch holds only its filter/join/group-by edges.
    const children = (end: LineageEnd): LineageEdge[] => (end.column === null && end.node === report.root.node ? byEnd.get(endKey(end)) ?? [] : step(end));
    const seen = new Set<string>();
    const visit = (end: LineageEnd, prefix: string): void => {
      const list = children(end);
      list.forEach((edge, i) => {
        const last = i === list.length - 1;
        const far = direction === 'upstream' ? edge.from : edge.to;
        const repeated = seen.has(endKey(far));
        lines.push(`${prefix}${last ? '└─' : '├─'} ${arrow} ${label(far)}  (${edge.kind})${repeated ? ' …' : ''}`);
        if (repeated || (direction === 'downstream' && CLAUSE.has(edge.kind))) return;
        seen.add(endKey(far));
        visit(far, `${prefix}${last ? '   ' : '│  '}`);
      });
    };
    seen.add(endKey(report.root));
    if (report.root.column !== null) {
      visit(report.root, '');
      return;
    }
    // A whole node: one branch per column of it (and one for the node itself), then their sources.
    const own = [...byEnd.keys()].filter((k) => k.startsWith(`${report.root.node}\0`));
    own.forEach((k, i) => {
      const last = i === own.length - 1;
      const first = byEnd.get(k)![0]!;
      const end = direction === 'upstream' ? first.to : first.from;
      lines.push(`${last ? '└─' : '├─'} ${label(end)}`);
      seen.add(k);
      visit(end, last ? '   ' : '│  ');
    });
  };
  tree('upstream', '←');
  tree('downstream', '→');
  if (lines.length === 1) lines.push('(no lineage edges)');
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

function ends(report: LineageReport): LineageEnd[] {
  const all = new Map<string, LineageEnd>([[endKey(report.root), report.root]]);
  for (const edge of report.edges) {
    all.set(endKey(edge.from), edge.from);
    all.set(endKey(edge.to), edge.to);
  }
  return [...all.values()];
}

function shortIds(report: LineageReport): Map<string, string> {
  return new Map(ends(report).map((end, i) => [endKey(end), `n${i}`]));
}

function mermaid(report: LineageReport, label: (end: LineageEnd) => string): string {
  const ids = shortIds(report);
  const quote = (s: string): string => `"${s.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart LR'];
  for (const end of ends(report)) lines.push(`  ${ids.get(endKey(end))}[${quote(label(end))}]`);
  for (const edge of report.edges) {
    const arrow = CLAUSE.has(edge.kind) ? '-.->' : '-->';
    lines.push(`  ${ids.get(endKey(edge.from))} ${arrow}|${edge.kind}| ${ids.get(endKey(edge.to))}`);
  }
  return lines.join('\n');
}

function dot(report: LineageReport, label: (end: LineageEnd) => string): string {
  const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const ids = shortIds(report);
  const lines = ['digraph lineage {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const end of ends(report)) lines.push(`  ${ids.get(endKey(end))} [label=${quote(label(end))}];`);
  for (const edge of report.edges) {
    const style = CLAUSE.has(edge.kind) ? ', style=dashed' : '';
    lines.push(`  ${ids.get(endKey(edge.from))} -> ${ids.get(endKey(edge.to))} [label=${quote(edge.kind)}${style}];`);
  }
  lines.push('}');
  return lines.join('\n');
}
