/**
 * Parsed nodes in dbt's manifest shape. See types.ts for why fields are snake_case.
 */
import type { ConfigMap, ResourceType } from './types.js';

export interface RefCall {
  name: string;
  package?: string;
  version?: string | number;
}

export interface ColumnInfo {
  name: string;
  description: string;
  meta: Record<string, unknown>;
  data_type?: string;
  constraints: unknown[];
  quote?: boolean;
  tags: string[];
}

export interface NodeConfig extends ConfigMap {
  enabled: boolean;
  materialized: string;
  tags: string[];
  meta: Record<string, unknown>;
  schema?: string;
  database?: string;
  alias?: string;
  pre_hook: HookConfig[];
  post_hook: HookConfig[];
}

export interface HookConfig {
  sql: string;
  transaction: boolean;
  index?: number;
}

export interface TestMetadata {
  name: string;
  namespace?: string | null;
  kwargs: Record<string, unknown>;
}

/** Every executable or documentable node: model, seed, snapshot, test, analysis, unit test. */
export interface ManifestNode {
  unique_id: string;
  resource_type: ResourceType;
  package_name: string;
  name: string;
  /** Path inside its resource folder (dbt's `path`). */
  path: string;
  /** Path from the package root. */
  original_file_path: string;
  /** Absolute file path, for error messages. */
  abs_path: string;
  fqn: string[];
  raw_code: string;
  /** `typescript` for `.ts`/`.mjs` models, whose raw_code is the module's source. */
  language: 'sql' | 'typescript';
  checksum: { name: 'sha256' | 'path'; checksum: string };
  config: NodeConfig;
  tags: string[];
  meta: Record<string, unknown>;
  description: string;
  columns: Record<string, ColumnInfo>;
  docs: { show: boolean; node_color?: string | null };
  patch_path: string | null;
  refs: RefCall[];
  sources: [string, string][];
  metrics: string[][];
  depends_on: { macros: string[]; nodes: string[] };
  database: string;
  schema: string;
  alias: string;
  relation_name: string | null;
  /** Generic tests only. */
  test_metadata?: TestMetadata;
  column_name?: string | null;
  attached_node?: string | null;
  /** Snapshots declared as `{% snapshot %}` blocks carry the block body here. */
  block_body?: string;
  /** Versioned models. */
  version?: string | number | null;
  latest_version?: string | number | null;
  /** Unit tests. */
  unit_test?: UnitTestDefinition;
  /** Set when compiled. */
  compiled_code?: string;
  compiled?: boolean;
  extra_ctes?: { id: string; sql: string }[];
  /** True when the fast static scan fully described the node and no render was needed at parse time. */
  parsed_statically?: boolean;
  /** Contract info (dbt shape). */
  contract?: { enforced: boolean; alias_types: boolean; checksum?: string | null };
  constraints?: unknown[];
  group?: string | null;
  access?: string;
  /** Column lineage, set by `kiln lineage` and `kiln docs generate` (src/lineage/). */
  lineage?: NodeLineageRecord;
}

/** A node's column lineage as the manifest stores it (see src/lineage/projectLineage.ts). */
export interface NodeLineageRecord {
  columns: { name: string; from: { node: string; column: string | null; kind: string }[] }[];
  clauses: { node: string; column: string; kind: string }[];
  reads: string[];
  resolved: boolean;
  warnings: string[];
}

export interface UnitTestDefinition {
  model: string;
  given: { input: string; rows?: unknown; format: 'dict' | 'csv' | 'sql'; fixture?: string }[];
  expect: { rows?: unknown; format: 'dict' | 'csv' | 'sql'; fixture?: string };
  overrides?: { macros?: Record<string, unknown>; vars?: Record<string, unknown>; env_vars?: Record<string, unknown> };
}

export interface SourceDefinition {
  unique_id: string;
  resource_type: 'source';
  package_name: string;
  name: string;
  source_name: string;
  identifier: string;
  database: string;
  schema: string;
  loader: string;
  description: string;
  source_description: string;
  columns: Record<string, ColumnInfo>;
  meta: Record<string, unknown>;
  source_meta: Record<string, unknown>;
  tags: string[];
  config: ConfigMap & { enabled: boolean };
  loaded_at_field: string | null;
  freshness: FreshnessRule | null;
  quoting: Record<string, boolean | undefined>;
  path: string;
  original_file_path: string;
  abs_path: string;
  line?: number;
  fqn: string[];
  relation_name: string;
  external?: unknown;
}

export interface FreshnessRule {
  warn_after?: { count: number; period: 'minute' | 'hour' | 'day' } | null;
  error_after?: { count: number; period: 'minute' | 'hour' | 'day' } | null;
  filter?: string | null;
}

export interface MacroDefinition {
  unique_id: string;
  resource_type: 'macro';
  package_name: string;
  name: string;
  path: string;
  original_file_path: string;
  abs_path: string;
  macro_sql: string;
  /** First line of the macro in its file (1-based). */
  line: number;
  description: string;
  arguments: { name: string; type?: string | null; description: string }[];
  meta: Record<string, unknown>;
  depends_on: { macros: string[] };
  /** 'macro' | 'test' | 'materialization' | 'docs' */
  kind: 'macro' | 'test' | 'materialization';
  /** For materializations: the adapter it is for ('default' for all). */
  adapter?: string;
}

export interface ExposureDefinition {
  unique_id: string;
  resource_type: 'exposure';
  package_name: string;
  name: string;
  type: string;
  owner: Record<string, unknown>;
  description: string;
  label?: string;
  maturity?: string;
  url?: string;
  meta: Record<string, unknown>;
  tags: string[];
  config: ConfigMap & { enabled: boolean };
  depends_on: { macros: string[]; nodes: string[] };
  refs: RefCall[];
  sources: [string, string][];
  path: string;
  original_file_path: string;
  fqn: string[];
}

export interface DocBlock {
  unique_id: string;
  name: string;
  package_name: string;
  block_contents: string;
  original_file_path: string;
}

/** Other YAML-declared resources kept for the manifest (semantic models, metrics, saved queries, groups). */
export interface GenericResource {
  unique_id: string;
  resource_type: string;
  package_name: string;
  name: string;
  original_file_path: string;
  fqn: string[];
  depends_on: { macros: string[]; nodes: string[] };
  [key: string]: unknown;
}

export interface Manifest {
  nodes: Record<string, ManifestNode>;
  sources: Record<string, SourceDefinition>;
  macros: Record<string, MacroDefinition>;
  docs: Record<string, DocBlock>;
  exposures: Record<string, ExposureDefinition>;
  semantic_models: Record<string, GenericResource>;
  metrics: Record<string, GenericResource>;
  saved_queries: Record<string, GenericResource>;
  groups: Record<string, GenericResource>;
  unit_tests: Record<string, ManifestNode>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
  disabled: Record<string, (ManifestNode | SourceDefinition)[]>;
}

/** Anything selectable by --select. */
export type GraphMember = ManifestNode | SourceDefinition | ExposureDefinition;
