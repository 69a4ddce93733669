/**
 * `kiln lineage <node>[.<column>]`: the node as the selection grammar names it (a model,
 * seed or snapshot by name or package.name, a source as source:<source>.<table> or
 * <source>.<table>), and the column after the last dot, matched as the warehouse stores it.
 */
import { KilnError } from '../errors.js';
import type { Manifest } from '../project/nodes.js';
import { closestName } from '../project/suggest.js';
import type { LineageEnd } from './trace.js';

const ROOT_TYPES = new Set(['model', 'seed', 'snapshot']);

export function lineageRoot(manifest: Manifest, spec: string, columnsOf: (id: string) => string[]): LineageEnd {
  const whole = findNode(manifest, spec);
  if (whole) return { node: whole, column: null };
  const dot = spec.lastIndexOf('.');
  const node = dot > 0 ? findNode(manifest, spec.slice(0, dot)) : undefined;
  if (!node) {
    const names = nodeNames(manifest);
    const bare = spec.replace(/^source:/, '');
    const hint = closestName(bare, names) ?? (bare.includes('.') ? closestName(bare.slice(0, bare.lastIndexOf('.')), names) : undefined);
    throw new KilnError(`'${spec}' names no model, seed, snapshot or source of the project`, {
      hint: hint ? `did you mean '${hint}'?` : 'name a model, seed or snapshot (optionally .column), or a source as source:<source>.<table>',
    });
  }
  const wanted = spec.slice(dot + 1);
  const columns = columnsOf(node);
  const column = columns.find((c) => c === wanted) ?? columns.find((c) => c.toLowerCase() === wanted.toLowerCase());
  if (!column) {
    const hint = closestName(wanted, columns);
    throw new KilnError(`${node} has no column '${wanted}'`, {
      hint: hint ? `did you mean '${hint}'?` : columns.length > 0 ? `its columns: ${columns.join(', ')}` : 'its columns are not known: build it and run kiln docs generate, or declare them in YAML',
    });
  }
  return { node, column };
}

function findNode(manifest: Manifest, spec: string): string | undefined {
  const name = spec.replace(/^source:/, '');
  if (!spec.startsWith('source:')) {
    const matches = Object.values(manifest.nodes).filter((n) => ROOT_TYPES.has(n.resource_type) && (n.name === name || `${n.package_name}.${n.name}` === name));
    if (matches.length === 1) return matches[0]!.unique_id;
    if (matches.length > 1) {
      throw new KilnError(`'${spec}' names ${matches.length} nodes: ${matches.map((m) => m.unique_id).join(', ')}`, { hint: 'qualify it with its package: <package>.<name>' });
    }
  }
  const source = Object.values(manifest.sources).find((s) => `${s.source_name}.${s.name}` === name || `${s.package_name}.${s.source_name}.${s.name}` === name);
  return source?.unique_id;
}

function nodeNames(manifest: Manifest): string[] {
  return [
    ...Object.values(manifest.nodes).filter((n) => ROOT_TYPES.has(n.resource_type)).map((n) => n.name),
    ...Object.values(manifest.sources).map((s) => `${s.source_name}.${s.name}`),
  ];
}

/** `customers.customer_lifetime_value`, `seed raw_payments.amount`, `source jaffle.orders`. */
export function lineageLabel(manifest: Manifest, end: LineageEnd): string {
  const node = manifest.nodes[end.node];
  const source = manifest.sources[end.node];
  const name = node ? node.name : source ? `${source.source_name}.${source.name}` : end.node;
  const type = node?.resource_type ?? (source ? 'source' : '');
  const prefix = type && type !== 'model' ? `${type} ` : '';
  return `${prefix}${name}${end.column !== null ? `.${end.column}` : ''}`;
}
