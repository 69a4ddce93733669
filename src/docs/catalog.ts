/**
 * The catalog of the documented relations, from the warehouse in a few batched queries
 * (the adapter's describeRelations), shaped as dbt's catalog.json.
 */
import type { AdapterConnection, RelationDescription, RelationRef } from '../adapters/types.js';
import type { CatalogTable } from '../artifacts/catalogJson.js';
import type { Manifest } from '../project/nodes.js';

const RELATIONAL = new Set(['model', 'seed', 'snapshot']);

export interface CatalogTables {
  nodes: Record<string, CatalogTable>;
  sources: Record<string, CatalogTable>;
}

export async function readWarehouseCatalog(manifest: Manifest, ids: Set<string>, connection: AdapterConnection): Promise<CatalogTables> {
  const wanted: { id: string; kind: 'nodes' | 'sources'; ref: RelationRef }[] = [];
  for (const id of ids) {
    const node = manifest.nodes[id];
    if (node && RELATIONAL.has(node.resource_type) && node.config.materialized !== 'ephemeral') wanted.push({ id, kind: 'nodes', ref: { database: node.database, schema: node.schema, identifier: node.alias || node.name } });
    const source = manifest.sources[id];
    if (source) wanted.push({ id, kind: 'sources', ref: { database: source.database, schema: source.schema, identifier: source.identifier } });
  }
  const described = await connection.describeRelations(wanted.map((w) => w.ref));
  const key = (r: RelationRef): string => `${r.database}\0${r.schema}\0${r.identifier}`.toLowerCase();
  const byKey = new Map(described.map((d) => [key(d), d]));
  const tables: CatalogTables = { nodes: {}, sources: {} };
  for (const { id, kind, ref } of wanted) {
    const found = byKey.get(key(ref));
    if (found) tables[kind][id] = catalogTable(id, found);
  }
  return tables;
}

function catalogTable(id: string, relation: RelationDescription): CatalogTable {
  const stats: CatalogTable['stats'] = {
    has_stats: { id: 'has_stats', label: 'Has Stats?', value: relation.rowCount !== null || relation.bytes !== null, include: false, description: 'Indicates whether there are statistics for this table' },
  };
  if (relation.rowCount !== null) stats['row_count'] = { id: 'row_count', label: 'Row Count', value: relation.rowCount, include: true, description: 'Rows in the table, as the warehouse counts them' };
  if (relation.bytes !== null) stats['bytes'] = { id: 'bytes', label: 'Approximate Size', value: relation.bytes, include: true, description: 'Size on disk, as the warehouse reports it' };
  return {
    metadata: { type: relation.type === 'view' ? 'VIEW' : 'BASE TABLE', schema: relation.schema, name: relation.identifier, database: relation.database || null, comment: relation.comment, owner: null },
    columns: Object.fromEntries(relation.columns.map((c, i) => [c.name, { name: c.name, type: c.dataType, index: i + 1, comment: c.comment ?? null }])),
    stats,
    unique_id: id,
  };
}
