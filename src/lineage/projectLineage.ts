/**
 * Column lineage of a whole project: every model's and snapshot's compiled SQL parsed in
 * one batch, then resolved in graph order so that `select *` expands from what the upstream
 * node is known to hold — the warehouse catalog first, then the upstream's own lineage, its
 * YAML columns, a seed's CSV header. What cannot be read degrades to model-level edges
 * (column null) with a warning naming the model; it never fails the command.
 */
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { alg, Graph } from '@dagrejs/graphlib';
import { embeddingsTableName } from '../ai/embeddingsTable.js';
import { RUN_HISTORY_TABLE } from '../artifacts/runResults.js';
import { EPHEMERAL_PREFIX } from '../jinja/relation.js';
import type { Manifest, ManifestNode, NodeLineageRecord, SourceDefinition } from '../project/nodes.js';
import { lineageOfSelect, type ClauseEdgeKind, type ColumnEdgeKind, type UpstreamRelation } from '../sql/columnLineage.js';
import { parseSelects } from '../sql/parseSelects.js';

export interface NodeLineage extends NodeLineageRecord {
  /** Output columns in order, each with the upstream columns it is made from. */
  columns: { name: string; from: { node: string; column: string | null; kind: ColumnEdgeKind }[] }[];
  /** Upstream columns the node only filters, joins or groups on. */
  clauses: { node: string; column: string; kind: ClauseEdgeKind }[];
  /** Upstream nodes it reads. */
  reads: string[];
  /** True when the SQL was read: the columns above are the whole story. */
  resolved: boolean;
  warnings: string[];
}

export interface LineageInputs {
  manifest: Manifest;
  /** A node's SQL as it would run (compiled), or an Error when it does not compile. */
  compiledSql: (node: ManifestNode) => string | Error;
  /** Column names as the warehouse stores them, by unique id (from catalog.json). */
  catalogColumns?: Map<string, string[]>;
}

const SQL_RESOURCES = new Set(['model', 'snapshot']);
const SNAPSHOT_COLUMNS = ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to'];

export async function projectLineage(inputs: LineageInputs): Promise<Map<string, NodeLineage>> {
  const { manifest } = inputs;
  const order = graphOrder(manifest);
  const sqlNodes = order.map((id) => manifest.nodes[id]).filter((n): n is ManifestNode => !!n && SQL_RESOURCES.has(n.resource_type) && n.language !== 'typescript');
  const compiled = sqlNodes.map((node) => inputs.compiledSql(node));
  const parsed = await parseSelects(compiled.map((sql) => (sql instanceof Error ? 'select 1' : sql)));
  const parsedById = new Map(sqlNodes.map((node, i) => [node.unique_id, { sql: compiled[i]!, parse: parsed[i]! }]));

  const known = new Map<string, string[] | null>();
  const relations = relationIndex(manifest);
  const environment = {
    relation: (reference: { catalog: string; schema: string; table: string }): UpstreamRelation | null => {
      const found = relations.lookup(reference);
      if (!found) return null;
      if (found.embeddings) return embeddingsTable(found.node, found.embeddings);
      return { node: found.node, columns: known.get(found.node) ?? null };
    },
    isKnownTable: ({ table }: { table: string }): boolean => table.toLowerCase() === RUN_HISTORY_TABLE,
    isNodeCte: (name: string): boolean => name.startsWith(EPHEMERAL_PREFIX),
  };

  const lineage = new Map<string, NodeLineage>();
  for (const id of order) {
    const node = manifest.nodes[id];
    const source = manifest.sources[id];
    const catalog = inputs.catalogColumns?.get(id);
    if (source) {
      known.set(id, catalog ?? yamlColumns(source));
      continue;
    }
    if (!node) continue;
    if (node.resource_type === 'seed') {
      known.set(id, catalog ?? yamlColumns(node) ?? seedHeader(node));
      continue;
    }
    if (!SQL_RESOURCES.has(node.resource_type)) continue;
    const entry = parsedById.get(id);
    const result = entry ? readNode(node, entry.sql, entry.parse, environment) : modelLevel(node, [], true);
    if (catalog && result.resolved && catalog.length === result.columns.length) {
      // The warehouse names unaliased expressions; its names are the ones users see.
      result.columns.forEach((column, i) => (column.name = catalog[i]!));
    }
    lineage.set(id, result);
    known.set(id, catalog ?? (result.resolved ? result.columns.map((c) => c.name) : yamlColumns(node)));
  }
  return lineage;
}

function readNode(node: ManifestNode, sql: string | Error, parse: Awaited<ReturnType<typeof parseSelects>>[number], environment: Parameters<typeof lineageOfSelect>[1]): NodeLineage {
  if (sql instanceof Error) return modelLevel(node, [`${node.original_file_path}: does not compile (${firstLine(sql.message)}); lineage is model-level`]);
  if (!parse.ok) return modelLevel(node, [`${node.original_file_path}: SQL not readable for column lineage (${firstLine(parse.error)}); lineage is model-level`]);
  const read = lineageOfSelect(parse.tree, environment);
  const columns = read.columns.concat(node.resource_type === 'snapshot' ? SNAPSHOT_COLUMNS.map((name) => ({ name, from: [] })) : []);
  const warnings = read.warnings.map((w) => `${node.original_file_path}: ${w}`);
  // Parents the SQL reads through something lineage does not follow still get a model-level edge.
  const reads = [...new Set([...read.reads, ...node.depends_on.nodes.filter((p) => !p.startsWith('test.'))])];
  return { columns, clauses: read.clauses, reads, resolved: read.complete, warnings };
}

function modelLevel(node: ManifestNode, warnings: string[], typescript = false): NodeLineage {
  const columns = Object.keys(node.columns).map((name) => ({ name, from: [] }));
  return { columns, clauses: [], reads: node.depends_on.nodes.filter((p) => !p.startsWith('test.')), resolved: false, warnings: typescript ? [] : warnings };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** Sources, seeds, models and snapshots, parents before children. */
function graphOrder(manifest: Manifest): string[] {
  const graph = new Graph();
  for (const id of Object.keys(manifest.sources)) graph.setNode(id);
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (node.resource_type === 'test' || node.resource_type === 'unit_test') continue;
    graph.setNode(id);
    for (const parent of node.depends_on.nodes) if (manifest.nodes[parent] || manifest.sources[parent]) graph.setEdge(parent, id);
  }
  return alg.topsort(graph);
}

function yamlColumns(node: ManifestNode | SourceDefinition): string[] | null {
  const names = Object.values(node.columns).map((c) => c.name);
  return names.length > 0 ? names : null;
}

function seedHeader(node: ManifestNode): string[] | null {
  try {
    const delimiter = typeof node.config['delimiter'] === 'string' ? node.config['delimiter'] : ',';
    const [header] = parseCsv(readFileSync(node.abs_path, 'utf8'), { to_line: 1, delimiter, bom: true }) as string[][];
    return header ?? null;
  } catch {
    return null;
  }
}

interface EmbedColumns {
  id: string;
  text: string;
}

/** `<model>_embeddings` (src/ai/embeddingsTable.ts): the id passes through, hash and vector are made from the text. */
function embeddingsTable(node: string, embed: EmbedColumns): UpstreamRelation {
  return {
    node,
    columns: [embed.id, 'content_hash', 'embedding', 'model', 'embedded_at'],
    origins: { [embed.id]: { column: embed.id, derived: false }, content_hash: { column: embed.text, derived: true }, embedding: { column: embed.text, derived: true }, model: null, embedded_at: null },
  };
}

function embedColumns(node: ManifestNode): EmbedColumns | undefined {
  const embed = node.config['embed'] as { id?: unknown; text?: unknown } | undefined;
  return typeof embed?.id === 'string' && typeof embed.text === 'string' ? { id: embed.id, text: embed.text } : undefined;
}

interface IndexedRelation {
  node: string;
  embeddings?: EmbedColumns;
}

/** Table references in compiled SQL → the node they name (qualified as far as the SQL says). */
function relationIndex(manifest: Manifest): { lookup(reference: { catalog: string; schema: string; table: string }): IndexedRelation | null } {
  const byKey = new Map<string, IndexedRelation | null>();
  const add = (key: string, entry: IndexedRelation): void => {
    const seen = byKey.get(key);
    byKey.set(key, seen === undefined || (seen?.node === entry.node && !seen.embeddings === !entry.embeddings) ? entry : null); // null: ambiguous
  };
  const register = (entry: IndexedRelation, database: string, schema: string, identifier: string): void => {
    const [d, s, t] = [database, schema, identifier].map((p) => (p ?? '').toLowerCase());
    add(`${d}.${s}.${t}`, entry);
    add(`.${s}.${t}`, entry);
    add(`..${t}`, entry);
  };
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (node.resource_type === 'test' || node.resource_type === 'unit_test') continue;
    if (node.config.materialized === 'ephemeral') {
      add(`..${EPHEMERAL_PREFIX}${node.name.toLowerCase()}`, { node: id });
      continue;
    }
    register({ node: id }, node.database, node.schema, node.alias || node.name);
    const embeddings = embedColumns(node);
    if (embeddings) register({ node: id, embeddings }, node.database, node.schema, embeddingsTableName(node.alias || node.name));
  }
  for (const [id, source] of Object.entries(manifest.sources)) register({ node: id }, source.database, source.schema, source.identifier);
  return {
    lookup: ({ catalog, schema, table }) => {
      const key = catalog ? `${catalog}.${schema}.${table}` : schema ? `.${schema}.${table}` : `..${table}`;
      return byKey.get(key.toLowerCase()) ?? null;
    },
  };
}
