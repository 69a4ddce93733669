/**
 * The docs site's one JSON blob: every documentable node with its rendered description,
 * columns (types from the catalog, descriptions, tests), config, SQL, last run and stats,
 * and the project's column lineage edges. The page reads nothing else.
 */
import { dirname } from 'node:path';
import { marked } from 'marked';
import type { CatalogDocument, CatalogTable } from '../artifacts/catalogJson.js';
import type { RunResult } from '../artifacts/runResults.js';
import type { LineageEdge } from '../lineage/trace.js';
import { sortByLocale } from '../localeOrder.js';
import type { ExposureDefinition, Manifest, ManifestNode, NodeLineageRecord, SourceDefinition } from '../project/nodes.js';

export interface SiteColumn {
  name: string;
  type: string | null;
  description_html: string;
  tests: string[];
}

export interface SiteNode {
  id: string;
  name: string;
  resource_type: string;
  package: string;
  path: string;
  folder: string;
  tags: string[];
  description_html: string;
  materialized: string | null;
  relation: string | null;
  config: Record<string, unknown>;
  raw_code: string;
  compiled_code: string | null;
  columns: SiteColumn[];
  depends_on: string[];
  tested_by: string[];
  run: { status: string; execution_time: number; rows: number | null; message: string | null } | null;
  stats: { row_count: number | null; bytes: number | null } | null;
  xy: [number, number] | null;
}

/** An edge as the page reads it: [from node index, from column, to node index, to column, kind] (a third of the bytes). */
export type CompactEdge = [number, string | null, number, string | null, string];

export interface SiteData {
  project: { name: string; generated_at: string; kiln_version: string; adapter_type: string; overview_html: string };
  nodes: SiteNode[];
  column_edges: CompactEdge[];
  overview: { width: number; height: number } | null;
}

export type RunResultEntry = Pick<RunResult, 'unique_id' | 'status' | 'execution_time' | 'message' | 'adapter_response'>;

export interface SiteInputs {
  manifest: Manifest;
  catalog?: CatalogDocument;
  runResults: RunResultEntry[];
  edges: LineageEdge[];
  project: { name: string; kiln_version: string; adapter_type: string; generated_at: Date };
}

const DOCUMENTED = new Set(['model', 'seed', 'snapshot', 'test', 'analysis']);

export function siteData(inputs: SiteInputs): SiteData {
  const { manifest } = inputs;
  const runs = new Map(inputs.runResults.map((r) => [r.unique_id, r]));
  const tests = testsByNode(manifest);
  const present = new Set([...Object.keys(manifest.nodes), ...Object.keys(manifest.sources), ...Object.keys(manifest.exposures)]);
  const nodes: SiteNode[] = [];
  for (const node of Object.values(manifest.nodes)) {
    if (!DOCUMENTED.has(node.resource_type) || node.docs?.show === false) continue;
    nodes.push(nodeEntry(node, inputs.catalog?.nodes[node.unique_id], runs.get(node.unique_id), tests, present));
  }
  for (const source of Object.values(manifest.sources)) nodes.push(sourceEntry(source, inputs.catalog?.sources[source.unique_id], tests));
  for (const exposure of Object.values(manifest.exposures)) nodes.push(exposureEntry(exposure, present));
  const sorted = sortByLocale(nodes, (node) => node.id);
  const overview = manifest.docs[`doc.${inputs.project.name}.__overview__`] ?? Object.values(manifest.docs).find((d) => d.name === '__overview__');
  return {
    project: {
      name: inputs.project.name,
      generated_at: inputs.project.generated_at.toISOString(),
      kiln_version: inputs.project.kiln_version,
      adapter_type: inputs.project.adapter_type,
      overview_html: overview ? markdown(overview.block_contents) : '',
    },
    nodes: sorted,
    column_edges: compactEdges(sorted, inputs.edges),
    overview: null,
  };
}

function compactEdges(nodes: SiteNode[], edges: LineageEdge[]): CompactEdge[] {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const out: CompactEdge[] = [];
  for (const { from, to, kind } of edges) {
    const f = index.get(from.node);
    const t = index.get(to.node);
    if (f !== undefined && t !== undefined) out.push([f, from.column, t, to.column, kind]);
  }
  return out;
}

/** Config without the keys that say nothing (null, empty lists and maps): most of a test's config. */
function shownConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)));
}

function nodeEntry(node: ManifestNode, catalog: CatalogTable | undefined, run: RunResultEntry | undefined, tests: Map<string, TestsOf>, present: Set<string>): SiteNode {
  const { pre_hook: _pre, post_hook: _post, ...config } = node.config;
  const relational = node.resource_type !== 'test' && node.resource_type !== 'analysis' && node.config.materialized !== 'ephemeral';
  return {
    id: node.unique_id,
    name: node.name,
    resource_type: node.resource_type,
    package: node.package_name,
    path: node.original_file_path,
    folder: folderOf(node.original_file_path),
    tags: node.tags,
    description_html: markdown(node.description),
    materialized: node.resource_type === 'test' ? null : node.config.materialized ?? null,
    relation: relational ? node.relation_name : null,
    config: shownConfig(config),
    // A generic test's raw code is kiln's own call of its macro, not the user's.
    raw_code: node.test_metadata ? '' : node.raw_code,
    compiled_code: node.compiled_code ?? null,
    columns: columnsOf(node.columns, catalog, tests.get(node.unique_id), node.lineage),
    depends_on: node.depends_on.nodes.filter((id) => present.has(id)),
    tested_by: tests.get(node.unique_id)?.all ?? [],
    run: run ? { status: run.status, execution_time: run.execution_time, rows: run.adapter_response?.rows_affected ?? null, message: run.message } : null,
    stats: statsOf(catalog),
    xy: null,
  };
}

function sourceEntry(source: SourceDefinition, catalog: CatalogTable | undefined, tests: Map<string, TestsOf>): SiteNode {
  return {
    id: source.unique_id,
    name: `${source.source_name}.${source.name}`,
    resource_type: 'source',
    package: source.package_name,
    path: source.original_file_path,
    folder: folderOf(source.original_file_path),
    tags: source.tags,
    description_html: markdown(source.description || source.source_description),
    materialized: null,
    relation: source.relation_name,
    config: source.config,
    raw_code: '',
    compiled_code: null,
    columns: columnsOf(source.columns, catalog, tests.get(source.unique_id)),
    depends_on: [],
    tested_by: tests.get(source.unique_id)?.all ?? [],
    run: null,
    stats: statsOf(catalog),
    xy: null,
  };
}

function exposureEntry(exposure: ExposureDefinition, present: Set<string>): SiteNode {
  return {
    id: exposure.unique_id,
    name: exposure.name,
    resource_type: 'exposure',
    package: exposure.package_name,
    path: exposure.original_file_path,
    folder: folderOf(exposure.original_file_path),
    tags: exposure.tags,
    description_html: markdown(exposure.description),
    materialized: null,
    relation: null,
    config: { type: exposure.type, owner: exposure.owner, maturity: exposure.maturity, url: exposure.url },
    raw_code: '',
    compiled_code: null,
    columns: [],
    depends_on: exposure.depends_on.nodes.filter((id) => present.has(id)),
    tested_by: [],
    run: null,
    stats: null,
    xy: null,
  };
}

/** YAML columns first (in their order), then columns only the warehouse or lineage knows. */
function columnsOf(declared: ManifestNode['columns'], catalog: CatalogTable | undefined, tests: TestsOf | undefined, lineage?: NodeLineageRecord): SiteColumn[] {
  const columns = new Map<string, SiteColumn>();
  const typeOf = new Map(Object.values(catalog?.columns ?? {}).map((c) => [c.name.toLowerCase(), c.type]));
  for (const column of Object.values(declared)) {
    columns.set(column.name.toLowerCase(), { name: column.name, type: typeOf.get(column.name.toLowerCase()) ?? column.data_type ?? null, description_html: markdown(column.description), tests: tests?.byColumn.get(column.name.toLowerCase()) ?? [] });
  }
  const extra = [...Object.values(catalog?.columns ?? {}).sort((a, b) => a.index - b.index).map((c) => c.name), ...(lineage?.columns.map((c) => c.name) ?? [])];
  for (const name of extra) {
    const key = name.toLowerCase();
    if (!columns.has(key)) columns.set(key, { name, type: typeOf.get(key) ?? null, description_html: markdown(catalog?.columns[name]?.comment ?? ''), tests: tests?.byColumn.get(key) ?? [] });
  }
  return [...columns.values()];
}

function statsOf(catalog: CatalogTable | undefined): SiteNode['stats'] {
  if (!catalog) return null;
  const value = (id: string): number | null => {
    const stat = catalog.stats[id];
    return stat && typeof stat.value === 'number' ? stat.value : null;
  };
  return { row_count: value('row_count'), bytes: value('bytes') };
}

interface TestsOf {
  all: string[];
  byColumn: Map<string, string[]>;
}

function testsByNode(manifest: Manifest): Map<string, TestsOf> {
  const tests = new Map<string, TestsOf>();
  for (const test of Object.values(manifest.nodes)) {
    if (test.resource_type !== 'test') continue;
    const attached = test.attached_node ?? test.depends_on.nodes.find((id) => !id.startsWith('macro.'));
    if (!attached) continue;
    const entry: TestsOf = tests.get(attached) ?? { all: [], byColumn: new Map() };
    entry.all.push(test.unique_id);
    if (test.column_name) {
      const key = test.column_name.toLowerCase();
      entry.byColumn.set(key, [...(entry.byColumn.get(key) ?? []), test.test_metadata?.name ?? test.name]);
    }
    tests.set(attached, entry);
  }
  return tests;
}

function folderOf(path: string): string {
  const folder = dirname(path);
  return folder === '.' ? '' : folder;
}

function markdown(text: string | undefined): string {
  if (!text) return '';
  return marked.parse(text, { async: false, gfm: true });
}
